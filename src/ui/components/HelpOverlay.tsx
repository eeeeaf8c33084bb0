// Every key, generated from the key table (so it cannot drift from what the keys do), laid out in
// columns of whole sections as k9s does, so that at 120×40 every key is on the one screen. The
// title line stays put and says when the rest scrolls.
import { Box, Text } from 'ink';
import { helpLines, type Mode } from '../keymap.js';
import { displayWidth, fitToWidth } from '../../model/width.js';
import { wrapText } from '../rows.js';
import type { Theme } from '../theme.js';

export interface HelpOverlayProps {
  width: number;
  height: number;
  scroll: number;
  theme: Theme;
}

/** A line of the help: bold for titles. */
interface HelpRow {
  text: string;
  bold?: boolean;
}

const MODE_NOTE: Record<Mode, string> = { table: '', filter: 'while filtering', detail: 'in detail', help: 'in help', summary: 'in the summary', command: 'on the command line', status: 'in :status', confirm: 'if asked' };
const TITLE = 'Keys (Esc, ? or q closes)';
const SCROLL_HINT = 'scrolls: j/k, PgDn/PgUp';
/** Narrower than this, a column wraps most lines; one column then. */
const MIN_COLUMN = 38;
const GAP = 2;

/** Where a binding works, when its section does not already say so. */
function whereNote(section: string, modes: readonly Mode[]): string {
  if (modes.length !== 1 || modes[0] === 'table') return '';
  if ((section === 'Filter' && modes[0] === 'filter') || (section === 'Summary' && modes[0] === 'summary') || (section === 'Command' && modes[0] === 'command')) return '';
  return ` (${MODE_NOTE[modes[0]!]})`;
}

/**
 * The keys as pieces that stay together in a column, `width` wide: a section's title with its
 * first binding, each further binding (wrapped), and a blank line between sections.
 */
function keyPieces(width: number): Array<{ lines: string[]; blank?: boolean }> {
  const lines = helpLines();
  const keyWidth = Math.min(14, Math.max(...lines.map((l) => displayWidth(l.keys))));
  const pieces: Array<{ lines: string[]; blank?: boolean }> = [];
  let section = '';
  for (const l of lines) {
    const entry = wrapText(`${fitToWidth(l.keys, keyWidth)} ${l.help}${whereNote(l.section, l.modes)}`, width, ' '.repeat(keyWidth + 1));
    if (l.section !== section) {
      if (section !== '') pieces.push({ lines: [''], blank: true });
      section = l.section;
      pieces.push({ lines: [section, ...entry] });
    } else pieces.push({ lines: entry });
  }
  return pieces;
}

/** Flows pieces down `n` columns, in order, as short as they can be (no column starts blank). */
function flow(pieces: Array<{ lines: string[]; blank?: boolean }>, n: number): string[][] {
  const total = pieces.reduce((a, p) => a + p.lines.length, 0);
  for (let limit = Math.ceil(total / n); ; limit++) {
    const columns: string[][] = [[]];
    for (const p of pieces) {
      let col = columns[columns.length - 1]!;
      if (col.length + p.lines.length > limit && col.length > 0) columns.push((col = []));
      if (p.blank === true && col.length === 0) continue;
      col.push(...p.lines);
    }
    if (columns.length <= n || limit >= total) return columns;
  }
}

const PROSE = [
  'Columns: TYPE is the event\'s Kubernetes type (Normal, Warning) as kubectl prints it. S is the severity tier kevtui gives it from type and reason: C critical (node or kernel taking capacity away: OOM, eviction, NotReady), E error (a workload failing: crash loops, image pulls, probes, scheduling), W warning (any other Warning, and Normal reports of bad node states such as NodeNotReady), blank for normal. Rows are coloured by tier. Warnings (the header figure, w, type:warning) count Warning-type groups; sev:error selects tiers. Under the table: the selected row\'s component, object and whole message. Left of the age: + new, * changed, x expired (every event deleted by the server\'s TTL; kept for the session, :expired off hides them).',
  'Triage order (the default): warning-tier groups seen in the last 5 minutes, then those of the last hour, each worst tier first; then everything else by last seen. While following, rows keep their place for 3 s at a time (counts and ages update in place, new groups appear below); Space pauses.',
  'Filter: free words match reason, message, Kind/name, namespace or component (as a substring, or fuzzily on word starts: "fsched" finds FailedScheduling). Field tokens: reason: ns: kind: obj: msg: comp: type: sev:error. A leading - negates a word or token.',
];

/** Everything below the title line: the key columns, then what the columns and orders mean. */
function helpRows(width: number): HelpRow[] {
  const n = Math.max(1, Math.min(3, Math.floor((width + GAP) / (MIN_COLUMN + GAP))));
  const colWidth = Math.floor((width - GAP * (n - 1)) / n);
  const titles = new Set(helpLines().map((l) => l.section as string));
  const columns = flow(keyPieces(colWidth), n);
  const rows: HelpRow[] = [];
  const tall = Math.max(...columns.map((c) => c.length));
  for (let r = 0; r < tall; r++) {
    const cells = columns.map((c) => c[r] ?? '');
    const text = cells.map((c, i) => (i < cells.length - 1 ? fitToWidth(c, colWidth) + ' '.repeat(GAP) : c)).join('').trimEnd();
    // A row of only section titles is bold; titles sharing a row with keys stay plain.
    rows.push({ text, bold: cells.every((c) => c === '' || titles.has(c)) });
  }
  for (const p of PROSE) {
    rows.push({ text: '' });
    rows.push(...wrapText(p, width, '  ').map((text) => ({ text })));
  }
  return rows;
}

/** All help lines (unpainted), the title first. */
export function helpText(width: number): string[] {
  return [TITLE, ...helpRows(width).map((r) => r.text)];
}

export function HelpOverlay(p: HelpOverlayProps) {
  const rows = helpRows(p.width);
  const page = Math.max(0, p.height - 1);
  const top = Math.max(0, Math.min(p.scroll, rows.length - page));
  const scrolls = rows.length > page;
  const where = scrolls ? `   ${SCROLL_HINT} · ${top + 1}–${Math.min(rows.length, top + page)} of ${rows.length}` : '';
  const shown = rows.slice(top, top + page);
  while (shown.length < page) shown.push({ text: '' });
  return (
    <Box flexDirection="column" height={p.height}>
      {p.height > 0 && <Text>{p.theme.bold(fitToWidth(`${TITLE}${where}`, p.width))}</Text>}
      {shown.map((l, i) => (
        <Text key={i}>{l.bold === true && l.text !== '' ? p.theme.bold(fitToWidth(l.text, p.width)) : fitToWidth(l.text, p.width)}</Text>
      ))}
    </Box>
  );
}

/** Lines the help scrolls over (the title line included: it takes one row of the page). */
export function helpLineCount(width: number): number {
  return helpText(width).length;
}
