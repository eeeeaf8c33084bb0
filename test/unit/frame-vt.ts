// A tiny virtual terminal for the frame writer's tests: CUP, EL, ED 2, SGR and text, autowrap
// off (a write in the last column stays there), wide chars two cells. Written independently of
// src/frame so a shared misunderstanding does not hide a bug.
import stringWidth from 'string-width';

export class VirtualTerminal {
  chars: string[][];
  styles: string[][];
  row = 0;
  col = 0;
  private attrs: string[] = [];

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.chars = Array.from({ length: rows }, () => new Array<string>(columns).fill(' '));
    this.styles = Array.from({ length: rows }, () => new Array<string>(columns).fill(''));
  }

  private style(): string {
    // Later codes of a kind win; order-independent key.
    const m = new Map<string, string>();
    for (const a of this.attrs) {
      const n = Number(a.split(';')[0]);
      const kind = n === 38 || (n >= 30 && n <= 37) || (n >= 90 && n <= 97) ? 'fg' : n === 48 || (n >= 40 && n <= 47) ? 'bg' : `f${n}`;
      m.set(kind, a);
    }
    return [...m.entries()].sort().map(([, v]) => v).join(',');
  }

  private sgr(params: string): void {
    const p = params === '' ? ['0'] : params.split(';');
    for (let i = 0; i < p.length; i++) {
      const n = Number(p[i]);
      const drop = (pred: (x: number) => boolean) => (this.attrs = this.attrs.filter((a) => !pred(Number(a.split(';')[0]))));
      if (n === 0) this.attrs = [];
      else if (n === 38 || n === 48) {
        const len = p[i + 1] === '5' ? 3 : 5;
        const v = p.slice(i, i + len).join(';');
        drop((x) => (n === 38 ? x === 38 || (x >= 30 && x <= 37) || (x >= 90 && x <= 97) : x === 48 || (x >= 40 && x <= 47)));
        this.attrs.push(v);
        i += len - 1;
      } else if (n === 39) drop((x) => x === 38 || (x >= 30 && x <= 37) || (x >= 90 && x <= 97));
      else if (n === 49) drop((x) => x === 48 || (x >= 40 && x <= 47));
      else if (n === 22) drop((x) => x === 1 || x === 2);
      else if (n >= 23 && n <= 29) drop((x) => x === n - 20);
      else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) {
        drop((x) => x === 38 || (x >= 30 && x <= 37) || (x >= 90 && x <= 97));
        this.attrs.push(String(n));
      } else if (n >= 40 && n <= 47) {
        drop((x) => x === 48 || (x >= 40 && x <= 47));
        this.attrs.push(String(n));
      } else if (!this.attrs.includes(String(n))) this.attrs.push(String(n));
    }
  }

  private erase(r: number, from: number): void {
    for (let c = from; c < this.columns; c++) {
      this.chars[r]![c] = ' ';
      this.styles[r]![c] = '';
    }
  }

  write(data: string): void {
    const re = /\x1b\[(\??)([\d;]*)([A-Za-z])|([^\x1b]+)/gy;
    let m: RegExpExecArray | null;
    let at = 0;
    while ((m = re.exec(data)) !== null) {
      at = re.lastIndex;
      if (m[4] !== undefined) {
        for (const { segment } of new Intl.Segmenter().segment(m[4])) this.put(segment);
        continue;
      }
      const [, priv, params, cmd] = m;
      if (priv === '?') continue; // modes (2026, 25, 7): no screen effect here
      if (cmd === 'H') {
        const [r = '1', c = '1'] = params!.split(';');
        this.row = Math.min(this.rows - 1, Number(r || 1) - 1);
        this.col = Math.min(this.columns - 1, Number(c || 1) - 1);
      } else if (cmd === 'K') {
        if (params !== '' && params !== '0') throw new Error(`EL ${params} not modelled`);
        this.erase(this.row, this.col);
      } else if (cmd === 'J') {
        if (params !== '2') throw new Error(`ED ${params} not modelled`);
        for (let r = 0; r < this.rows; r++) this.erase(r, 0);
      } else if (cmd === 'm') this.sgr(params!);
      else throw new Error(`CSI ${params}${cmd} not modelled`);
    }
    if (at !== data.length) throw new Error(`unparsed output at ${at}: ${JSON.stringify(data.slice(at, at + 20))}`);
  }

  private put(g: string): void {
    const w = stringWidth(g);
    if (w === 0) return;
    if (this.col + w > this.columns) {
      this.col = this.columns - w;
    }
    const r = this.chars[this.row]!;
    // Overwriting half of a wide char blanks its other half, as terminals do.
    if (r[this.col] === '' && this.col > 0) r[this.col - 1] = ' ';
    if (this.col + w < this.columns && r[this.col + w] === '') r[this.col + w] = ' ';
    r[this.col] = g;
    this.styles[this.row]![this.col] = this.style();
    for (let k = 1; k < w; k++) {
      r[this.col + k] = '';
      this.styles[this.row]![this.col + k] = this.style();
    }
    // Autowrap off: the cursor stops at the last column.
    this.col = Math.min(this.columns - 1, this.col + w);
  }

  /** Every cell as text + style, for comparisons. */
  dump(): string {
    return this.chars.map((r, i) => r.map((ch, c) => `${ch}\u0000${this.styles[i]![c]}`).join('\u0001')).join('\n');
  }

  text(): string[] {
    return this.chars.map((r) => r.join('').trimEnd());
  }

  /** What a frame must look like: each line written at the start of its row on a blank screen. */
  static of(lines: readonly string[], columns: number, rows: number): VirtualTerminal {
    const vt = new VirtualTerminal(columns, rows);
    lines.slice(0, rows).forEach((l, r) => {
      vt.write(`\x1b[0m\x1b[${r + 1};1H`);
      // Past the edge nothing shows (autowrap off): model by clipping at the last column.
      let col = 0;
      const re = /(\x1b\[[\d;]*m)|([^\x1b]+)/gy;
      let m: RegExpExecArray | null;
      while ((m = re.exec(l)) !== null) {
        if (m[1] !== undefined) vt.write(m[1]);
        else
          for (const { segment } of new Intl.Segmenter().segment(m[2]!)) {
            const w = stringWidth(segment);
            if (col + w > columns) return;
            vt.write(segment);
            col += w;
          }
      }
    });
    return vt;
  }
}
