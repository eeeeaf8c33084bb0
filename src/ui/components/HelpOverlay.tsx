// Every key, generated from the key table (so it cannot drift from what the keys do).
import { Box, Text } from 'ink';
import { helpLines, type Mode } from '../keymap.js';
import { fitToWidth } from '../../model/width.js';
import { wrapText } from '../rows.js';
import type { Theme } from '../theme.js';

export interface HelpOverlayProps {
  width: number;
  height: number;
  scroll: number;
  theme: Theme;
}

const MODE_NOTE: Record<Mode, string> = { table: '', filter: 'while filtering', detail: 'in detail', help: 'in help', summary: 'in the summary', command: 'on the command line' };

/** All help lines (unpainted): section titles, then `keys  what it does [where]`. */
export function helpText(width: number): string[] {
  const lines: string[] = ['Keys (Esc, ? or q closes)', ''];
  let section = '';
  const keyWidth = Math.min(22, Math.max(12, Math.floor(width / 5)));
  for (const l of helpLines()) {
    if (l.section !== section) {
      if (section !== '') lines.push('');
      section = l.section;
      lines.push(section);
    }
    const where = l.modes.length === 1 && l.modes[0] !== 'table' ? ` (${MODE_NOTE[l.modes[0]!]})` : '';
    lines.push(...wrapText(`  ${fitToWidth(l.keys, keyWidth)} ${l.help}${where}`, width, ' '.repeat(keyWidth + 3)));
  }
  lines.push('');
  lines.push(...wrapText('Columns: TYPE is the event\'s Kubernetes type (Normal, Warning) as kubectl prints it. S is the severity tier kevtui gives it from type and reason: C critical (node or kernel taking capacity away: OOM, eviction, NotReady), E error (a workload failing: crash loops, image pulls, probes, scheduling), W warning (any other Warning, and Normal reports of bad node states such as NodeNotReady), blank for normal. Rows are coloured by tier. Warnings (the header figure, w, type:warning) count Warning-type groups; sev:error selects tiers. Under the table: the selected row\'s component, object and whole message.', width, '  '));
  lines.push('');
  lines.push(...wrapText('Triage order (the default): warning-tier groups seen in the last 5 minutes, then those of the last hour, each worst tier first; then everything else by last seen. While following, rows keep their place for 3 s at a time (counts and ages update in place, new groups appear below); Space pauses.', width, '  '));
  lines.push('');
  lines.push(...wrapText('Filter: free words match reason, message, Kind/name, namespace or component (as a substring, or fuzzily on word starts: "fsched" finds FailedScheduling). Field tokens: reason: ns: kind: obj: msg: comp: type: sev:error. A leading - negates a word or token.', width, '  '));
  return lines;
}

export function HelpOverlay(p: HelpOverlayProps) {
  const all = helpText(p.width);
  const top = Math.max(0, Math.min(p.scroll, all.length - p.height));
  const shown = all.slice(top, top + p.height);
  while (shown.length < p.height) shown.push('');
  return (
    <Box flexDirection="column" height={p.height}>
      {shown.map((l, i) => (
        <Text key={i}>{i + top === 0 || /^[A-Z][a-z]+$/.test(l) ? p.theme.bold(fitToWidth(l, p.width)) : fitToWidth(l, p.width)}</Text>
      ))}
    </Box>
  );
}

export function helpLineCount(width: number): number {
  return helpText(width).length;
}
