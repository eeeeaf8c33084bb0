// fast-check arbitraries for hostile server text: everything a terminal could be tricked with,
// mixed with ordinary, wide and combining text.
import fc from 'fast-check';

const code = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));

const ESCAPES = [
  '\x1b[31m', '\x1b[0m', '\x1b[2J', '\x1b[H', '\x1b[?1049h', '\x1b[38;2;255;0;0m', '\x9b31m', '\x1b[', '\x1b[1;', // CSI, cut ones too
  '\x1b]0;pwned\x07', '\x1b]8;;http://evil/\x1b\\', '\x1b]52;c;Zm9v\x07', '\x9d0;t\x9c', '\x1b]', '\x1b]2;no end', // OSC
  '\x1bP1$r\x1b\\', '\x1bPq#0;2;0;0;0\x1b\\', '\x90x\x9c', '\x1bX', '\x1b^pm\x1b\\', '\x1b_apc\x1b\\', '\x1bP', // DCS, SOS, PM, APC
  '\x1bc', '\x1b7', '\x1b8', '\x1b(B', '\x1b#8', '\x1b', // two-char, nF, lone ESC
];
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u115f', '\u1160', '\u3164', '\uffa0', '\u2028', '\u2029', '\u{e0041}', '\u{e007f}'];
const WIDE = ['服务不可用', '漢字', '한국어', 'ｶﾀｶﾅ', '全角ＡＢＣ', '〇', '𠀋'];
const EMOJI = ['🚨', '👩🏽‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '❤️', '1️⃣', '🇯🇵', '🇯', '👍🏿', '🧑‍🤝‍🧑', '☕'];
const ORDINARY = ['Back-off restarting failed container ', 'pod web-7d9f8c6b5-x2k4q ', '10.0.3.17:8080', ' 512Mi ', '1m30s', ' ', '\t', '\n', '\r\n', '-', '/', '‹n›', '…', '"nginx:1.27"'];

/** One hostile piece: a control, an escape sequence, a bidi or invisible mark, or text. */
export const hostilePiece: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
  code(0x00, 0x1f), // C0
  code(0x7f, 0x9f), // DEL, C1
  code(0xd800, 0xdfff), // lone surrogates
  code(0x300, 0x36f), // combining marks
  fc.constantFrom(...ESCAPES),
  fc.tuple(fc.stringMatching(/^[0-9;?]{0,6}$/), fc.stringMatching(/^[\x20-\x2f]?$/), code(0x40, 0x7e)).map(([p, i, f]) => `\x1b[${p}${i}${f}`),
  fc.constantFrom(...BIDI),
  fc.constantFrom(...INVISIBLE),
  fc.constantFrom(...WIDE),
  fc.constantFrom(...EMOJI),
  fc.constantFrom(...ORDINARY),
);

/** Hostile text of up to `maxPieces` pieces. */
export const hostileString = (maxPieces = 24): fc.Arbitrary<string> => fc.array(hostilePiece, { maxLength: maxPieces }).map((a) => a.join(''));

/**
 * Characters the terminal must never receive from server text: C0 (tab and newline included), DEL,
 * C1, line/paragraph separators, format characters except a ZWJ inside an emoji sequence, and
 * lone surrogates (checked separately with isWellFormed).
 */
export const FORBIDDEN = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u115f\u1160\u3164\uffa0]|(?!\u200d)\p{Cf}|(?<!\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}\ufe0f]?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;

export function assertPrintable(s: string, what: string): void {
  const m = FORBIDDEN.exec(s);
  if (m !== null) throw new Error(`${what}: U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m.index} in ${JSON.stringify(s)}`);
  if (!isWellFormed(s)) throw new Error(`${what}: a lone surrogate in ${JSON.stringify(s)}`);
}

/** No lone surrogate (String.prototype.isWellFormed, which this project's lib target predates). */
export function isWellFormed(s: string): boolean {
  return !/[\ud800-\udfff]/u.test(s);
}
