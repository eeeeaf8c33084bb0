// Server text is hostile: event messages, names and annotations are written by anyone who may
// create events. Everything the terminal will print goes through sanitize() once, at the border
// (model/normalize), so nothing downstream needs to think about escapes, bidi tricks or size.

export { displayWidth, truncateToWidth, fitToWidth } from './width.js';

/** Longest string (UTF-16 units) kept; longer ones are cut and end in an ellipsis. */
export const MAX_TEXT_LENGTH = 32 * 1024;

/** What a line break becomes: visible, one line, and distinguishable from ordinary spaces. */
export const NEWLINE_MARKER = ' ⏎ ';

// Anything that could need work. Clean text (the common case) is one test of this and returned
// as is. In /u mode [\uD800-\uDFFF] only matches *lone* surrogates; valid pairs are one code point.
const NEEDS_WORK =
  /[\x00-\x1f\x7f-\x9f\p{Cf}\u115f\u1160\u2028\u2029\u3164\uffa0\ud800-\udfff]/u;

// Whole escape sequences, 7-bit and 8-bit (C1) forms, removed so their parameters do not leak into
// the text as garbage like "31m". String bodies stop at the next introducer so that unterminated
// bodies cannot make this quadratic; an unterminated one loses only its introducer (below) and its
// body stays as harmless text.
const ESCAPE_SEQUENCE = new RegExp(
  [
    '(?:\\x1b\\[|\\x9b)[\\x30-\\x3f]*[\\x20-\\x2f]*[\\x40-\\x7e]', // CSI: colours, cursor moves, erase
    '(?:\\x1b\\]|\\x9d)[^\\x07\\x1b\\x90\\x98\\x9b-\\x9f]*(?:\\x07|\\x1b\\\\|\\x9c)', // OSC: titles, OSC 8 links, OSC 52 clipboard
    '(?:\\x1b[PX^_]|[\\x90\\x98\\x9e\\x9f])[^\\x1b\\x90\\x98\\x9b-\\x9f]*(?:\\x1b\\\\|\\x9c)', // DCS, SOS, PM, APC
    '\\x1b[\\x20-\\x2f]*[\\x30-\\x7e]', // two-char and nF escapes: ESC c (reset), ESC 7, ESC ( B
  ].join('|'),
  'g',
);

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;
const TAB = /\t/g;

// Every other control or invisible character: C0, DEL, C1, every Unicode format character
// (\p{Cf}: soft hyphen, bidi marks/embeddings/overrides/isolates, zero-width space/non-joiner,
// word joiner, invisible operators, BOM, interlinear annotations, tag characters, Arabic number
// signs…), the Mongolian vowel separator, Hangul fillers (blank look-alikes), lone surrogates.
// ZWJ (U+200D) is handled separately so emoji ZWJ sequences survive.
const INVISIBLE = /(?!\u200d)[\x00-\x1f\x7f-\x9f\p{Cf}\u115f\u1160\u180e\u3164\uffa0\ud800-\udfff]/gu;

// A ZWJ is kept only between two pictographs (optionally after a skin tone or VS16), i.e. inside
// an emoji ZWJ sequence like 👩🏽‍💻; anywhere else it is an invisible spoofing aid.
const STRAY_ZWJ = /(?<!\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}\ufe0f]?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/** Printable, single-line, length-capped text. Non-strings: numbers/booleans as text, else ''. */
export function sanitize(s: unknown): string {
  if (typeof s !== 'string') {
    return typeof s === 'number' || typeof s === 'boolean' || typeof s === 'bigint' ? String(s) : '';
  }
  if (s.length <= MAX_TEXT_LENGTH && !NEEDS_WORK.test(s)) return s;
  return clean(s);
}

function clean(input: string): string {
  // Bound the regex work for absurd input before doing anything else.
  let cut = input.length > 4 * MAX_TEXT_LENGTH;
  let s = cut ? input.slice(0, 4 * MAX_TEXT_LENGTH) : input;
  s = s
    .replace(ESCAPE_SEQUENCE, '')
    .replace(LINE_BREAK, NEWLINE_MARKER)
    .replace(TAB, ' ')
    .replace(INVISIBLE, '');
  if (s.includes('\u200d')) s = s.replace(STRAY_ZWJ, '');
  if (s.length > MAX_TEXT_LENGTH) {
    let end = MAX_TEXT_LENGTH - 1;
    const c = s.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff) end--; // never leave half a surrogate pair
    s = s.slice(0, end);
    cut = true;
  }
  return cut ? s + '…' : s;
}

const MAX_DEPTH = 64;

/**
 * A JSON value with every string and key sanitised. Copy-on-write: subtrees that needed no change
 * are shared with the input (the common case costs a walk, not an allocation), so treat both the
 * input and the result as immutable. Non-JSON values become null; nesting deeper than 64 becomes '…'.
 */
export function sanitizeDeep(value: unknown): unknown {
  return deep(value, 0);
}

function deep(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
      return sanitize(v);
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'boolean':
      return v;
    case 'object':
      if (v === null) return null;
      if (depth >= MAX_DEPTH) return '…';
      return Array.isArray(v) ? deepArray(v, depth + 1) : deepObject(v as Record<string, unknown>, depth + 1);
    default:
      return null;
  }
}

function deepArray(a: readonly unknown[], depth: number): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = deep(x, depth);
    if (out === undefined && y !== x) out = a.slice(0, i);
    if (out !== undefined) out.push(y);
  }
  return out ?? (a as unknown[]);
}

function deepObject(o: Record<string, unknown>, depth: number): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  // for…in walks the enum cache without allocating a key array (JSON objects have no inherited
  // enumerable keys); on the first change the keys before it are copied over.
  for (const k in o) {
    const x = o[k];
    const k2 = CLEAN_KEYS.has(k) ? k : sanitizeKey(k);
    const y = deep(x, depth);
    if (out === undefined && (k2 !== k || y !== x)) {
      out = {};
      for (const j in o) {
        if (j === k) break;
        define(out, j, o[j]);
      }
    }
    if (out !== undefined) define(out, k2, y);
  }
  return out ?? o;
}

// Keys are a small vocabulary (the Event schema, plus label/annotation keys) and JSON.parse
// interns them, so a set lookup beats re-testing them on every event. Bounded: keys beyond the
// first few thousand are simply tested each time.
const CLEAN_KEYS = new Set<string>();

function sanitizeKey(k: string): string {
  const clean = sanitize(k);
  if (clean === k && CLEAN_KEYS.size < 4096) CLEAN_KEYS.add(k);
  return clean;
}

// JSON.parse makes "__proto__" an own property; plain assignment would set the prototype instead.
function define(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
