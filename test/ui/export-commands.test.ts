// `:expired` and `:export` parsed (formats, FILE, the summary), completed, and reduced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidates, parseCommand } from '../../src/ui/commands.js';
import { initialState, reduce } from '../../src/ui/state.js';
import { actionFor, hintsFor } from '../../src/ui/keymap.js';

test(':expired and :export parse', () => {
  assert.deepEqual(parseCommand(':expired'), { kind: 'expired' });
  assert.deepEqual(parseCommand('expired off'), { kind: 'expired', show: false });
  assert.deepEqual(parseCommand('expired ON'), { kind: 'expired', show: true });
  assert.deepEqual(parseCommand('expired x'), { error: 'usage: :expired [on|off]' });
  assert.deepEqual(parseCommand('export'), { kind: 'export', format: 'md', summary: false });
  assert.deepEqual(parseCommand('export csv'), { kind: 'export', format: 'csv', summary: false });
  assert.deepEqual(parseCommand('export json out/now.json'), { kind: 'export', format: 'json', summary: false, file: 'out/now.json' });
  assert.deepEqual(parseCommand('export incident.csv'), { kind: 'export', format: 'csv', summary: false, file: 'incident.csv' });
  assert.deepEqual(parseCommand('export md report'), { kind: 'export', format: 'md', summary: false, file: 'report' });
  assert.deepEqual(parseCommand('export summary csv'), { kind: 'export', format: 'csv', summary: true });
  assert.ok('error' in parseCommand('export xml'));
});

test(':expired and :export complete', () => {
  const known = { namespaces: [], contexts: [] };
  assert.deepEqual(candidates('exp', known), ['expired', 'export']);
  assert.deepEqual(candidates('expired o', known), ['on', 'off']);
  assert.deepEqual(candidates('export ', known), ['md', 'json', 'csv', 'summary']);
});

test('state: expired toggles and sets; a confirm question returns to the mode it was asked in', () => {
  let s = initialState();
  assert.equal(s.showExpired, true);
  s = reduce(s, { type: 'expired' });
  assert.equal(s.showExpired, false);
  assert.equal(reduce(s, { type: 'expired', show: false }), s);
  s = reduce(s, { type: 'expired', show: true });
  assert.equal(s.showExpired, true);
  s = reduce(reduce(s, { type: 'summaryOpen' }), { type: 'confirmStart', text: 'overwrite x? y/n' });
  assert.equal(s.mode, 'confirm');
  s = reduce(s, { type: 'confirmEnd' });
  assert.equal(s.mode, 'summary');
  assert.equal(s.confirm, undefined);
});

test('keys: e exports from the table, detail and summary; y/n answer a question', () => {
  for (const m of ['table', 'detail', 'summary'] as const) assert.equal(actionFor(m, 'e'), 'export');
  assert.equal(actionFor('confirm', 'y'), 'confirmYes');
  for (const k of ['n', 'esc', 'q']) assert.equal(actionFor('confirm', k), 'confirmNo');
  assert.equal(actionFor('confirm', 'j'), undefined);
  assert.equal(actionFor('confirm', 'C-c'), 'quit');
  assert.deepEqual(hintsFor('confirm').map((h) => h.label), ['overwrite', 'keep']);
});
