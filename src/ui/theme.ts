// Colours and emphasis as plain SGR strings, so a table row stays one pre-built string in one
// <Text>. Only the 8 basic foreground colours (readable on 16-colour terminals; no yellow text,
// which vanishes on white; severity also marked in the one-letter SEV column). Three themes:
// dark (the default), light (blue instead of cyan, which is faint on white) and mono: no colours,
// as with NO_COLOR / --no-color, while inverse (cursor), bold and underline (matches) stay, as
// no-color.org allows.
import type { Severity } from '../model/severity.js';
import type { RowLine } from './rows.js';
import { displayWidth, truncateToWidth } from '../model/width.js';
import type { ThemeName } from '../config/schema.js';

export type { ThemeName } from '../config/schema.js';

export type Tone = 'critical' | 'error' | 'warning' | 'normal' | 'accent' | 'muted' | 'ok';

export interface RowState {
  selected: boolean;
  fresh?: 'new' | 'changed' | undefined;
  /** Every event deleted: the row is dimmed (the gutter's `x` says it without colour). */
  expired?: boolean | undefined;
}

export interface Theme {
  readonly color: boolean;
  /** A table row with severity colours, cursor inverse and underlined matches. */
  row(line: RowLine, severity: Severity, state: RowState): string;
  tone(tone: Tone, text: string): string;
  bold(text: string): string;
  inverse(text: string): string;
  underline(text: string): string;
}

const ESC = '\x1b[';
const RESET = '\x1b[0m';

// Foreground codes. Warning is magenta rather than yellow: yellow text vanishes on light themes.
const DARK: Readonly<Record<Tone, string>> = {
  critical: '31;1',
  error: '31',
  warning: '35',
  normal: '',
  accent: '36',
  muted: '2',
  ok: '32',
};
// On white, cyan and green are pale (xterm's 00cdcd and 00cd00): blue for accents, dark green
// kept but bold so it stays legible; red and magenta read on both.
const LIGHT: Readonly<Record<Tone, string>> = { ...DARK, accent: '34', ok: '32;1' };
// Without colour, critical still stands out in bold.
const MONO: Readonly<Record<Tone, string>> = { critical: '1', error: '', warning: '', normal: '', accent: '', muted: '', ok: '' };
const PALETTES: Readonly<Record<ThemeName, Readonly<Record<Tone, string>>>> = { dark: DARK, light: LIGHT, mono: MONO };

const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'critical', error: 'error', warning: 'warning', normal: 'normal' };

function sgr(codes: string, text: string): string {
  return codes === '' || text === '' ? text : `${ESC}${codes}m${text}${RESET}`;
}

/** `color` false (NO_COLOR, --no-color) means mono whatever the theme. */
export function createTheme(color: boolean, name: ThemeName = 'dark'): Theme {
  const palette = PALETTES[color ? name : 'mono'];
  color = palette !== MONO;
  const toneCodes = (t: Tone): string => palette[t];
  const freshCodes = color ? `${palette.accent};1` : '1';
  return {
    color,
    tone: (t, text) => sgr(toneCodes(t), text),
    bold: (text) => sgr('1', text),
    inverse: (text) => sgr('7', text),
    underline: (text) => sgr('4', text),
    row(line, severity, state) {
      const sevCodes = toneCodes(SEVERITY_TONE[severity]);
      const base = state.selected ? '7' : '';
      // Boundaries of cells and marks; each piece gets one style.
      const cuts = new Set<number>([0, line.text.length]);
      for (const c of line.cells) {
        cuts.add(c.start);
        cuts.add(c.end);
      }
      for (const [s, e] of line.marks) {
        cuts.add(s);
        cuts.add(e);
      }
      const markers = line.markers ?? [];
      for (const [s, e] of markers) {
        cuts.add(s);
        cuts.add(e);
      }
      const points = [...cuts].sort((a, b) => a - b);
      let out = '';
      let cellIndex = 0;
      let markIndex = 0;
      let markerIndex = 0;
      for (let i = 0; i + 1 < points.length; i++) {
        const from = points[i]!;
        const to = points[i + 1]!;
        while (cellIndex < line.cells.length && line.cells[cellIndex]!.end <= from) cellIndex++;
        while (markIndex < line.marks.length && line.marks[markIndex]![1] <= from) markIndex++;
        const cell = line.cells[cellIndex];
        while (markerIndex < markers.length && markers[markerIndex]![1] <= from) markerIndex++;
        const mark = line.marks[markIndex];
        const marker = markers[markerIndex];
        const codes: string[] = [];
        if (base !== '') codes.push(base);
        if (state.expired === true && !state.selected && palette.muted !== '') codes.push(palette.muted);
        if (cell !== undefined && cell.start <= from) {
          if (cell.id === 'sev' || cell.id === 'type' || cell.id === 'reason') {
            if (sevCodes !== '') codes.push(sevCodes);
          } else if (cell.id === 'gutter' && state.fresh !== undefined) {
            codes.push(freshCodes);
          } else if (cell.id === 'age' && state.fresh !== undefined) {
            codes.push('1');
          }
        }
        // A fold's template markers in the accent colour (without colour the ‹› still read).
        if (color && marker !== undefined && marker[0] <= from && from < marker[1]) codes.push(palette.accent);
        if (mark !== undefined && mark[0] <= from && from < mark[1]) codes.push('4;1');
        out += sgr(codes.join(';'), line.text.slice(from, to));
      }
      return out;
    },
  };
}

/** Strips SGR and other CSI sequences (tests and width checks). */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '');
}

/** A piece of a status line and how it is emphasised. */
export interface Span {
  text: string;
  tone?: Tone;
  bold?: boolean;
  inverse?: boolean;
}

/** Spans cut to `width` cells (an ellipsis where cut) and padded to exactly `width`, then painted. */
export function paintLine(theme: Theme, spans: readonly Span[], width: number): string {
  let out = '';
  let used = 0;
  for (let i = 0; i < spans.length; i++) {
    const sp = spans[i]!;
    if (sp.text === '') continue;
    const room = width - used;
    if (room <= 0) break;
    const w = displayWidth(sp.text);
    const text = w <= room ? sp.text : truncateToWidth(sp.text, room);
    used += w <= room ? w : displayWidth(text);
    let painted = sp.tone !== undefined ? theme.tone(sp.tone, text) : text;
    if (sp.bold === true) painted = theme.bold(painted);
    if (sp.inverse === true) painted = theme.inverse(painted);
    out += painted;
    if (w > room) break;
  }
  return used < width ? out + ' '.repeat(width - used) : out;
}
