// paintLine with its last answer kept: header and status lines are rebuilt every frame but
// rarely change, and measuring their spans (·, ▁ and friends go through the segmenter) costs
// more than comparing them.
import { paintLine, type Span, type Theme } from '../theme.js';

export class PaintMemo {
  private last: { theme: Theme; width: number; key: string; line: string } | undefined;

  paint(theme: Theme, spans: readonly Span[], width: number): string {
    let key = '';
    for (const s of spans) key += `${s.text}\u0000${s.tone ?? ''}\u0000${s.bold === true ? 1 : 0}${s.inverse === true ? 1 : 0}\u0001`;
    const had = this.last;
    if (had !== undefined && had.theme === theme && had.width === width && had.key === key) return had.line;
    const line = paintLine(theme, spans, width);
    this.last = { theme, width, key, line };
    return line;
  }
}
