// The incident summary overlay (T): ink-table tables that fit 80×24 and 120×40, sections with
// Tab, and Enter filtering the table to the selected row.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth } from '../../src/model/width.js';
import { KEY, makeSession, renderApp, type Harness } from './helpers.js';

function assertFits(h: Harness, columns: number, rows: number): void {
  const lines = h.lines();
  assert.ok(lines.length <= rows - 1, `${lines.length} lines at ${columns}×${rows}`);
  for (const l of lines) assert.ok(displayWidth(l) <= columns, `too wide (${displayWidth(l)}): ${l}`);
}

/** The table rows (between the heading and the bottom border) of the first table below `title`. */
function tableRows(lines: string[], title: string): string[] {
  const at = lines.findIndex((l) => l.startsWith(title));
  assert.ok(at >= 0, `no "${title}" in\n${lines.join('\n')}`);
  const end = lines.findIndex((l, i) => i > at && l.startsWith('└'));
  return lines.slice(at + 3, end);
}

test('summary at 80×24: reasons by count as a table, borders aligned with wide text, Enter filters', async (t: TestContext) => {
  const s = makeSession();
  s.add({ name: 'api-1', reason: '服务不可用', type: 'Warning', count: 5, agoS: 5, message: 'wide reason' });
  const h = await renderApp(s, { columns: 80, rows: 24 });
  t.after(() => h.unmount());
  await h.press('T');
  const lines = h.lines();
  assertFits(h, 80, 24);
  const frame = h.frame();
  assert.match(frame, /Reasons .*Namespaces .*Objects .*Components .*New/);
  assert.match(frame, /Warning: 4 groups, 27 events {3}Normal: 5 groups, 5 events/);
  assert.match(frame, /PER MIN = events\/min over the last 5 min; s: by count\/by rate *$/m, 'the legend whole, the key included, at 80 columns');
  assert.doesNotMatch(frame, /By rate/, 'one table at 80×24 (s switches)');
  const rows = tableRows(lines, 'By count');
  assert.deepEqual(rows.map((r) => r.split('│')[2]!.trim()), ['BackOff', 'FailedScheduling', '服务不可用', 'Unhealthy', 'NodeNotReady', 'Preempted', 'Pulled', 'ScalingReplicaSet', 'SuccessfulCreate']);
  // Every row's borders sit in the same terminal columns as the heading's, wide text included.
  const heading = lines[lines.findIndex((l) => l.startsWith('By count')) + 2]!;
  const bars = (l: string) => [...l].reduce<number[]>((acc, c, i, all) => (c === '│' ? [...acc, displayWidth(all.slice(0, i).join(''))] : acc), []);
  for (const r of rows) assert.deepEqual(bars(r), bars(heading), r);
  assert.match(rows[0]!, /│ › │ BackOff +│ +12 │ +1 │/);

  await h.press('j', KEY.enter);
  const after = h.frame();
  assert.match(after, /reason:FailedScheduling/, 'the filter bar shows the token');
  assert.match(after, /1 of 9 match/);
  assert.match(after, /FailedSchedul… po\/batc…cde +7/);
  assert.doesNotMatch(after, /BackOff/);
});

test('summary at 120×40: by count and by rate stacked; Tab to objects; Enter filters to the object', async (t: TestContext) => {
  const s = makeSession();
  const h = await renderApp(s, { columns: 120, rows: 40 });
  t.after(() => h.unmount());
  await h.press('T');
  assertFits(h, 120, 40);
  const frame = h.frame();
  assert.match(frame, /By count/);
  assert.match(frame, /By rate over the last 5 minutes/);
  // FailedScheduling: 7 at once, first seen 30 s ago → 7 in the window, 1.4/min. BackOff: 12
  // spread over 590 s, 290 s of them in the window → ≈1.2/min.
  const byRate = tableRows(h.lines(), 'By rate');
  assert.match(byRate[0]!, /FailedScheduling +│ +7 │ +1 │ +1\.4 │/);
  assert.match(byRate[1]!, /BackOff +│ +12 │ +1 │ +1\.2 │/);

  await h.press('\t', '\t');
  const objects = tableRows(h.lines(), 'By count');
  assert.match(objects[0]!, /│ shop +│ Pod\/web-7d9f8c6b5-x2k4q +│ +13 │ +2 │/);
  await h.press(KEY.enter);
  const after = h.frame();
  assert.match(after, /ns:shop obj:Pod\/web-7d9f8c6b5-x2k4q/);
  assert.match(after, /Back-off restarting/);
  assert.match(after, /Pulled +Pod\/web-7d9f8c6b5-x2k4q +1 Container image/);
  assert.match(after, /2 of 8 match/);
  assert.doesNotMatch(after, /FailedScheduling/);
});

test('summary: new in the last 10 minutes, Esc back to the table, s switches to by rate at 80×24', async (t: TestContext) => {
  const h = await renderApp(makeSession(), { columns: 80, rows: 24 });
  t.after(() => h.unmount());
  await h.press('T', 's');
  assert.match(h.frame(), /By rate over the last 5 minutes/);
  await h.press(KEY.esc);
  assert.doesNotMatch(h.frame(), /By rate/);
  await h.press('T', 'h');
  assertFits(h, 80, 24);
  const fresh = tableRows(h.lines(), 'First seen in the last 10 minutes');
  assert.match(fresh[0]!, /│ › │ +10m │ shop +│ Pod\/web-7d9f8c6b5… │ BackOff +│ +12 │/);
});
