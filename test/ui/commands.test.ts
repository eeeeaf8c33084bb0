// The `:` command line's pure part: what each line means, what it says when it means nothing,
// what Tab completes to, and how ↑/↓ walk the history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidates, complete, historyStep, parseCommand, remember } from '../../src/ui/commands.js';

const known = { namespaces: ['shop', 'jobs', 'shipping', 'default', 'shop'], contexts: ['prod-eu', 'prod-us', 'staging'] };

test('parse: each command and its arguments', () => {
  assert.deepEqual(parseCommand('ns shop'), { kind: 'ns', namespaces: ['shop'] });
  assert.deepEqual(parseCommand(':ns  shop,jobs '), { kind: 'ns', namespaces: ['shop', 'jobs'] });
  assert.deepEqual(parseCommand('ns all'), { kind: 'ns', namespaces: [''] });
  assert.deepEqual(parseCommand('namespace all'), { kind: 'ns', namespaces: [''] });
  assert.deepEqual(parseCommand('ctx prod-eu'), { kind: 'ctx', name: 'prod-eu' });
  assert.deepEqual(parseCommand('ctx'), { kind: 'ctx' }); // lists the contexts
  assert.deepEqual(parseCommand('sort last'), { kind: 'sort', sort: 'lastSeen' });
  assert.deepEqual(parseCommand('sort first'), { kind: 'sort', sort: 'firstSeen' });
  assert.deepEqual(parseCommand('sort COUNT'), { kind: 'sort', sort: 'count' });
  assert.deepEqual(parseCommand('sort triage'), { kind: 'sort', sort: 'triage' });
  assert.deepEqual(parseCommand('sort severity'), { kind: 'sort', sort: 'severity' });
  assert.deepEqual(parseCommand('filter reason:BackOff  -web'), { kind: 'filter', text: 'reason:BackOff  -web' });
  assert.deepEqual(parseCommand('filter'), { kind: 'filter', text: '' });
  assert.deepEqual(parseCommand('columns wide'), { kind: 'columns', wide: true });
  assert.deepEqual(parseCommand('columns normal'), { kind: 'columns', wide: false });
  for (const c of ['summary', 'fold', 'help'] as const) assert.deepEqual(parseCommand(c), { kind: c });
  assert.deepEqual(parseCommand('q'), { kind: 'quit' });
  assert.deepEqual(parseCommand('quit'), { kind: 'quit' });
});

test('parse: errors are one line saying what to type', () => {
  const err = (l: string) => {
    const r = parseCommand(l);
    assert.ok('error' in r, l);
    assert.doesNotMatch(r.error, /\n/);
    return r.error;
  };
  assert.match(err('nope'), /unknown command :nope/);
  assert.match(err(''), /type a command/);
  assert.match(err('ns'), /usage: :ns/);
  assert.match(err('ns a b'), /usage: :ns/);
  assert.match(err('ns Shop_1'), /not a namespace name: Shop_1/);
  assert.match(err('ctx a b'), /usage: :ctx/);
  assert.match(err('sort sideways'), /usage: :sort triage\|last\|count\|first\|severity/);
  assert.match(err('columns 3'), /usage: :columns wide\|normal/);
  assert.match(err('help me'), /takes no argument/);
});

test('completion: command words, then the names each command takes', () => {
  assert.deepEqual(candidates('s', known), ['sort', 'summary', 'status', 'speed']);
  assert.deepEqual(candidates('', known).length, 15);
  assert.deepEqual(candidates('ns sh', known), ['shipping', 'shop']);
  assert.deepEqual(candidates('ns ', known), ['all', 'default', 'jobs', 'shipping', 'shop']);
  assert.deepEqual(candidates('ctx prod', known), ['prod-eu', 'prod-us']);
  assert.deepEqual(candidates('sort c', known), ['count']);
  assert.deepEqual(candidates('filter x', known), []);

  assert.equal(complete('su', known), 'summary ');
  assert.equal(complete('s', known), 's'); // sort/summary agree on nothing more
  assert.equal(complete('ns sh', known), 'ns sh');
  assert.equal(complete('ns sho', known), 'ns shop');
  assert.equal(complete('ctx pr', known), 'ctx prod-');
  assert.equal(complete('ctx s', known), 'ctx staging');
  assert.equal(complete('zz', known), 'zz');
});

test('history: ↑ walks back, ↓ returns to what was being typed; repeats are kept once', () => {
  let h: string[] = [];
  for (const l of ['ns shop', 'sort count', ' ', 'ns shop']) h = remember(h, l);
  assert.deepEqual(h, ['sort count', 'ns shop']);
  let at = { index: h.length, draft: '' };
  let r = historyStep(h, at, 'fil', -1);
  assert.equal(r.text, 'ns shop');
  r = historyStep(h, r.cursor, r.text, -1);
  assert.equal(r.text, 'sort count');
  r = historyStep(h, r.cursor, r.text, -1); // stays at the oldest
  assert.equal(r.text, 'sort count');
  r = historyStep(h, r.cursor, r.text, 1);
  r = historyStep(h, r.cursor, r.text, 1);
  assert.equal(r.text, 'fil');
  at = r.cursor;
  assert.equal(at.index, h.length);
});
