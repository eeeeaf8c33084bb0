import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TEXT_LENGTH, sanitize, sanitizeDeep } from '../../src/model/sanitize.js';

/** No lone surrogate (String#isWellFormed is ES2024, beyond this project's lib). */
const wellFormed = (s: string): boolean => !/[\uD800-\uDFFF]/u.test(s);

const cases: Array<[string, string, string]> = [
  ['CSI colour', 'pod \x1b[31;1mfailed\x1b[0m now', 'pod failed now'],
  ['CSI cursor/erase', '\x1b[2J\x1b[H\x1b[?1049hscreen', 'screen'],
  ['OSC 52 clipboard (BEL)', 'a\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07b', 'ab'],
  ['OSC 52 clipboard (ST)', 'a\x1b]52;c;Y3VybA==\x1b\\b', 'ab'],
  ['OSC 8 hyperlink keeps the text', '\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\', 'click me'],
  ['OSC 0 title', '\x1b]0;pwned\x07ok', 'ok'],
  ['DCS', 'x\x1bP1$r0m\x1b\\y', 'xy'],
  ['APC / PM / SOS', '\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\ok', 'ok'],
  ['8-bit C1 CSI', '\x9b31mred\x9b0m', 'red'],
  ['8-bit OSC ended by 8-bit ST', '\x9d0;title\x9c!', '!'],
  ['8-bit DCS', '\x90q#0;2;0;0;0\x9cdone', 'done'],
  ['single-char escapes: reset, save cursor, charset', '\x1bc\x1b7\x1b(Bx', 'x'],
  ['lone ESC at the end', 'end\x1b', 'end'],
  ['unterminated OSC keeps its body as plain text', '\x1b]52;c;abc', '52;c;abc'],
  ['other C0 and DEL', 'a\x00b\x07c\x08d\x7fe', 'abcde'],
  ['other C1', 'a\x85b\x8dc\x9fd', 'abcd'],
  ['newlines become a visible marker', 'line1\nline2\r\nline3\rline4', 'line1 ⏎ line2 ⏎ line3 ⏎ line4'],
  ['unicode line/paragraph separators', 'a\u2028b\u2029c', 'a ⏎ b ⏎ c'],
  ['tab becomes a space', 'key:\tvalue', 'key: value'],
  ['bidi override (Trojan Source)', 'access\u202E \u2066// admin\u2069\u2066', 'access // admin'],
  ['bidi marks and isolates', '\u200Eab\u200F\u061Cc\u2067d\u2068', 'abcd'],
  ['zero-width space / non-joiner / word joiner / BOM', 'kube\u200B-sys\u200Ctem\u2060\uFEFF', 'kube-system'],
  ['stray ZWJ is removed', 'ad\u200Dmin', 'admin'],
  ['emoji ZWJ sequences survive', 'dev 👩🏽‍💻 family 👨‍👩‍👧 flag 🏳️‍🌈', 'dev 👩🏽‍💻 family 👨‍👩‍👧 flag 🏳️‍🌈'],
  ['soft hyphen and Hangul filler', 'in\u00ADvisible\u3164', 'invisible'],
  ['tag characters (invisible text)', 'hi\u{E0041}\u{E0042}', 'hi'],
  ['lone surrogates', 'a\uD800b\uDC00c', 'abc'],
  ['valid astral characters are kept', '𝒳 😀 𠀀', '𝒳 😀 𠀀'],
  ['CJK and combining marks are kept', '日本語 é', '日本語 é'],
  ['removal cannot assemble a new escape', '\x1b\x1b[31m[31mx', '[31mx'],
];

for (const [name, input, expected] of cases) {
  test(`sanitize: ${name}`, () => {
    assert.equal(sanitize(input), expected);
  });
}

test('sanitize: clean text is returned as the same string', () => {
  const s = 'Successfully pulled image "nginx:1.27" in 1.2s';
  assert.equal(sanitize(s), s);
});

test('sanitize: no control, bidi or C1 character survives random garbage', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = ['\x1b', '[', ']', '\\', '\x07', '\x9b', '\x9c', '\x9d', '\x90', 'P', '_', '\n', '\r', '\t', 'a', '1', ';', 'm', '\u202E', '\u200D', '😀', '\uD800', '\u0085'];
  for (let i = 0; i < 2000; i++) {
    let s = '';
    for (let j = 0; j < 40; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    const out = sanitize(s);
    assert.doesNotMatch(out, /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/, JSON.stringify(s));
    assert.equal(wellFormed(out), true);
  }
});

test('sanitize: huge strings are capped with an ellipsis, quickly', () => {
  const out = sanitize('x'.repeat(1_000_000));
  assert.equal(out.length, MAX_TEXT_LENGTH);
  assert.ok(out.endsWith('x…'));
  // An unterminated 8-bit OSC before a long body must not make the regexes quadratic.
  const t = performance.now();
  const hostile = sanitize('\x9d'.repeat(100_000) + '\x1b]'.repeat(50_000));
  assert.ok(performance.now() - t < 1000);
  assert.equal(hostile, '…'); // nothing printable left, but the cut is still shown
});

test('sanitize: the cap never splits a surrogate pair', () => {
  const out = sanitize('a' + '😀'.repeat(MAX_TEXT_LENGTH));
  assert.ok(wellFormed(out));
  assert.ok(out.length <= MAX_TEXT_LENGTH);
  assert.ok(out.endsWith('😀…'));
});

test('sanitize: non-strings', () => {
  assert.equal(sanitize(undefined), '');
  assert.equal(sanitize(null), '');
  assert.equal(sanitize(42), '42');
  assert.equal(sanitize(true), 'true');
  assert.equal(sanitize({ a: 1 }), '');
});

test('sanitizeDeep: strings and keys are sanitised, clean subtrees shared', () => {
  const clean = { kind: 'Pod', labels: { app: 'web' } };
  const input = { metadata: clean, ['bad\x1b[31mkey']: ['ok', 'x\x1b]52;c;AA==\x07y', 3, null, true], n: 1.5 };
  const out = sanitizeDeep(input) as Record<string, unknown>;
  assert.deepEqual(out, { metadata: clean, badkey: ['ok', 'xy', 3, null, true], n: 1.5 });
  assert.equal(out.metadata, clean); // untouched subtree is shared, not copied
  assert.equal(sanitizeDeep(clean), clean);
  assert.equal((input as Record<string, unknown>)['bad\x1b[31mkey'] !== undefined, true); // input untouched
});

test('sanitizeDeep: __proto__ stays data, deep nesting is cut', () => {
  const parsed = JSON.parse('{"__proto__": {"polluted": "x\\u001b[1m"}, "a": 1}') as object;
  const out = sanitizeDeep(parsed) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { polluted: 'x' });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  let deep: unknown = 'bottom';
  for (let i = 0; i < 200; i++) deep = [deep];
  let node = sanitizeDeep(deep);
  let depth = 0;
  while (Array.isArray(node)) {
    node = node[0];
    depth++;
  }
  assert.equal(node, '…');
  assert.ok(depth <= 65);
});
