// The pure core of the frame writer: the previous frame and the next one in, the bytes that turn
// the one into the other out. Unchanged lines cost a string comparison and nothing else; changed
// lines are compared cell by cell and only the changed runs are written, cursor-addressed.
import { blankRow, parseLine, StyleTable, type CellRow } from './cells.js';

export interface FrameSize {
  columns: number;
  rows: number;
}

/** Two changed runs closer than this many equal cells are written as one (a jump costs ~8 bytes). */
const MERGE_GAP = 8;

const cup = (row: number, col: number) => (col === 0 ? `\x1b[${row + 1}H` : `\x1b[${row + 1};${col + 1}H`);

export class FrameDiffer {
  private styles = new StyleTable();
  private lines: string[] = [];
  private cells: CellRow[] = [];
  private size: FrameSize = { columns: 0, rows: 0 };
  private dirty = true;

  /** The next frame repaints everything (the terminal was cleared, or its contents are unknown). */
  invalidate(): void {
    this.dirty = true;
  }

  /**
   * Bytes that take the terminal from the last frame to `lines` (one string per row, SGR-styled;
   * rows past `size.rows` are ignored, missing rows are blank). '' when nothing visible changed.
   * The terminal is left with default attributes; the cursor wherever the last write ended.
   */
  next(lines: readonly string[], size: FrameSize): string {
    let out = '';
    const { columns, rows } = size;
    if (this.dirty || columns !== this.size.columns || rows !== this.size.rows) {
      this.dirty = false;
      this.size = { columns, rows };
      this.lines = new Array<string>(rows).fill('');
      const blank = blankRow(columns);
      this.cells = new Array<CellRow>(rows).fill(blank);
      // Styles seen by an older size are as good as new ones, but the table must not grow forever.
      this.styles = new StyleTable();
      out = '\x1b[0m\x1b[H\x1b[2J';
    }
    for (let r = 0; r < rows; r++) {
      const line = lines[r] ?? '';
      if (line === this.lines[r]) continue;
      const next = parseLine(line, columns, this.styles);
      out += this.rowBytes(r, this.cells[r]!, next);
      this.lines[r] = line;
      this.cells[r] = next;
    }
    return out;
  }

  private rowBytes(r: number, prev: CellRow, next: CellRow): string {
    const n = next.chars.length;
    const same = (i: number) => prev.chars[i] === next.chars[i] && prev.styles[i] === next.styles[i];
    // Where the next row is blank to its end: one erase instead of spaces.
    let blankFrom = n;
    while (blankFrom > 0 && next.chars[blankFrom - 1] === ' ' && next.styles[blankFrom - 1] === 0) blankFrom--;
    let out = '';
    let style = 0;
    let i = 0;
    while (i < n) {
      if (same(i)) {
        i++;
        continue;
      }
      // A changed run, extended over small gaps of equal cells.
      let end = i + 1;
      for (let j = end; j < n; j++) {
        if (!same(j)) end = j + 1;
        else if (j - end >= MERGE_GAP) break;
      }
      // Never start or stop inside a wide char, in either version of the row.
      let a = i;
      while (a > 0 && (next.chars[a] === '' || prev.chars[a] === '')) a--;
      let b = end;
      while (b < n && (next.chars[b] === '' || prev.chars[b] === '')) b++;
      out += cup(r, a);
      const stop = b >= blankFrom ? blankFrom : b;
      for (let c = a; c < stop; c++) {
        const ch = next.chars[c]!;
        if (ch === '') continue;
        const s = next.styles[c]!;
        if (s !== style) {
          out += this.styles.sequence(s);
          style = s;
        }
        out += ch;
      }
      if (stop < b) {
        if (style !== 0) out += '\x1b[0m';
        style = 0;
        out += '\x1b[K';
        break;
      }
      i = b;
    }
    if (style !== 0) out += '\x1b[0m';
    return out;
  }
}
