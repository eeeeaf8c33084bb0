// A styled line (text + SGR escapes) as terminal cells: one grapheme and one style per column, so
// two versions of a line can be compared column by column and only the changed cells rewritten.
import { clusterWidth, graphemeSegmenter, simpleCodeUnit as simple } from '../model/width.js';

/** One row of cells, exactly `columns` long. `chars[i]` is '' for the right half of a wide char. */
export interface CellRow {
  readonly chars: string[];
  /** Style ids from the row's StyleTable; 0 is the default style. */
  readonly styles: number[];
}

/** Canonical SGR states, interned: equal looks get equal ids, whatever codes produced them. */
export class StyleTable {
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly seqs: string[] = ['\x1b[0m'];
  private readonly keys: string[] = [''];
  /** (style id, SGR params) → the style id after them: lines repeat the same few transitions. */
  private readonly steps = new Map<string, number>();

  /** The style after SGR `params` in style `from`: the state is a function of the style, so the
   *  answer is cached per pair. */
  after(from: number, params: string): number {
    const k = `${from}\u0000${params}`;
    let id = this.steps.get(k);
    if (id === undefined) {
      const state = new SgrState();
      state.apply(this.keys[from]!);
      state.apply(params);
      id = this.id(state.key());
      if (this.steps.size >= MAX_STEPS) this.steps.clear();
      this.steps.set(k, id);
    }
    return id;
  }

  id(params: string): number {
    let id = this.ids.get(params);
    if (id === undefined) {
      id = this.seqs.length;
      this.ids.set(params, id);
      this.seqs.push(`\x1b[0;${params}m`);
      this.keys.push(params);
    }
    return id;
  }

  /** The sequence that takes the terminal from any state to this style. */
  sequence(id: number): string {
    return this.seqs[id]!;
  }
}

const MAX_STEPS = 4096;

// Attribute flags by their SGR "on" code; each has one "off" code.
const FLAGS: ReadonlyArray<[on: number, off: number]> = [
  [1, 22], [2, 22], [3, 23], [4, 24], [5, 25], [7, 27], [8, 28], [9, 29], [53, 55],
];

class SgrState {
  flags = new Set<number>();
  fg = '';
  bg = '';

  apply(params: string): void {
    const p = params === '' ? [0] : params.split(';').map((x) => (x === '' ? 0 : Number(x)));
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!;
      if (c === 0) {
        this.flags.clear();
        this.fg = '';
        this.bg = '';
      } else if (c === 38 || c === 48 || c === 58) {
        const n = p[i + 1] === 5 ? 3 : p[i + 1] === 2 ? 5 : 1;
        const value = p.slice(i, i + n).join(';');
        if (c === 38) this.fg = value;
        else if (c === 48) this.bg = value;
        i += n - 1;
      } else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) this.fg = String(c);
      else if (c === 39) this.fg = '';
      else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) this.bg = String(c);
      else if (c === 49) this.bg = '';
      else if (c === 21 || c === 22) {
        this.flags.delete(1);
        this.flags.delete(2);
      } else {
        const flag = FLAGS.find(([on, off]) => on === c || off === c);
        if (flag === undefined) continue;
        if (flag[0] === c) this.flags.add(c);
        else this.flags.delete(flag[0]);
      }
    }
  }

  key(): string {
    const parts = [...this.flags].sort((a, b) => a - b).map(String);
    if (this.fg !== '') parts.push(this.fg);
    if (this.bg !== '') parts.push(this.bg);
    return parts.join(';');
  }
}

const PLAIN = /^[\x20-\x7e]*$/;

/** clusterWidth of simple code units, by code (255: not measured yet). */
const simpleWidths = new Uint8Array(0x2c00).fill(255);

function simpleWidth(c: number, ch: string): number {
  let w = simpleWidths[c]!;
  if (w === 255) simpleWidths[c] = w = clusterWidth(ch);
  return w;
}

/** A blank row: what the terminal shows after an erase. */
export function blankRow(columns: number): CellRow {
  return { chars: new Array<string>(columns).fill(' '), styles: new Array<number>(columns).fill(0) };
}

/**
 * Parses `line` into exactly `columns` cells: text past the edge is dropped (autowrap is off),
 * a short line is padded with default blanks, a wide char that does not fit leaves a default blank.
 * Escapes other than SGR carry no cells and are dropped; so are control characters.
 */
export function parseLine(line: string, columns: number, styles: StyleTable): CellRow {
  const row = blankRow(columns);
  let style = 0;
  let col = 0;
  /** One cluster of `w` ≥ 1 columns at `col`; false once it does not fit (the row is then full). */
  const place = (cluster: string, w: number): boolean => {
    if (col + w > columns) {
      // Half a glyph never shows: the last column stays blank.
      col = columns;
      return false;
    }
    row.chars[col] = cluster;
    row.styles[col] = style;
    for (let k = 1; k < w; k++) {
      row.chars[col + k] = '';
      row.styles[col + k] = style;
    }
    col += w;
    return true;
  };
  const put = (text: string) => {
    if (PLAIN.test(text)) {
      for (let i = 0; i < text.length && col < columns; i++, col++) {
        row.chars[col] = text[i]!;
        row.styles[col] = style;
      }
      return;
    }
    // Simple code units first (one cluster each), then the segmenter for the rest.
    const n = text.length;
    let i = 0;
    for (; i < n && col < columns; i++) {
      const c = text.charCodeAt(i);
      if (!simple(c) || (i + 1 < n && !simple(text.charCodeAt(i + 1)))) break;
      const ch = text[i]!;
      const w = simpleWidth(c, ch);
      if (w !== 0 && !place(ch, w)) return;
    }
    if (i >= n || col >= columns) return;
    for (const { segment } of graphemeSegmenter().segment(i === 0 ? text : text.slice(i))) {
      if (col >= columns) return;
      const w = clusterWidth(segment);
      if (w !== 0 && !place(segment, w)) return;
    }
  };
  let i = 0;
  let start = 0;
  while (i < line.length && col < columns) {
    const c = line.charCodeAt(i);
    if (c === 0x1b || c < 0x20 || c === 0x7f) {
      if (i > start) put(line.slice(start, i));
      if (c === 0x1b && line[i + 1] === '[') {
        let j = i + 2;
        while (j < line.length && !(line.charCodeAt(j) >= 0x40 && line.charCodeAt(j) <= 0x7e)) j++;
        if (line[j] === 'm') style = styles.after(style, line.slice(i + 2, j));
        i = j + 1;
      } else if (c === 0x1b && line[i + 1] === ']') {
        // OSC (e.g. a hyperlink): up to BEL or ST, no cells.
        let j = i + 2;
        while (j < line.length && line[j] !== '\x07' && !(line[j] === '\x1b' && line[j + 1] === '\\')) j++;
        i = line[j] === '\x07' ? j + 1 : j + 2;
      } else {
        i += c === 0x1b ? 2 : 1;
      }
      start = i;
    } else {
      i++;
    }
  }
  if (start < i && col < columns) put(line.slice(start, i));
  return row;
}
