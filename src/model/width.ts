// Terminal column arithmetic for sanitised text: CJK and emoji take two columns, combining marks
// none. Cuts happen only between grapheme clusters, so a wide char or an emoji sequence is never
// split and a row never overflows its cell.
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// Made on first use: Node 20 spends ~20 ms of its start on the first Intl.Segmenter (ICU's break
// rules), and the text of a first frame is mostly simple (below), which needs none.
let shared: Intl.Segmenter | undefined;

/** The grapheme segmenter every measure and cut shares. */
export function graphemeSegmenter(): Intl.Segmenter {
  return (shared ??= new Intl.Segmenter());
}

/**
 * Code units that are a grapheme cluster on their own when the next one is one too: printable
 * ASCII, Latin-1 and Latin Extended up to the modifier letters (no combining marks, no soft
 * hyphen), general punctuation without the zero-width, bidi and format characters, and
 * super/subscripts, currency, letterlike symbols, arrows, box drawing, blocks, shapes and misc
 * symbols (U+2100–U+2BFF). None is Extend, SpacingMark, ZWJ, Prepend, Control, Hangul or a
 * regional indicator, so a cluster boundary falls between any two of them: the segmenter is
 * only needed from the first code unit where that does not hold (·, …, ▁ and friends are common;
 * an emoji with its variation selector is not taken here: U+FE0F is not simple).
 */
export function simpleCodeUnit(c: number): boolean {
  return c <= 0x7e ? c >= 0x20 : c < 0x300 ? c >= 0xa0 && c !== 0xad : (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x2070 && c <= 0x20cf) || (c >= 0x2100 && c <= 0x2bff);
}

/** Every code unit of `s` simple: each is a cluster of its own. */
function allSimple(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!simpleCodeUnit(s.charCodeAt(i))) return false;
  return true;
}

/** Widths of grapheme clusters seen, bounded (server text could hold any number of distinct ones). */
const clusterWidths = new Map<string, number>();
const MAX_CACHED_CLUSTERS = 4096;

/** Columns of one grapheme cluster. Cached: clusters repeat (·, …, ▁, CJK, emoji) and
 *  string-width runs several Unicode-property regexes on each; frames measure them many times. */
export function clusterWidth(segment: string): number {
  if (segment.length === 1) {
    const c = segment.charCodeAt(0);
    if (c >= 0x20 && c <= 0x7e) return 1;
  }
  let w = clusterWidths.get(segment);
  if (w === undefined) {
    w = stringWidth(segment);
    if (clusterWidths.size >= MAX_CACHED_CLUSTERS) clusterWidths.clear();
    clusterWidths.set(segment, w);
  }
  return w;
}

/** Columns the (sanitised) text occupies in a terminal: string-width's, one cluster at a time. */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  // string-width strips escapes first; sanitised text has none, but keep its answer if it does.
  if (s.includes('\x1b') || s.includes('\x9b')) return stringWidth(s);
  let w = 0;
  if (allSimple(s)) for (let i = 0; i < s.length; i++) w += clusterWidth(s[i]!);
  else for (const { segment } of graphemeSegmenter().segment(s)) w += clusterWidth(segment);
  return w;
}

export interface TruncateOptions {
  /** Appended when text is cut; dropped if it does not fit itself. Default '…'. */
  ellipsis?: string;
  /** Fill with spaces to exactly `width` columns: 'end' (left-aligned) or 'start' (right-aligned). */
  pad?: 'end' | 'start';
}

/**
 * At most `width` columns of `s`, cut at a grapheme boundary and ended with the ellipsis when
 * cut. With `pad`, the result is exactly `width` columns (a wide char that no longer fits leaves a
 * padding space rather than half a glyph).
 */
export function truncateToWidth(s: string, width: number, options: TruncateOptions = {}): string {
  const w = Math.floor(width);
  if (!(w > 0)) return '';
  const ellipsis = options.ellipsis ?? '…';
  // Rows cut a few cells each, every frame: the default ellipsis is not measured each time.
  const ew = ellipsis === '…' ? 1 : displayWidth(ellipsis);
  const tail = ew <= w ? ellipsis : '';
  const budget = w - (tail === '' ? 0 : ew);
  let out: string;
  let used: number;
  // Only the first w+1 characters decide the result, so a 32 KiB message costs no more than a
  // short one: rows are formatted every frame.
  if (PRINTABLE_ASCII.test(s.length > w ? s.slice(0, w + 1) : s)) {
    if (s.length <= w) {
      out = s;
      used = s.length;
    } else {
      out = s.slice(0, budget) + tail;
      used = budget + (tail === '' ? 0 : ew);
    }
  } else {
    // Intl.Segmenter's cost grows faster than the text (a 32 KB message took seconds), so only a
    // prefix that can hold `w` columns is segmented; a prefix that ends before the text does
    // (zero-width marks galore) is widened and tried again.
    let limit = Math.min(s.length, 4 * w + 64);
    for (;;) {
      const r = cutPrefix(s.slice(0, limit), w, budget);
      if (r.cut !== undefined) {
        out = s.slice(0, r.cut) + tail;
        used = r.cutUsed + (tail === '' ? 0 : ew);
        break;
      }
      if (limit >= s.length) {
        out = s;
        used = r.used;
        break;
      }
      limit = Math.min(s.length, limit * 4);
    }
  }
  if (options.pad === undefined || used >= w) return out;
  const fill = ' '.repeat(w - used);
  return options.pad === 'end' ? out + fill : fill + out;
}

/** Where `prefix` must be cut to fit `w` columns (cut undefined: it all fits, in `used`). */
function cutPrefix(prefix: string, w: number, budget: number): { cut?: number; cutUsed: number; used: number } {
  let used = 0;
  let cut = 0;
  let cutUsed = 0;
  const clusters = allSimple(prefix) ? simpleClusters(prefix) : graphemeSegmenter().segment(prefix);
  for (const { segment, index } of clusters) {
    const sw = clusterWidth(segment);
    if (used + sw > w) return { cut, cutUsed, used };
    used += sw;
    if (used <= budget) {
      cut = index + segment.length;
      cutUsed = used;
    }
  }
  return { cutUsed, used };
}

/** The clusters of all-simple text, one code unit each, as the segmenter would give them. */
function* simpleClusters(s: string): Generator<{ segment: string; index: number }> {
  for (let i = 0; i < s.length; i++) yield { segment: s[i]!, index: i };
}

/** Exactly `width` columns: truncated with an ellipsis or padded with spaces (left-aligned). */
export function fitToWidth(s: string, width: number): string {
  return truncateToWidth(s, width, { pad: 'end' });
}
