// `:status`: the source's state and the counters behind the screen, in one view; Esc closes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, makeSession, renderApp } from './helpers.js';

test(':status shows the state, the counters and the caps; Esc goes back to the table', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 30 });
  try {
    await h.press(':status\r');
    await h.settle();
    const f = h.frame();
    assert.match(f, /Status \(Esc or q closes\)/);
    for (const label of ['Context', 'State', 'Reconnects', 'Relists', 'Malformed lines', 'Groups', 'Memory', 'Evicted']) assert.match(f, new RegExp(`^${label} +\\S`, 'm'), f);
    assert.match(f, /^Groups +\d[\d,]* of at most 50,000/m);
    assert.match(f, /^Evicted +nothing/m);
    await h.press(KEY.esc);
    await h.settle();
    assert.doesNotMatch(h.frame(), /Status \(Esc or q closes\)/);
    assert.match(h.frame(), /LAST S TYPE/);
  } finally {
    h.unmount();
  }
});
