// Pure row rendering: exact widths (CJK, emoji), truncation, column adaptation, highlights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLayout, contentWidths, formatAge, formatCount, renderHeaderRow, renderRow, truncateMiddle, wrapText, MIN_WIDTH } from '../../src/ui/rows.js';
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

test('rows: a long message ends in an ellipsis; a long object keeps its kind whole and its name\'s suffix', () => {
  const g = group({ name: 'very-long-deployment-name-for-payments-7d9f8c6b5-x2k4q', reason: 'BackOff', message: 'Back-off restarting failed container '.repeat(5), type: 'Warning' });
  const layout = computeLayout(80, { namespaces: false, content: contentWidths([g]) });
  const line = renderRow(g, layout, T0);
  const msg = line.cells.find((c) => c.id === 'message')!;
  assert.ok(line.text.slice(msg.start, msg.end).endsWith('…'));
  const obj = line.cells.find((c) => c.id === 'object')!;
  const objText = line.text.slice(obj.start, obj.end);
  assert.match(objText, /^po\/very.*….*4q\s*$/, 'kubectl short kind when space is short, name cut in the middle');
  assert.equal(truncateMiddle('Pod/web-7d9f8c6b5-x2k4q', 30).text, 'Pod/web-7d9f8c6b5-x2k4q       ');
  const cut = truncateMiddle('Pod/abcdefghijklmnopqrstuvwxyz', 12);
  assert.equal(displayWidth(cut.text), 12);
  assert.ok(cut.text.includes('…'));
});

test('rows: TYPE is the Kubernetes type and SEV the tier, on every width', () => {
  const normal = group({ name: 'worker-3', kind: 'Node', reason: 'NodeNotReady', message: 'Node worker-3 status is now: NodeNotReady', type: 'Normal' });
  const oom = group({ name: 'worker-3', kind: 'Node', reason: 'OOMKilling', message: 'Out of memory: Killed process 4242 (java)', type: 'Warning' });
  for (const width of [80, 120, 200]) {
    const layout = computeLayout(width, { namespaces: true, content: contentWidths([normal, oom]) });
    const cell = (g: EventGroup, id: string) => {
      const line = renderRow(g, layout, T0);
      const c = line.cells.find((x) => x.id === id)!;
      return line.text.slice(c.start, c.end).trim();
    };
    assert.equal(cell(normal, 'type'), 'Normal', `${width}`);
    assert.equal(cell(normal, 'sev'), 'W', 'NodeNotReady is a warning-tier state report');
    assert.equal(cell(oom, 'type'), 'Warning');
    assert.equal(cell(oom, 'sev'), 'C');
    assert.match(renderHeaderRow(layout), /LAST S TYPE +/);
  }
});

test('rows: widths follow the content: standard reasons whole from 100 columns, MESSAGE ≥ 30 at 80, kinds never cut', () => {
  const reasons = ['EvictionThresholdMet', 'NodeHasInsufficientMemory', 'NodeHasSufficientMemory', 'FailedScheduling'];
  const kinds = ['Deployment', 'HorizontalPodAutoscaler', 'ReplicaSet', 'Pod', 'Node'];
  const groups = reasons.flatMap((reason, i) => kinds.map((kind) => group({ name: `cart-${i}`, kind, reason, message: 'm', type: 'Warning' })));
  const content = contentWidths(groups);
  for (const width of [80, 100, 120, 200]) {
    const layout = computeLayout(width, { namespaces: true, content });
    const cols = Object.fromEntries(layout.columns.map((c) => [c.id, c.width]));
    assert.ok(cols.message! >= 30, `message at ${width}: ${cols.message}`);
    for (const g of groups) {
      const line = renderRow(g, layout, T0);
      const text = (id: string) => { const c = line.cells.find((x) => x.id === id)!; return line.text.slice(c.start, c.end); };
      if (width >= 100) assert.equal(text('reason').trim(), g.reason, `${width}: ${g.reason}`);
      assert.match(text('object'), /^(Deployment|HorizontalPodAutoscaler|ReplicaSet|Pod|Node|deploy|hpa|rs|po|no)\//, `${width}: ${text('object')}`);
    }
  }
  // OBJECT takes what names need and no more: the rest goes to MESSAGE.
  const short = contentWidths([group({ name: 'web', kind: 'Pod', reason: 'Pulled', message: 'm' })]);
  const wide = computeLayout(200, { namespaces: false, content: short });
  assert.equal(wide.columns.find((c) => c.id === 'object')!.width, 'Pod/web'.length);
  assert.equal(wide.columns.find((c) => c.id === 'reason')!.width, 'Pulled'.length);
});

test('rows: CJK names at 80 columns stay within their cells', () => {
  const g = group({ name: '服务-前端-7d9f8c6b5-x2k4q', ns: '生产环境', reason: 'Unhealthy', message: '就绪探针失败：连接被拒绝 '.repeat(4), type: 'Warning' });
  const layout = computeLayout(80, { namespaces: true, content: contentWidths([g]) });
  const line = renderRow(g, layout, T0);
  assert.equal(displayWidth(line.text), 80);
  const obj = line.cells.find((c) => c.id === 'object')!;
  assert.match(line.text.slice(obj.start, obj.end), /^po\/服务.*…/);
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
    ['object', [0, 3, 4, 5, 'Pod/checkout-api-5f7d8c9b4-abcde'.length - 1]],
  ] as const);
  const line = renderRow(g, layout, T0, { highlights: hl as unknown as Map<'reason' | 'object', number[]> });
  const marked = line.marks.map(([s, e]) => line.text.slice(s, e));
  assert.ok(marked.includes('Fa'), JSON.stringify(marked));
  assert.ok(marked.includes('Sc'), JSON.stringify(marked));
  assert.ok(marked.includes('/ch'), 'kind letters do not map onto a short kind; the slash and the name do');
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

test('rows: two rows that differ only by component show COMPONENT, at 80 columns too', () => {
  const node = { name: 'web-1', kind: 'Pod', reason: 'NodeNotReady', message: 'Node is not ready', type: 'Warning' };
  const a = group({ ...node, component: 'node-controller' });
  const b = group({ ...node, component: 'kubelet' });
  const other = group({ ...node, name: 'web-2', component: 'kubelet' });
  for (const width of [80, 120]) {
    const alone = computeLayout(width, { namespaces: false, content: contentWidths([a, other]) });
    assert.ok(!alone.columns.some((c) => c.id === 'component'), 'no COMPONENT when nothing needs it');
    const layout = computeLayout(width, { namespaces: false, content: contentWidths([a, b, other]) });
    assert.ok(layout.columns.some((c) => c.id === 'component'), `COMPONENT shown at ${width}`);
    const [ra, rb] = [renderRow(a, layout, T0).text, renderRow(b, layout, T0).text];
    assert.notEqual(ra, rb);
    assert.match(ra, /node-co/);
    assert.equal(displayWidth(ra), width);
  }
});

test('rows: a filter with an emoji marks it once, whole (found by test/unit/fuzz-rows)', () => {
  // store/match reports UTF-16 positions: both halves of 👍 (3 and 4) match.
  const g = group({ name: 'web-0', reason: 'Unhealthy', message: 'ok 👍 done' });
  const layout = computeLayout(100, { namespaces: false });
  const line = renderRow(g, layout, T0, { highlights: new Map([['message', [3, 4]]]) });
  const at = line.cells.find((c) => c.id === 'message')!.start;
  assert.deepEqual(line.marks, [[at + 3, at + 5]]);
});
