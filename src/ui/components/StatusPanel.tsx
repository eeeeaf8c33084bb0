// The `:status` view: what the source is doing and the counters behind the screen's figures
// (reconnects, relists, malformed lines, caps, evictions), one labelled line each.
import { Box, Text } from 'ink';
import { fitToWidth } from '../../model/width.js';
import { statusRows, type StatusInput } from '../status-lines.js';
import { wrapText } from '../rows.js';
import type { Theme } from '../theme.js';

export interface StatusPanelProps {
  input: StatusInput;
  width: number;
  height: number;
  theme: Theme;
}

const LABEL = 16;

export function StatusPanel({ input, width, height, theme }: StatusPanelProps) {
  const lines = [theme.bold(fitToWidth('Status (Esc or q closes)', width))];
  const valueWidth = Math.max(1, width - LABEL - 1);
  for (const [label, value] of statusRows(input)) {
    // Values are server text (already sanitised) and figures: wrapped, then coloured, so that
    // widths are measured on plain text.
    wrapText(value, valueWidth).forEach((l, i) => {
      const head = i === 0 ? theme.tone('muted', fitToWidth(label, LABEL)) : ' '.repeat(LABEL);
      lines.push(`${head} ${fitToWidth(l, valueWidth)}`);
    });
  }
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {lines.slice(0, height).map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
    </Box>
  );
}
