// A 32 KB message (the sanitiser's cap) must not make the detail view slow: what is wrapped is
// bounded by what is shown, the rest is counted, and a group's wrapped text is kept between frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { detailLines } from '../../src/ui/components/DetailPane.js';
import { wrapText, wrapTextLimited } from '../../src/ui/rows.js';
import { displayWidth } from '../../src/model/width.js';
import { kubeEvent, T0 } from './helpers.js';

const BIG = 32 * 1024;

function group(message: string, store = new AggregateStore()): EventGroup {
  store.apply([{ kind: 'upsert', event: kubeEvent({ name: 'web-1', reason: 'Huge', message }) }]);
  return store.groupList()[0]!;
}

function messageLines(g: EventGroup, width: number, now = T0) {
  const lines = detailLines(g, width, now, undefined);
  const start = lines.findIndex((l) => l.text === 'Message') + 1;
  const end = lines.findIndex((l, i) => i >= start && l.text === '');
  return lines.slice(start, end === -1 ? undefined : end);
}

/** The least of a few runs: the machine is shared, and the least is the least disturbed. */
function cost(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

test('detail: a 32 KB message shows what fits and counts the rest', () => {
  const g = group('x'.repeat(BIG));
  const lines = messageLines(g, 120);
  assert.ok(lines.length <= 101, `${lines.length} message lines`);
  const shown = lines.slice(0, -1).reduce((n, l) => n + l.text.trim().length, 0);
  assert.equal(lines.at(-1)!.text, `  … ${(BIG - shown).toLocaleString('en-US')} more characters (c copies the whole event)`);
  for (const l of lines) assert.ok(displayWidth(l.text) <= 120);
  // A message that fits is shown whole, without a note.
  const small = messageLines(group('short message'), 120);
  assert.deepEqual(small.map((l) => l.text), ['  short message']);
});

test('detail: the wrapped message is kept per group version and width, not redone every frame', () => {
  const store = new AggregateStore();
  const g = group('lorem ipsum dolor '.repeat(1000), store);
  const first = messageLines(g, 120, T0);
  const later = messageLines(g, 120, T0 + 5000);
  assert.ok(first.length > 1 && first.every((l, i) => l === later[i]), 'the same lines, not rebuilt');
  const narrower = messageLines(g, 100)[0];
  assert.notEqual(narrower, first[0], 'a new width wraps again');
  group('lorem ipsum dolor '.repeat(1000), store);
  assert.equal(store.groupList().length, 1);
  assert.notEqual(messageLines(g, 100)[0], narrower, 'a new version of the group wraps again');
});

test('detail: the cost of a message does not grow with its length past what is shown', () => {
  // One long word (no spaces) and CJK: the cases string-width and the segmenter make expensive.
  for (const unit of ['x', '日本']) {
    let width = 100;
    // Fresh widths defeat the per-version cache: this measures the wrapping itself.
    const small = cost(() => detailLines(group(unit.repeat(12_000 / unit.length)), width++, T0, undefined));
    const big = cost(() => detailLines(group(unit.repeat(BIG / unit.length)), width++, T0, undefined));
    assert.ok(big / small < 2.5, `${unit}: 32 KB cost ${big.toFixed(1)} ms, 12 KB ${small.toFixed(1)} ms`);
  }
});

test('wrapText: cutting a long word keeps every grapheme whole across segmenting chunks', () => {
  const family = '👨‍👩‍👧‍👦';
  const accented = 'e\u0301';
  const word = `${'ab'.repeat(127)}${family}${accented.repeat(200)}${family.repeat(30)}`;
  const lines = wrapText(word, 17);
  assert.equal(lines.join(''), word);
  for (const l of lines) assert.ok(displayWidth(l) <= 17, l);
  const seg = new Intl.Segmenter();
  const graphemes = (s: string) => [...seg.segment(s)].map((x) => x.segment);
  assert.deepEqual(lines.flatMap(graphemes), graphemes(word));
  const { lines: some, rest } = wrapTextLimited(word, 17, 3);
  assert.equal(some.length, 3);
  assert.equal(rest, word.length - some.join('').length);
});
