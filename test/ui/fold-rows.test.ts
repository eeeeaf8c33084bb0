// A fold's table row: its template with the markers styled, the summed count, what it folds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLayout, contentWidths, renderRow, MIN_WIDTH } from '../../src/ui/rows.js';
import { displayWidth } from '../../src/model/width.js';
import { AggregateStore } from '../../src/store/aggregate.js';
import { FoldedRows } from '../../src/store/folded.js';
import { isFold, type Fold } from '../../src/store/fold.js';
import { createTheme, stripAnsi } from '../../src/ui/theme.js';
import { previewLines } from '../../src/ui/components/Preview.js';
import { kubeEvent, T0 } from './helpers.js';

function oomFold(): Fold {
  const store = new AggregateStore();
  store.apply([4242, 4310, 977].map((pid, i) => ({
    kind: 'upsert' as const,
    event: kubeEvent({ ns: 'default', kind: 'Node', name: `node-${i % 2}`, reason: 'OOMKilling', type: 'Warning', component: 'kernel-monitor', count: i + 2, agoS: 10 + i, message: `Memory cgroup out of memory: Killed process ${pid} (java)` }),
  })));
  const rows = new FoldedRows(store);
  rows.sync();
  const f = rows.groupList().find(isFold);
  assert.ok(f !== undefined);
  return f;
}

test('fold rows: the OBJECT cell says what is folded as room allows; exact width', () => {
  const f = oomFold();
  const wide = computeLayout(140, { namespaces: false, content: contentWidths([f], T0) });
  const line = renderRow(f, wide, T0);
  assert.equal(displayWidth(line.text), 140);
  assert.match(line.text, /OOMKilling +×3 groups · 2 objects +9 Memory cgroup out of memory: Killed process ‹n› \(‹…›\)/);
  // The markers are reported for styling, exactly where they are.
  assert.deepEqual(line.markers?.map(([s, e]) => line.text.slice(s, e)), ['‹n›', '‹…›']);
  for (const width of [MIN_WIDTH, 60, 80, 100]) {
    const l = renderRow(f, computeLayout(width, { namespaces: true }), T0);
    assert.equal(displayWidth(l.text), width, `${width}: ${l.text}`);
    assert.match(l.text, / ×3( groups · 2 obj| · 2 obj|) /, `${width}: ${l.text}`);
  }
});

test('fold rows: markers in the accent colour; without colour the ‹› carry them', () => {
  const f = oomFold();
  const line = renderRow(f, computeLayout(140, { namespaces: false, content: contentWidths([f], T0) }), T0);
  const painted = createTheme(true).row(line, f.severity, { selected: false });
  assert.match(painted, /\x1b\[36m‹n›\x1b\[0m/);
  const plain = createTheme(false).row(line, f.severity, { selected: false });
  assert.doesNotMatch(plain, /\x1b\[36m/);
  assert.equal(stripAnsi(plain), line.text);
});

test('fold rows: the preview says how many groups and objects, and shows the latest member\'s real message', () => {
  const [subject, message] = previewLines(oomFold(), 120, 3);
  assert.match(subject!, /^fold of 3 groups · 2 objects · ×9 · latest: kernel-monitor · Node\/default\/node-0/);
  assert.match(message!, /^  Memory cgroup out of memory: Killed process 4242 \(java\)/);
});
