// A search over more rows than one render may scan (the budget is 0 here, so every render scans
// one slice): the filter line says how far it got, rows found so far are shown, and the search
// goes on by itself until the final count and rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSession, renderApp, sleep, tick, type RawSpec } from './helpers.js';

const filterLine = (frame: string) => frame.split('\n').find((l) => l.startsWith('/')) ?? '';

test('filter: a pending search shows progress, then the final count and rows', async () => {
  const events: RawSpec[] = [];
  for (let i = 0; i < 3000; i++) {
    events.push(i % 10 === 0
      ? { name: `web-${i}`, reason: 'BackOff', message: `Back-off restarting failed container ${i}`, type: 'Warning', agoS: i }
      : { name: `api-${i}`, reason: 'Pulled', message: `Successfully pulled image ${i}`, agoS: i });
  }
  const h = await renderApp(makeSession({ events }), { columns: 120, rows: 30 }, { searchBudgetMs: 0 });
  try {
    await h.press('/', 'backoff');
    const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
    for (let i = 0; i < 200 && /matching…/.test(h.frame()); i++) {
      await sleep(5);
      await tick();
    }
    const frames = h.stdout.frames.map(strip);
    const pending = frames.filter((f) => /matching… \d+%/.test(filterLine(f)));
    assert.ok(pending.length > 0, 'some frame showed the search in progress');
    const progress = pending.map((f) => Number(/matching… (\d+)%/.exec(filterLine(f))![1]));
    assert.deepEqual([...progress].sort((a, b) => a - b), progress, 'progress only goes up');
    assert.ok(pending.some((f) => /BackOff/.test(f.split('\n').slice(1).join('\n'))), 'rows found so far are shown while pending');
    assert.match(filterLine(h.frame()), /^\/backoff█ +300 of 3,000 match/);
    assert.doesNotMatch(h.frame(), /matching…/);
  } finally {
    h.unmount();
  }
});
