// The help overlay as the user sees it: every key on one screen at 120×40; at 80×24 it says it scrolls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth } from '../../src/model/width.js';
import { KEYMAP, keyLabel } from '../../src/ui/keymap.js';
import { KEY, makeSession, renderApp } from './helpers.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A binding as the help draws it: its keys, then the first words of what it does, on one line. */
function shown(frame: string, b: (typeof KEYMAP)[number]): boolean {
  const keys = b.keys.map(keyLabel).join(' ');
  const start = b.help.split(' ').slice(0, 2).join(' ');
  return new RegExp(`(^|  )${escape(keys)} +${escape(start)}`, 'm').test(frame);
}

test('help at 120×40: every binding of the key table on the first screen, in columns', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 40 });
  try {
    await h.press('?');
    const f = h.frame();
    const missing = KEYMAP.filter((b) => !shown(f, b)).map((b) => `${b.keys.join(' ')}: ${b.help}`);
    assert.deepEqual(missing, [], f);
    assert.match(f, /^Move {2,}\S/m, 'sections side by side');
    assert.match(f, /^.+ {2}Summary$/m, 'sections side by side');
    const lines = f.split('\n');
    assert.equal(lines.length, 39); // kevtui draws rows-1 lines
    for (const l of lines) assert.ok(displayWidth(l) <= 120, l);
  } finally {
    h.unmount();
  }
});

test('help at 80×24 says that it scrolls and how, and scrolls to its end', async () => {
  const h = await renderApp(makeSession(), { columns: 80, rows: 24 });
  try {
    await h.press('?');
    const first = h.frame();
    assert.match(first, /Keys \(Esc, \? or q closes\) +scrolls: j\/k, PgDn\/PgUp · 1–\d+ of \d+/);
    await h.press('G');
    const last = h.frame();
    assert.match(last, /negates a word or token/);
    // The title line stays: the hint is still there at the end.
    assert.match(last, /scrolls: j\/k, PgDn\/PgUp · \d+–(\d+) of \1/);
    await h.press('g', 'j');
    assert.match(h.frame(), /· 2–\d+ of/);
    await h.press(KEY.esc);
    assert.doesNotMatch(h.frame(), /scrolls:/);
  } finally {
    h.unmount();
  }
});
