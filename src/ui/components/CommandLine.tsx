// The `:` line in place of the status bar: what is typed, then what Tab could complete it to.
import { Text } from 'ink';
import { paintLine, type Span, type Theme } from '../theme.js';

export interface CommandLineProps {
  text: string;
  candidates: readonly string[];
  width: number;
  theme: Theme;
}

export function commandLine(p: CommandLineProps): string {
  const spans: Span[] = [
    { text: ':', tone: 'accent', bold: true },
    { text: p.text },
    { text: '█' },
    { text: p.candidates.length > 0 ? `   ${p.candidates.slice(0, 20).join('  ')}` : '', tone: 'muted' },
  ];
  return paintLine(p.theme, spans, p.width);
}

export function CommandLine(p: CommandLineProps) {
  return <Text>{commandLine(p)}</Text>;
}
