import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, fitToWidth, truncateToWidth } from '../../src/model/sanitize.js';

test('displayWidth: ASCII, CJK, emoji, combining marks', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('日本語'), 6);
  assert.equal(displayWidth('😀'), 2);
  assert.equal(displayWidth('👩🏽‍💻'), 2);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('⏎'), 1);
  assert.equal(displayWidth(''), 0);
});

test('truncateToWidth: fits unchanged, ASCII cut with ellipsis', () => {
  assert.equal(truncateToWidth('hello', 5), 'hello');
  assert.equal(truncateToWidth('hello world', 5), 'hell…');
  assert.equal(truncateToWidth('hello', 1), '…');
  assert.equal(truncateToWidth('hello', 0), '');
  assert.equal(truncateToWidth('hello', -3), '');
  assert.equal(truncateToWidth('hello world', 8, { ellipsis: '...' }), 'hello...');
  assert.equal(truncateToWidth('hello world', 2, { ellipsis: '...' }), 'he'); // ellipsis wider than the cell
});

test('truncateToWidth: never splits a wide char; pads the hole', () => {
  assert.equal(truncateToWidth('日本語のテキスト', 7), '日本語…');
  assert.equal(truncateToWidth('日本語のテキスト', 6), '日本…');
  assert.equal(truncateToWidth('日本語のテキスト', 6, { pad: 'end' }), '日本… ');
  assert.equal(displayWidth(truncateToWidth('日本語のテキスト', 6, { pad: 'end' })), 6);
  assert.equal(truncateToWidth('日本語', 1), '…');
  assert.equal(truncateToWidth('日本語', 2), '…');
});

test('truncateToWidth: emoji sequences stay whole', () => {
  assert.equal(truncateToWidth('a👩🏽‍💻b', 4), 'a👩🏽‍💻b');
  assert.equal(truncateToWidth('a👩🏽‍💻bc', 4), 'a👩🏽‍💻…');
  assert.equal(truncateToWidth('a👩🏽‍💻bc', 3), 'a…');
  assert.equal(truncateToWidth('a👩🏽‍💻bc', 3, { pad: 'end' }), 'a… ');
});

test('truncateToWidth: combining marks stay on their base', () => {
  const s = 'e\u0301e\u0301e\u0301e\u0301'; // four é, width 4
  assert.equal(truncateToWidth(s, 4), s);
  assert.equal(truncateToWidth(s, 3), 'e\u0301e\u0301…');
});

test('truncateToWidth: padding', () => {
  assert.equal(truncateToWidth('ab', 5, { pad: 'end' }), 'ab   ');
  assert.equal(truncateToWidth('ab', 5, { pad: 'start' }), '   ab');
  assert.equal(truncateToWidth('日本', 5, { pad: 'start' }), ' 日本');
  assert.equal(fitToWidth('日本語', 5), '日本…');
  assert.equal(fitToWidth('日本語', 4), '日… ');
  assert.equal(fitToWidth('x', 3), 'x  ');
});

test('fitToWidth: always exactly the width, for many strings and widths', () => {
  const samples = ['', 'a', 'hello world', '日本語のテキスト', 'mixed 日本 and 😀 emoji', 'e\u0301\u0301x', '👨‍👩‍👧👨‍👩‍👧', 'Ｆｕｌｌｗｉｄｔｈ'];
  for (const s of samples) {
    for (let w = 1; w < 30; w++) assert.equal(displayWidth(fitToWidth(s, w)), w, `${JSON.stringify(s)} @ ${w}`);
  }
});

test('truncateToWidth: cost depends on the width, not on the length of the text', () => {
  // A ratio inside one run (best of 5), not a time: the machine is shared.
  const long = '日本語 ' + 'x'.repeat(32_000);
  const short = long.slice(0, 200);
  const cost = (s: string) => {
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const t = performance.now();
      for (let i = 0; i < 200; i++) truncateToWidth(s, 40, { pad: 'end' });
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  cost(short);
  assert.ok(cost(long) < 5 * cost(short) + 2, 'a 32 KB text costs about what a 200-character one does');
  assert.equal(displayWidth(truncateToWidth(long, 40, { pad: 'end' })), 40);
});

test('displayWidth (cached per cluster) agrees with string-width on mixed text, twice', async () => {
  const { default: stringWidth } = await import('string-width');
  const samples = [
    'plain ascii', '再起動に失敗 👩‍💻 コンテナ', '🐳🏗️ 拉取镜像中', 'e\u0301a\u0308 combining', '\u1100\u1161\u11a8 jamo \u1100\u1100\u1161',
    'ｶﾞｷﾞ halfwidth ﾞﾟｰ', '1\u20e3 #\u20e3 keycaps', '·…▁▂█●', '\u200b\u200d zero width', '🇯🇵 flags 🏳️‍🌈', 'tab\there', '',
  ];
  for (let round = 0; round < 2; round++) {
    for (const s of samples) assert.equal(displayWidth(s), stringWidth(s), JSON.stringify(s));
  }
});

test('simple code units are each a grapheme cluster of their own, so measuring and cutting them skips the segmenter and agrees with it', async () => {
  const { simpleCodeUnit } = await import('../../src/model/width.js');
  const { default: stringWidth } = await import('string-width');
  const segmenter = new Intl.Segmenter();
  const simple: string[] = [];
  for (let c = 0; c < 0x10000; c++) if (simpleCodeUnit(c)) simple.push(String.fromCharCode(c));
  assert.ok(simple.length > 3000 && simple.includes('·') && simple.includes('…') && simple.includes('▁'));
  assert.ok(!simpleCodeUnit(0x300) && !simpleCodeUnit(0xad) && !simpleCodeUnit(0x200d) && !simpleCodeUnit(0xfe0f) && !simpleCodeUnit(0x1100), 'marks, soft hyphen, ZWJ, VS16, jamo are not');
  // Next to itself, to ASCII on both sides, and to its neighbours in the code chart: a boundary each time.
  for (let i = 0; i < simple.length; i++) {
    const c = simple[i]!;
    const text = `a${c}${c}${simple[(i + 1) % simple.length]}${simple[(i + 7) % simple.length]}a`;
    assert.equal([...segmenter.segment(text)].length, text.length, `U+${c.charCodeAt(0).toString(16)}`);
  }
  // Mixed runs of them: the width is string-width's, and a cut keeps whole clusters at the width.
  let seed = 1;
  const pick = () => simple[(seed = (seed * 48271) % 0x7fffffff) % simple.length]!;
  for (let n = 0; n < 300; n++) {
    const s = Array.from({ length: 1 + (n % 40) }, pick).join('');
    assert.equal(displayWidth(s), stringWidth(s), JSON.stringify(s));
    const cut = truncateToWidth(s, 10, { pad: 'end' });
    assert.equal(displayWidth(cut), 10, JSON.stringify(s));
  }
});
