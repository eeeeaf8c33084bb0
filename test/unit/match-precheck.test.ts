// The matcher's two shortcuts around fuzzysort must not change a single answer: a text is only
// prepared when the word could match it (asciiBits + subsequence), and a prepared text's arrays
// are compacted into typed arrays after use. Checked against fuzzysort on fresh targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import fuzzysort from 'fuzzysort';
import { Text } from '../../src/store/match.js';

// Short alphabets make matches common; the odd characters are the ones fuzzysort remaps.
const chars = fc.constantFrom(...'abcABC-_ /.:0123é"\\`ü'.split(''));
const word = fc.array(chars, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
const text = fc.array(chars, { minLength: 0, maxLength: 40 }).map((a) => a.join(''));

function expected(w: string, t: string): number {
  const r = fuzzysort.single(w, fuzzysort.prepare(t));
  return r === null ? -1 : r.score;
}

function bitsOf(w: string): number {
  // Mirrors Predicate: the pre-check is only applied to one plain-ASCII word.
  const lower = w.trim().toLowerCase();
  if (lower === '' || lower.includes(' ')) return -1;
  let bits = 0;
  for (const ch of lower) {
    const c = ch.charCodeAt(0);
    if (c > 127 || c === 92 || c === 34 || c === 96) return -1;
    if (c !== 32) bits |= 1 << (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 : 30);
  }
  return bits;
}

test('Text.score equals fuzzysort.single on a fresh target, every time it is asked', () => {
  fc.assert(
    fc.property(text, fc.array(word, { minLength: 1, maxLength: 4 }), (t, words) => {
      const shared = new Text(t, 0);
      // The same Text answers several words in turn: its compacted arrays serve the later ones.
      for (const w of [...words, ...words]) assert.equal(shared.score(w, w.trim().toLowerCase(), bitsOf(w)), expected(w, t), `${JSON.stringify(w)} in ${JSON.stringify(t)}`);
    }),
    { numRuns: 3000 },
  );
});

test('a compacted target highlights the same characters', () => {
  const t = new Text('Back-off restarting failed container app in pod web-2', 0);
  for (const w of ['bkoff', 'restart', 'pod', 'failed']) t.score(w, w, bitsOf(w));
  for (const w of ['bkoff', 'container', 'webpod']) {
    const fresh = fuzzysort.single(w, fuzzysort.prepare(t.value));
    const again = fuzzysort.single(w, t.prepared);
    assert.deepEqual(again?.indexes, fresh?.indexes, w);
    assert.equal(again?.score, fresh?.score, w);
  }
});

test('a word whose letters are not in the text in order never prepares the text', () => {
  const t = new Text('Successfully assigned default/web-1 to node-3', 0);
  assert.equal(t.score('backoff', 'backoff', bitsOf('backoff')), -1);
  assert.equal((t as unknown as { prep?: unknown }).prep, undefined);
});
