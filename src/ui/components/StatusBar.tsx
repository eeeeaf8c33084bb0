// The bottom line: key hints for the current mode (from the key table) and, for a few seconds,
// the answer to the last action ("copied 212 bytes", "no related object").
import { Text } from 'ink';
import { hintsFor, type Action, type Mode } from '../keymap.js';
import { paintLine, type Span, type Theme } from '../theme.js';

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
  const left = paintLine(p.theme, spans, p.width);
  if (p.position === undefined || p.position === '') return left;
  const pos = ` ${p.position}`;
  if (pos.length >= p.width) return left;
  return paintLine(p.theme, spans, p.width - pos.length) + pos;
}

export function StatusBar(p: StatusBarProps) {
  return <Text>{statusLine(p)}</Text>;
}
