// The filter line: what is typed, how many groups match, and what the parser did not understand.
import { Text } from 'ink';
import { paintLine, type Span, type Theme } from '../theme.js';

export interface FilterBarProps {
  text: string;
  editing: boolean;
  matches: number;
  considered: number;
  errors: readonly string[];
  /** Rows are in match order (Ctrl-R switches to the sort order). */
  ranked?: boolean;
  /** Set while the search is still running: the share of rows scanned (0..1); the count waits. */
  progress?: number;
  width: number;
  theme: Theme;
}

export function filterLine(p: FilterBarProps): string {
  const spans: Span[] = [
    { text: '/', tone: 'accent', bold: true },
    { text: p.text },
    { text: p.editing ? '█' : '' },
    p.progress !== undefined
      ? { text: `  matching… ${Math.floor(p.progress * 100)}%`, tone: 'muted' }
      : { text: `  ${p.matches.toLocaleString('en-US')} of ${p.considered.toLocaleString('en-US')} match`, tone: p.matches === 0 ? 'warning' : 'muted' },
    { text: p.ranked ? (p.progress !== undefined ? ', best so far' : ', best first (^R: sort order)') : '', tone: 'muted' },
    { text: p.errors.length > 0 ? `  (${p.errors.join('; ')})` : '', tone: 'warning' },
    { text: p.editing && p.text === '' ? '  fuzzy words, reason:x ns:x kind:po obj:x msg:x comp:x type:x sev:error, re:x or /x/, -word, ↑ earlier' : '', tone: 'muted' },
  ];
  return paintLine(p.theme, spans, p.width);
}

export function FilterBar(p: FilterBarProps) {
  return <Text>{filterLine(p)}</Text>;
}
