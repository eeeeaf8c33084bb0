// The table: a title row and only the visible rows, each one pre-built string (rows.ts) in one
// <Text>, so drawing cost depends on the terminal height, never on the number of groups. The
// full-screen run takes the same lines (tableBoxLines) past Ink (App, RowOverlay). A row's styled
// line is rebuilt only when something it shows changed.
import { useRef } from 'react';
import { Box, Text } from 'ink';
import type { EventGroup } from '../../store/aggregate.js';
import { formatAge, renderHeaderRow, renderRow, seenText, type Highlights, type Layout } from '../rows.js';
import { fitToWidth } from '../../model/width.js';
import type { Theme } from '../theme.js';

export interface EventTableProps {
  /** Only the visible rows (never the whole list: props are cheap to pass, and React's
   *  development build walks changed props). */
  rows: readonly EventGroup[];
  /** Index of rows[0] in the whole list, and the cursor's index there. */
  top: number;
  cursor: number;
  /** Length of the whole list. */
  total: number;
  /** Rows below the title row. */
  height: number;
  layout: Layout;
  now: number;
  theme: Theme;
  highlights?: ((g: EventGroup) => Highlights | undefined) | undefined;
  freshness?: ((g: EventGroup) => 'new' | 'changed' | undefined) | undefined;
  /** Shown when there are no rows (no events yet / no match / loading…). */
  empty: string;
}

/**
 * Styled lines per group, valid for one layout and theme: a line is reused while its inputs (the
 * group's version, the age texts at this clock, cursor, freshness, highlights) are the same.
 * Entries of groups no longer on screen are dropped on the next sweep.
 */
export class RowCache {
  private layout: Layout | undefined;
  private theme: Theme | undefined;
  private lines = new Map<EventGroup, { key: string; line: string }>();
  private old = new Map<EventGroup, { key: string; line: string }>();

  line(g: EventGroup, p: EventTableProps, selected: boolean): string {
    if (p.layout !== this.layout || p.theme !== this.theme) {
      this.layout = p.layout;
      this.theme = p.theme;
      this.lines.clear();
      this.old.clear();
    }
    const fresh = p.freshness?.(g);
    const highlights = p.highlights?.(g);
    const ages = p.layout.wide ? `${seenText(g, p.now)}\u0000${formatAge(g.firstSeen, p.now)}` : formatAge(g.lastSeen, p.now);
    const key = `${g.changedVersion}\u0000${ages}\u0000${selected}\u0000${fresh}\u0000${highlightKey(highlights)}`;
    const hit = this.lines.get(g) ?? this.old.get(g);
    if (hit !== undefined && hit.key === key) {
      this.lines.set(g, hit);
      return hit.line;
    }
    const row = renderRow(g, p.layout, p.now, { selected, fresh, highlights });
    // Trailing blanks cost Ink per character and show nothing (except under the cursor's inverse).
    const line = p.theme.row(selected ? row : { ...row, text: row.text.trimEnd() }, g.severity, { selected, fresh, expired: g.expired });
    this.lines.set(g, { key, line });
    return line;
  }

  /** After a frame's lines: what was not used this frame or the last one goes. */
  sweep(): void {
    this.old = this.lines;
    this.lines = new Map();
  }
}

function highlightKey(h: Highlights | undefined): string {
  if (h === undefined) return '';
  let k = '';
  for (const [field, positions] of h) k += `${field}:${positions.join(',')};`;
  return k;
}

export function tableLines(p: EventTableProps, cache = new RowCache()): string[] {
  const lines: string[] = [p.theme.bold(renderHeaderRow(p.layout))];
  for (let i = 0; i < p.rows.length; i++) lines.push(cache.line(p.rows[i]!, p, p.top + i === p.cursor));
  cache.sweep();
  if (p.total === 0 && p.height > 0) lines.push(p.theme.tone('muted', fitToWidth(`  ${p.empty}`, p.layout.width)));
  return lines;
}

/** The table's box as drawn: exactly height + 1 lines (the blank ones ''). */
export function tableBoxLines(p: EventTableProps, cache: RowCache): string[] {
  const lines = tableLines(p, cache);
  while (lines.length < p.height + 1) lines.push('');
  return lines;
}

export function EventTable(p: EventTableProps) {
  const cache = useRef<RowCache | null>(null);
  cache.current ??= new RowCache();
  const lines = tableLines(p, cache.current);
  return (
    <Box flexDirection="column" height={p.height + 1}>
      {lines.map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
    </Box>
  );
}
