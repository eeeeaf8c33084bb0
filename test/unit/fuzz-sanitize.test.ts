// Property-based: whatever a server sends, sanitize() returns printable, single-line, bounded
// text, and sanitizing again changes nothing. Fixed seeds: a failure prints its seed and path.
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { MAX_TEXT_LENGTH, sanitize, sanitizeDeep } from '../../src/model/sanitize.js';
import { displayWidth, fitToWidth, truncateToWidth } from '../../src/model/width.js';
import { assertPrintable, hostileString } from './helpers/hostile.js';

const RUNS = { seed: 12_001, numRuns: 2000 };

test('fuzz sanitize: never a control character out, one line, bounded, idempotent', () => {
  fc.assert(
    fc.property(fc.oneof(hostileString(), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 })), (s) => {
      const out = sanitize(s);
      assertPrintable(out, 'sanitize');
      assert.ok(out.length <= MAX_TEXT_LENGTH + 1);
      assert.equal(sanitize(out), out, 'sanitising twice changes nothing');
    }),
    RUNS,
  );
});

test('fuzz sanitize: huge hostile text is cut, never half a surrogate pair, still printable', () => {
  fc.assert(
    fc.property(hostileString(12), fc.integer({ min: 1, max: 20_000 }), (piece, times) => {
      const s = (piece || 'x').repeat(Math.ceil((MAX_TEXT_LENGTH * 5) / Math.max(1, piece.length) / times) * times);
      const out = sanitize(s);
      assertPrintable(out, 'sanitize');
      assert.ok(out.length <= MAX_TEXT_LENGTH + 1, `${out.length}`);
    }),
    { seed: 12_002, numRuns: 40 },
  );
});

test('fuzz sanitize: any value in a JSON tree comes out with every string and key printable', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(hostileString(6), hostileString(8), { maxKeys: 5 }), (json, hostile) => {
      const walk = (v: unknown): void => {
        if (typeof v === 'string') assertPrintable(v, 'sanitizeDeep');
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (assertPrintable(k, 'key'), walk(x));
        else if (typeof v === 'number') assert.ok(Number.isFinite(v));
      };
      walk(sanitizeDeep({ json, hostile, list: [hostile, json] }));
    }),
    { seed: 12_003, numRuns: 500 },
  );
});

test('fuzz width: sanitised text cut or padded to any width 1..300 is exactly that wide, and printable', () => {
  fc.assert(
    fc.property(hostileString(40), fc.integer({ min: 1, max: 300 }), fc.constantFrom('…', '', '>>'), (raw, w, ellipsis) => {
      const s = sanitize(raw);
      const fit = fitToWidth(s, w);
      assert.equal(displayWidth(fit), w, JSON.stringify(fit));
      assertPrintable(fit, 'fitToWidth');
      const cut = truncateToWidth(s, w, { ellipsis });
      assert.ok(displayWidth(cut) <= w, JSON.stringify(cut));
      assert.equal(truncateToWidth(s, w, { pad: 'start', ellipsis }).length >= cut.length, true);
    }),
    { seed: 12_004, numRuns: 2000 },
  );
});
