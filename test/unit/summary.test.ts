import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore } from '../../src/store/aggregate.js';
import { filterToken, formatRate, recentOccurrences, summarize, RATE_WINDOW_MS } from '../../src/store/summary.js';
import { parseQuery } from '../../src/store/query.js';
import { EventView } from '../../src/store/view.js';
import { ev, upsert } from './helpers/events.js';

const NOW = Date.parse('2025-05-01T10:00:00Z');
const min = 60_000;

/** An incident: a crash loop (old and busy), an OOM burst (new), scheduling trouble, a node event. */
function incident(): AggregateStore {
  const s = new AggregateStore();
  s.apply([
    // 60 back-offs over the last hour, listed at once: ~5 of them in the last 5 minutes.
    upsert(ev({ uid: 'b1', reason: 'BackOff', object: 'cart-0', count: 60, firstSeen: NOW - 60 * min, lastSeen: NOW })),
    // OOMKilling: 3 updates of 1 each in the last 2 minutes, first seen 2 minutes ago.
    upsert(ev({ uid: 'o1', reason: 'OOMKilling', kind: 'Node', object: 'node-a', ns: 'default', component: 'kernel-monitor', count: 1, firstSeen: NOW - 2 * min, lastSeen: NOW - 2 * min })),
    upsert(ev({ uid: 'f1', reason: 'FailedScheduling', ns: 'jobs', object: 'batch-1', component: 'default-scheduler', count: 7, firstSeen: NOW - 30 * min, lastSeen: NOW - 20 * min })),
    upsert(ev({ uid: 'p1', reason: 'Pulled', type: 'Normal', object: 'cart-0', count: 2, firstSeen: NOW - 8 * min, lastSeen: NOW - 8 * min })),
    upsert(ev({ uid: 'p2', reason: 'Pulled', type: 'Normal', object: 'web-1', message: 'other image', count: 1, firstSeen: NOW - 9 * min, lastSeen: NOW - 9 * min })),
  ]);
  s.apply([upsert(ev({ uid: 'o1', reason: 'OOMKilling', kind: 'Node', object: 'node-a', ns: 'default', component: 'kernel-monitor', count: 2, firstSeen: NOW - 2 * min, lastSeen: NOW - min, rv: '2' }))]);
  s.apply([upsert(ev({ uid: 'o1', reason: 'OOMKilling', kind: 'Node', object: 'node-a', ns: 'default', component: 'kernel-monitor', count: 3, firstSeen: NOW - 2 * min, lastSeen: NOW, rv: '3' }))]);
  return s;
}

test('summary: reasons by count agree with the store index; by rate puts the new burst first', () => {
  const s = incident();
  const sum = summarize(s.groups(), NOW);
  const reasons = sum.dimensions.reason;
  assert.deepEqual(reasons.byCount.map((r) => [r.label, r.events, r.groups]), s.topReasons(10).map((r) => [r.reason, r.events, r.groups]));
  assert.deepEqual(reasons.byRate.map((r) => r.label), ['BackOff', 'OOMKilling']);
  const backoff = reasons.byRate[0]!;
  const oom = reasons.byRate[1]!;
  // 60 spread over 60 minutes: 5 in the window → 1/min. OOM: 3 occurrences, all in the window.
  assert.ok(Math.abs(backoff.perMinute - 1) < 1e-9, String(backoff.perMinute));
  assert.ok(Math.abs(oom.perMinute - 3 / 5) < 1e-9, String(oom.perMinute));
  assert.equal(reasons.distinct, 4);
  assert.equal(sum.groups, 5);
  assert.equal(sum.events, 60 + 3 + 7 + 2 + 1);
});

test('summary: a count listed at once is spread from first to last seen, not dumped into the window', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', count: 100, firstSeen: NOW - 100 * min, lastSeen: NOW }))]);
  const g = s.groupList()[0]!;
  assert.ok(Math.abs(recentOccurrences(g, NOW, RATE_WINDOW_MS) - 5) < 1e-9);
  // Later single increments count in full.
  s.apply([upsert(ev({ uid: 'a', count: 101, firstSeen: NOW - 100 * min, lastSeen: NOW + min, rv: '2' }))]);
  assert.ok(Math.abs(recentOccurrences(g, NOW + min, RATE_WINDOW_MS) - (4 + 1)) < 1e-9);
  // Long quiet: nothing recent.
  assert.equal(recentOccurrences(g, NOW + 60 * min, RATE_WINDOW_MS), 0);
});

test('summary: Warning vs Normal by the event type (not severity), with group and event counts', () => {
  const sum = summarize(incident().groups(), NOW);
  assert.deepEqual(sum.types, [
    { type: 'Warning', groups: 3, events: 70 },
    { type: 'Normal', groups: 2, events: 3 },
  ]);
  const empty = summarize(new AggregateStore().groups(), NOW);
  assert.deepEqual(empty.types.map((t) => t.type), ['Warning', 'Normal'], 'both always shown');
});

test('summary: new in the last 10 minutes, most events first; objects are Kind/name with namespace', () => {
  const sum = summarize(incident().groups(), NOW);
  assert.deepEqual(sum.fresh.map((r) => [r.reason, r.object, r.events]), [['OOMKilling', 'Node/node-a', 3], ['Pulled', 'Pod/cart-0', 2], ['Pulled', 'Pod/web-1', 1]]);
  assert.equal(sum.freshGroups, 3);
  const objects = sum.dimensions.object.byCount;
  assert.deepEqual(objects.map((r) => [r.label, r.namespace, r.events, r.groups]), [
    ['Pod/cart-0', 'shop', 62, 2], ['Pod/batch-1', 'jobs', 7], ['Node/node-a', '', 3, 1], ['Pod/web-1', 'shop', 1, 1],
  ].map((r) => (r.length === 3 ? [r[0], r[1], r[2], 1] : r)));
  assert.deepEqual(sum.dimensions.namespace.byCount.map((r) => [r.label, r.events]), [['shop', 63], ['jobs', 7], ['default', 3]]);
  assert.deepEqual(sum.dimensions.component.byCount.map((r) => r.label), ['kubelet', 'default-scheduler', 'kernel-monitor']);
});

test('summary: each row carries a filter that selects exactly its groups', () => {
  const s = incident();
  const sum = summarize(s.groups(), NOW);
  const view = new EventView(s);
  for (const dim of ['reason', 'namespace', 'object', 'component'] as const) {
    for (const row of sum.dimensions[dim].byCount) {
      const q = parseQuery(row.filter!);
      assert.deepEqual(q.errors, [], row.filter);
      const shown = view.compute({ query: row.filter!, warningsOnly: false, sort: 'lastSeen' }).groups;
      assert.equal(shown.length, row.groups, `${dim} ${row.filter}`);
      assert.equal(shown.reduce((n, g) => n + g.count, 0), row.events, `${dim} ${row.filter}`);
    }
  }
  for (const row of sum.fresh) assert.equal(view.compute({ query: row.filter!, warningsOnly: false, sort: 'lastSeen' }).groups.length, 1, row.filter);
  assert.equal(filterToken('reason', 'Back off'), 'reason:"Back off"');
  assert.equal(filterToken('reason', ''), undefined);
});

test('summary: top N is kept without sorting everything, same order as a full sort', () => {
  const s = new AggregateStore();
  const batch = [];
  for (let i = 0; i < 500; i++) batch.push(upsert(ev({ uid: `u${i}`, object: `pod-${i}`, count: (i * 7919) % 101 + 1, lastSeen: NOW - i * 1000 })));
  s.apply(batch);
  const sum = summarize(s.groups(), NOW, 10);
  const want = [...s.groups()].sort((a, b) => b.count - a.count || (a.object.name < b.object.name ? -1 : 1)).slice(0, 10);
  assert.deepEqual(sum.dimensions.object.byCount.map((r) => r.label), want.map((g) => `Pod/${g.object.name}`));
  assert.equal(sum.dimensions.object.distinct, 500);
});

test('summary: rates for people', () => {
  assert.equal(formatRate(0), '0');
  assert.equal(formatRate(0.01), '<0.1');
  assert.equal(formatRate(0.6), '0.6');
  assert.equal(formatRate(12.4), '12');
});

test('plain summary: columns align by display width (wide text), --summary is in --help and needs --once', async () => {
  const { alignedTable } = await import('../../src/plain/summary.js');
  const { helpText, parseOptions } = await import('../../src/options.js');
  const lines = alignedTable(['REASON', 'EVENTS'], [['服务不可用', '3'], ['BackOff', '12']]);
  assert.deepEqual(lines, ['REASON       EVENTS', '服务不可用   3', 'BackOff      12']);
  assert.match(helpText(), /--summary +with --once/);
  assert.equal(parseOptions(['--once', '--summary'], true).summary, true);
  assert.throws(() => parseOptions(['--summary'], true), /--summary works with --once/);
});
