// A terminal too small for any readable layout gets one line saying so, and the view comes back
// when the terminal grows again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth } from '../../src/model/width.js';
import { makeSession, renderApp } from './helpers.js';

for (const [columns, rows] of [[39, 24], [80, 9], [20, 5], [1, 1]] as const) {
  test(`tiny terminal: ${columns}×${rows} shows one line saying so`, async () => {
    const h = await renderApp(makeSession(), { columns, rows });
    try {
      const lines = h.lines().filter((l) => l.trim() !== '');
      assert.equal(lines.length, 1, h.frame());
      assert.ok(displayWidth(lines[0]!) <= columns, lines[0]);
      if (columns >= 34) assert.match(lines[0]!, new RegExp(`${columns}×${rows} is too small: kevtui needs 40×10`));
      assert.doesNotMatch(h.frame(), /REASON|BackOff/);
    } finally {
      h.unmount();
    }
  });
}

test('tiny terminal: resizing back restores the view, and the exact minimum is a view', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    assert.match(h.frame(), /BackOff/);
    await h.resize(30, 8);
    assert.match(h.frame(), /too small/);
    assert.doesNotMatch(h.frame(), /BackOff/);
    await h.resize(40, 10);
    assert.doesNotMatch(h.frame(), /too small/);
    assert.match(h.frame(), /REASON|BackOff/);
    await h.resize(100, 24);
    assert.match(h.frame(), /BackOff/);
  } finally {
    h.unmount();
  }
});
