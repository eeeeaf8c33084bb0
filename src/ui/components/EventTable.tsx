// The table: a title row and only the visible rows, each one pre-built string (rows.ts) in one
// <Text>, so drawing cost depends on the terminal height, never on the number of groups.
import { Box, Text } from 'ink';
import type { EventGroup } from '../../store/aggregate.js';
import { renderHeaderRow, renderRow, type Highlights, type Layout } from '../rows.js';
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

export function tableLines(p: EventTableProps): string[] {
  const lines: string[] = [p.theme.bold(renderHeaderRow(p.layout))];
  for (let i = 0; i < p.rows.length; i++) {
    const g = p.rows[i]!;
    const selected = p.top + i === p.cursor;
    const fresh = p.freshness?.(g);
    const line = renderRow(g, p.layout, p.now, { selected, fresh, highlights: p.highlights?.(g) });
    // Trailing blanks cost Ink per character and show nothing (except under the cursor's inverse).
    lines.push(p.theme.row(selected ? line : { ...line, text: line.text.trimEnd() }, g.severity, { selected, fresh }));
  }
  if (p.total === 0 && p.height > 0) lines.push(p.theme.tone('muted', fitToWidth(`  ${p.empty}`, p.layout.width)));
  return lines;
}

export function EventTable(p: EventTableProps) {
  const lines = tableLines(p);
  return (
    <Box flexDirection="column" height={p.height + 1}>
      {lines.map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
    </Box>
  );
}
