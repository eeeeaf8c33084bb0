// The key table: no key does two things in one mode, Ink's key reports map to the names used,
// and the help and footer come from the same table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Key } from 'ink';
import { KEYMAP, actionFor, duplicateKeys, helpLines, hintsFor, keyNames, type Action, type Mode } from '../../src/ui/keymap.js';
import { dispatchKey } from '../../src/ui/hooks/useKeymap.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const k = (p: Partial<Key>): Key => ({ ...NO_KEY, ...p });

test('keymap: no key is bound twice in one mode', () => {
  assert.deepEqual(duplicateKeys(), []);
});

test('keymap: the keys users bring are bound', () => {
  const expect: Array<[Mode, string, Action]> = [
    ['table', 'j', 'down'], ['table', 'down', 'down'], ['table', 'k', 'up'], ['table', 'g', 'top'], ['table', 'G', 'bottom'],
    ['table', 'home', 'top'], ['table', 'end', 'bottom'], ['table', 'pgdn', 'pageDown'], ['table', 'pgup', 'pageUp'],
    ['table', 'C-d', 'halfDown'], ['table', 'C-u', 'halfUp'], ['table', '/', 'filter'], ['table', 'esc', 'back'],
    ['table', 'enter', 'detail'], ['table', 'q', 'quit'], ['table', 'space', 'follow'], ['table', 's', 'sortNext'],
    ['table', 'S', 'sortPrev'], ['table', 'w', 'warnings'], ['table', 'C-z', 'warnings'], ['table', 'o', 'jumpObject'],
    ['table', 'O', 'jumpOwners'], ['table', 't', 'jumpTree'], ['table', 'n', 'jumpNode'], ['table', 'r', 'jumpRelated'],
    ['table', 'c', 'copy'], ['table', 'backspace', 'back'], ['table', '?', 'help'], ['table', 'C-c', 'quit'],
    ['detail', 'y', 'yaml'], ['detail', 'c', 'copy'], ['detail', 'esc', 'close'], ['detail', 'o', 'jumpObject'],
    ['filter', 'enter', 'filterAccept'], ['filter', 'esc', 'filterCancel'], ['filter', 'backspace', 'filterDelete'],
    ['help', 'esc', 'close'], ['help', '?', 'close'], ['filter', 'C-c', 'quit'], ['detail', 'C-c', 'quit'],
  ];
  for (const [mode, key, action] of expect) assert.equal(actionFor(mode, key), action, `${mode} ${key}`);
  // Letters type in the filter instead of acting.
  for (const letter of 'abcdefghijklmnopqrstuvwxyzGOS?/ ') assert.equal(actionFor('filter', letter), undefined, letter);
});

test('keymap: Ink key reports → names (arrows, pages, Ctrl, DEL as backspace, space, glued ESC)', () => {
  assert.deepEqual(keyNames('', k({ downArrow: true })), ['down']);
  assert.deepEqual(keyNames('', k({ pageUp: true })), ['pgup']);
  assert.deepEqual(keyNames('', k({ home: true })), ['home']);
  assert.deepEqual(keyNames('u', k({ ctrl: true })), ['C-u']);
  assert.deepEqual(keyNames('', k({ delete: true })), ['backspace']);
  assert.deepEqual(keyNames('', k({ backspace: true })), ['backspace']);
  assert.deepEqual(keyNames(' ', k({})), ['space']);
  assert.deepEqual(keyNames('G', k({ shift: true })), ['G']);
  assert.deepEqual(keyNames('', k({ escape: true, meta: true })), ['esc']);
  assert.deepEqual(keyNames('j', k({ meta: true })), ['esc', 'j']);
  assert.deepEqual(keyNames('', k({ return: true })), ['enter']);
});

test('keymap: filter mode types text, a paste arrives whole, Esc glued to a key acts in the table', () => {
  const got: string[] = [];
  let mode: Mode = 'filter';
  const h = { onAction: (a: Action) => got.push(`action:${a}`), onText: (t: string) => got.push(`text:${t}`) };
  dispatchKey(() => mode, 'q', k({}), h);
  dispatchKey(() => mode, ' ', k({}), h);
  dispatchKey(() => mode, 'reason:BackOff', k({}), h);
  dispatchKey(() => mode, 'j', k({ meta: true }), h);
  mode = 'table';
  dispatchKey(() => mode, 'x', k({}), h);
  assert.deepEqual(got, ['text:q', 'text: ', 'text:reason:BackOff', 'action:filterCancel', 'action:down']);
});

test('keymap: a chunk of coalesced keys acts key by key, in the mode each key leaves', () => {
  const got: string[] = [];
  let mode: Mode = 'table';
  const h = {
    onAction: (a: Action) => {
      got.push(`action:${a}`);
      if (a === 'filter') mode = 'filter';
      if (a === 'filterAccept') mode = 'table';
    },
    onText: (t: string) => got.push(`text:${t}`),
  };
  dispatchKey(() => mode, 'jjO', k({}), h);
  dispatchKey(() => mode, '/web pod\x7f\rj', k({}), h);
  assert.deepEqual(got, [
    'action:down', 'action:down', 'action:jumpOwners',
    'action:filter', 'text:web pod', 'action:filterDelete', 'action:filterAccept', 'action:down',
  ]);
});

test('keymap: help lines and footer hints come from the table', () => {
  const lines = helpLines();
  assert.equal(lines.length, KEYMAP.length);
  for (const b of KEYMAP) assert.ok(lines.some((l) => l.help === b.help));
  assert.ok(hintsFor('table').some((h) => h.key === '/' && h.label === 'filter'));
  assert.ok(hintsFor('detail').some((h) => h.key === 'y' && h.label === 'yaml'));
  assert.ok(hintsFor('filter').some((h) => h.key === 'Enter' && h.label === 'keep'));
});
