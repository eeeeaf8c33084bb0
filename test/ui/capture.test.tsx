// The 120×40 screen as text (printed with CAPTURE=1, for reports and reviews), and the same
// screens checked to fit: main table, filter, a jump, detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth } from '../../src/model/width.js';
import { KEY, makeSession, renderApp } from './helpers.js';

const show = (title: string, frame: string) => {
  if (process.env.CAPTURE) console.log(`\n── ${title} ──\n${frame}\n── end ──`);
};

test('capture: 120×40 main, filter, owners jump and detail', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 40 });
  try {
    const check = (title: string) => {
      const lines = h.lines();
      assert.equal(lines.length, 39, title);
      for (const l of lines) assert.ok(displayWidth(l) <= 120, `${title}: ${l}`);
      show(title, h.frame());
    };
    check('120×40 main');
    await h.press('/', 'sev:error');
    check('120×40 filter sev:error');
    await h.press(KEY.esc, 'O');
    await h.settle();
    check('120×40 owners jump');
    await h.press(KEY.esc, KEY.enter);
    check('120×40 detail');
  } finally {
    h.unmount();
  }
});
