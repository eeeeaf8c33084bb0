import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../src/kube/lines.js';

const splitter = (out: string[], max: number) => new LineSplitter((l) => out.push(l), max, () => new RangeError('too long'));

test('lines: a line over the cap is refused even when it arrives whole in one chunk (found by fuzz-lines)', () => {
  assert.throws(() => splitter([], 4).push('12345\n'), RangeError);
  assert.throws(() => splitter([], 4).push('ok\n12345\nok\n'), RangeError);
  const out: string[] = [];
  const s = splitter(out, 4);
  s.push('1234\n12');
  s.push('34\n');
  s.end();
  assert.deepEqual(out, ['1234', '1234'], 'exactly the cap is fine');
});

test('lines: blank lines are skipped; a last line without its newline is delivered at the end', () => {
  const out: string[] = [];
  const s = splitter(out, 100);
  s.push('a\n\n  \nb');
  assert.deepEqual(out, ['a']);
  s.end();
  assert.deepEqual(out, ['a', 'b']);
});
