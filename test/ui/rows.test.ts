// Pure row rendering: exact widths (CJK, emoji), truncation, column adaptation, highlights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLayout, formatAge, formatCount, renderHeaderRow, renderRow, truncateMiddle, wrapText, MIN_WIDTH } from '../../src/ui/rows.js';
import { displayWidth } from '../../src/model/width.js';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { kubeEvent, T0, SAMPLE, type RawSpec } from './helpers.js';

function group(p: RawSpec): EventGroup {
  const s = new AggregateStore();
  s.apply([{ kind: 'upsert', event: kubeEvent(p) }]);
  return s.groupList()[0]!;
}

const WIDTHS = [MIN_WIDTH, 41, 60, 79, 80, 100, 119, 120, 121, 159, 160, 200, 250, 333];

test('rows: every sample group renders to exactly the width, with and without namespaces', () => {
  const groups = SAMPLE.map(group);
  for (const width of WIDTHS) {
    for (const namespaces of [false, true]) {
      const layout = computeLayout(width, { namespaces });
      assert.equal(layout.natural, width, `columns fill ${width}`);
      assert.equal(displayWidth(renderHeaderRow(layout)), width);
      for (const g of groups) {
        const line = renderRow(g, layout, T0);
        assert.equal(displayWidth(line.text), width, `${width} ${g.reason}: ${line.text}`);
        assert.ok(!line.text.includes('\n'));
      }
    }
  }
});

test('rows: CJK and emoji messages are cut between glyphs, never past the width', () => {
  const messages = [
    '服务不可用服务不可用服务不可用服务不可用服务不可用服务不可用服务不可用服务不可用服务不可用服务不可用服务不可用',
    '🚨🔥'.repeat(80),
    'a服'.repeat(90),
    '👩🏽‍💻 deploy failed ' + '界'.repeat(100),
    'x'.repeat(500),
  ];
  for (const message of messages) {
    const g = group({ name: '服务-0', reason: 'Unhealthy失败', message, type: 'Warning' });
    for (let width = MIN_WIDTH; width <= 260; width += 1) {
      const layout = computeLayout(width, { namespaces: width % 2 === 0 });
      const line = renderRow(g, layout, T0);
      assert.equal(displayWidth(line.text), width, `width ${width}`);
    }
  }
});

test('rows: a long message ends in an ellipsis; the object is cut in the middle keeping the pod suffix', () => {
  const g = group({ name: 'very-long-deployment-name-for-payments-7d9f8c6b5-x2k4q', reason: 'BackOff', message: 'Back-off restarting failed container '.repeat(5), type: 'Warning' });
  const layout = computeLayout(80, { namespaces: false });
  const line = renderRow(g, layout, T0);
  const msg = line.cells.find((c) => c.id === 'message')!;
  assert.ok(line.text.slice(msg.start, msg.end).endsWith('…'));
  const obj = line.cells.find((c) => c.id === 'object')!;
  const objText = line.text.slice(obj.start, obj.end);
  assert.match(objText, /^Pod\/very.*….*x2k4q\s*$/);
  assert.equal(truncateMiddle('Pod/web-7d9f8c6b5-x2k4q', 30).text, 'Pod/web-7d9f8c6b5-x2k4q       ');
  const cut = truncateMiddle('Pod/abcdefghijklmnopqrstuvwxyz', 12);
  assert.equal(displayWidth(cut.text), 12);
  assert.ok(cut.text.includes('…'));
});

test('rows: columns adapt: 80 has no type word, 120 gives the message more, 250 shows words and wide columns', () => {
  const at = (w: number, ns = true) => Object.fromEntries(computeLayout(w, { namespaces: ns }).columns.map((c) => [c.id, c.width]));
  const w80 = at(80, false);
  assert.equal(w80.namespace, undefined, 'NAMESPACE only when several namespaces are in view');
  assert.equal(w80.type, 1);
  assert.ok(w80.message! >= 20, `message at 80: ${w80.message}`);
  assert.ok(w80.reason! >= 12);
  const w120 = at(120);
  assert.ok(w120.reason! >= 17, 'FailedScheduling fits at 120');
  assert.ok(w120.object! >= 24);
  assert.ok(w120.message! >= 40);
  const w250 = at(250);
  assert.equal(w250.type, 8);
  assert.ok(w250.message! >= 120);
  assert.ok(w250.object! >= 40);
  assert.match(renderHeaderRow(computeLayout(250, { namespaces: true })), /LAST TYPE +NAMESPACE +OBJECT +REASON +COUNT MESSAGE/);
});

test('rows: below the minimum width lines are still exactly the width', () => {
  const g = group(SAMPLE[0]!);
  for (const width of [1, 5, 10, 20, 39]) {
    const line = renderRow(g, computeLayout(width, { namespaces: true }), T0);
    assert.equal(displayWidth(line.text), width);
  }
});

test('rows: gutter shows the cursor and fresh markers; ages and counts read like kubectl', () => {
  const g = group(SAMPLE[0]!);
  const layout = computeLayout(100, { namespaces: false });
  assert.ok(renderRow(g, layout, T0, { selected: true, fresh: 'new' }).text.startsWith('>+'));
  assert.ok(renderRow(g, layout, T0, { fresh: 'changed' }).text.startsWith(' *'));
  assert.equal(formatAge(T0 - 10_000, T0), '10s');
  assert.equal(formatAge(T0 - 200_000, T0), '3m20s');
  assert.equal(formatAge(NaN, T0), '?');
  assert.equal(formatCount(99_999), '99999');
  assert.equal(formatCount(123_456), '123k');
  assert.equal(formatCount(1_234_567), '1.2M');
  assert.ok(formatCount(987_654_321).length <= 5);
});

test('rows: highlight positions map into the cells (reason as is, object across the middle cut)', () => {
  const g = group({ name: 'checkout-api-5f7d8c9b4-abcde', reason: 'FailedScheduling', message: 'no nodes', type: 'Warning' });
  const layout = computeLayout(80, { namespaces: false });
  const hl = new Map([
    ['reason', [0, 1, 6, 7]],
    ['object', [0, 4, 5, 'Pod/checkout-api-5f7d8c9b4-abcde'.length - 1]],
  ] as const);
  const line = renderRow(g, layout, T0, { highlights: hl as unknown as Map<'reason' | 'object', number[]> });
  const marked = line.marks.map(([s, e]) => line.text.slice(s, e));
  assert.ok(marked.includes('Fa'), JSON.stringify(marked));
  assert.ok(marked.includes('Sc'), JSON.stringify(marked));
  assert.ok(marked.includes('P'));
  assert.ok(marked.includes('ch'));
  assert.ok(marked.includes('e'), 'the last char of the name survives the middle cut');
});

test('wrapText: words wrap within the width, long words are cut, newline markers break lines', () => {
  const lines = wrapText('Readiness probe failed: Get "http://10.0.0.1:8080/healthz": context deadline exceeded ⏎ second line', 20);
  for (const l of lines) assert.ok(displayWidth(l) <= 20, l);
  assert.ok(lines.includes('second line'));
  const cjk = wrapText('服'.repeat(25), 10);
  assert.deepEqual(cjk.map(displayWidth), [10, 10, 10, 10, 10]);
  assert.equal(wrapText('x'.repeat(45), 20).length, 3);
});
