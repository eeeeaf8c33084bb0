// The bottom line: key hints for the current mode (from the key table) and, for a few seconds,
// the answer to the last action ("copied 212 bytes", "no related object").
import { Text } from 'ink';
import { hintsFor, type Action, type Mode } from '../keymap.js';
import type { Span, Theme } from '../theme.js';
import { PaintMemo } from './paint-memo.js';

export interface StatusBarProps {
  mode: Mode;
  message?: string | undefined;
  width: number;
  theme: Theme;
  /** Right-aligned position, e.g. `12/4,210`. */
  position?: string;
  /** Labels that depend on state (space: pause or follow). */
  labels?: Partial<Record<Action, string>>;
}

export function statusLine(p: StatusBarProps): string {
  const spans: Span[] = [];
  if (p.message !== undefined && p.message !== '') {
    spans.push({ text: ` ${p.message} `, inverse: true }, { text: ' ' });
  }
  for (const h of hintsFor(p.mode)) {
    spans.push({ text: h.key, bold: true }, { text: ` ${p.labels?.[h.action] ?? h.label}  ` });
  }
  const pos = p.position === undefined || p.position === '' ? '' : ` ${p.position}`;
  if (pos === '' || pos.length >= p.width) return memo.paint(p.theme, spans, p.width);
  return memo.paint(p.theme, spans, p.width - pos.length) + pos;
}

/** The hints rarely change; the position (right of them) does. */
const memo = new PaintMemo();

export function StatusBar(p: StatusBarProps) {
  return <Text>{statusLine(p)}</Text>;
}
