// Property-based: message templating never crashes, never lets its internal placeholder or a
// control character out, and folds messages that differ only in a number.
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { sanitize } from '../../src/model/sanitize.js';
import { templateOf } from '../../src/model/template.js';
import { assertPrintable, hostileString } from './helpers/hostile.js';

const message = fc.oneof(hostileString(20), fc.string({ unit: 'binary', maxLength: 120 }), fc.stringMatching(/^[a-z0-9 .:\/"@_()-]{0,80}$/)).map(sanitize);

test('fuzz template: printable display, no placeholder leaks, stable key', () => {
  fc.assert(
    fc.property(message, (m) => {
      const t = templateOf(m);
      assertPrintable(t.display, 'display');
      assert.ok(!t.display.includes('\u0000') && !t.key.includes('\u0000'), JSON.stringify(t));
      assert.deepEqual(templateOf(m), t);
      if (!/[0-9a-f]/i.test(m) && !m.includes('"') && !m.includes('‹')) assert.equal(t.display, m, 'nothing variable: unchanged');
    }),
    { seed: 12_020, numRuns: 3000 },
  );
});

test('fuzz template: messages that differ only in a space-separated number share a key', () => {
  const word = fc.stringMatching(/^[A-Za-z ,:]{0,30}$/);
  fc.assert(
    fc.property(word, word, fc.nat(), fc.nat(), (before, after, a, b) => {
      const x = templateOf(sanitize(`${before} ${a} ${after}`));
      const y = templateOf(sanitize(`${before} ${b} ${after}`));
      assert.equal(x.key, y.key, `${x.display} | ${y.display}`);
    }),
    { seed: 12_021, numRuns: 2000 },
  );
});

test('fuzz template: long hostile messages (up to the sanitiser cap) do not crash', () => {
  fc.assert(
    fc.property(hostileString(30), fc.integer({ min: 1, max: 2000 }), (piece, times) => {
      const t = templateOf(sanitize(piece.repeat(times)));
      assertPrintable(t.display, 'display');
    }),
    { seed: 12_022, numRuns: 60 },
  );
});
