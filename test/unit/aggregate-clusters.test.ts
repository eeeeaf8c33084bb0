// Several clusters in one store: identity and groups are per cluster, and a cluster's list only
// speaks for that cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore } from '../../src/store/aggregate.js';
import { FoldIndex } from '../../src/store/fold.js';
import type { SourceChange } from '../../src/kube/types.js';
import { ev, upsert } from './helpers/events.js';

const synced = (cluster: string, namespace: string, ...uids: string[]): SourceChange => ({ kind: 'synced', namespace, seen: new Set(uids), cluster });
const countOf = (s: AggregateStore, cluster: string) => [...s.groups()].filter((g) => g.cluster === cluster).reduce((n, g) => n + g.count, 0);

test('clusters: the same uid in two clusters is two events, in two groups that never merge', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'u1', count: 3, cluster: 'a' })), upsert(ev({ uid: 'u1', count: 5, cluster: 'b' }))]);
  assert.equal(s.size, 2);
  assert.equal(s.totals().events, 8);
  assert.equal(s.totals().liveEvents, 2);
  assert.deepEqual([...s.groups()].map((g) => g.cluster).sort(), ['a', 'b']);
  // An update in one cluster moves only its own count.
  s.apply([upsert(ev({ uid: 'u1', count: 4, cluster: 'a', rv: '2' }))]);
  assert.equal(countOf(s, 'a'), 4);
  assert.equal(countOf(s, 'b'), 5);
  // Same text, object and uid as a single-cluster event: a third group.
  s.apply([upsert(ev({ uid: 'u1', count: 1 }))]);
  assert.equal(s.size, 3);
  assert.equal(s.groupsOfObject('Pod', 'shop', 'web', 'a').size, 1);
  assert.equal(s.groupsOfObject('Pod', 'shop', 'web').size, 1);
});

test("clusters: a synced of cluster a never deletes b's events (all namespaces and one namespace)", () => {
  const s = new AggregateStore();
  s.apply([
    upsert(ev({ uid: 'x', cluster: 'a' })),
    upsert(ev({ uid: 'y', cluster: 'a', object: 'api' })),
    upsert(ev({ uid: 'x', cluster: 'b' })),
    upsert(ev({ uid: 'z', cluster: 'b', object: 'db' })),
  ]);
  s.apply([synced('a', '', 'x')]); // a's list: only x exists now
  const live = (cluster: string) => [...s.groups()].filter((g) => g.cluster === cluster && !g.expired).map((g) => g.object.name).sort();
  assert.deepEqual(live('a'), ['web']);
  assert.deepEqual(live('b'), ['db', 'web']);
  s.apply([synced('b', 'shop', 'z')]);
  assert.deepEqual(live('a'), ['web']);
  assert.deepEqual(live('b'), ['db']);
  assert.equal(s.totals().liveEvents, 2);
  // A list that saw everything deletes nothing.
  s.apply([synced('a', '', 'x'), synced('b', '', 'z')]);
  assert.equal(s.totals().liveEvents, 2);
});

test('clusters: a single-cluster synced (no cluster) only concerns cluster-less events', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'x' })), upsert(ev({ uid: 'x', cluster: 'b' }))]);
  s.apply([{ kind: 'synced', namespace: '', seen: new Set() }]);
  assert.deepEqual([...s.groups()].filter((g) => !g.expired).map((g) => g.cluster), ['b']);
});

test('clusters: a delete of cluster a leaves b alone', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'x', cluster: 'a' })), upsert(ev({ uid: 'x', cluster: 'b' }))]);
  s.apply([{ kind: 'delete', event: ev({ uid: 'x', cluster: 'a' }) }]);
  assert.deepEqual([...s.groups()].filter((g) => !g.expired).map((g) => g.cluster), ['b']);
});

test('clusters: folds never span clusters', () => {
  const s = new AggregateStore();
  s.apply([
    upsert(ev({ uid: '1', cluster: 'a', object: 'web-1', message: 'Back-off restarting failed container web-1' })),
    upsert(ev({ uid: '2', cluster: 'a', object: 'web-2', message: 'Back-off restarting failed container web-2' })),
    upsert(ev({ uid: '3', cluster: 'b', object: 'web-3', message: 'Back-off restarting failed container web-3' })),
  ]);
  const folds = new FoldIndex();
  folds.sync(s);
  const rows = [...folds.rows()];
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.cluster).sort(), ['a', 'b']);
});

test('clusters: cluster: keeps the rows of the clusters whose context contains the value', async () => {
  const { EventView } = await import('../../src/store/view.js');
  const s = new AggregateStore();
  s.apply([
    upsert(ev({ uid: '1', cluster: 'kind-prod-eu' })),
    upsert(ev({ uid: '1', cluster: 'kind-staging' })),
    upsert(ev({ uid: '2', cluster: 'kind-staging', object: 'api' })),
  ]);
  const view = new EventView(s);
  const clusters = (query: string) => view.compute({ query, warningsOnly: false, sort: 'lastSeen' }).groups.map((g) => g.cluster).sort();
  assert.deepEqual(clusters('cluster:prod'), ['kind-prod-eu']);
  assert.deepEqual(clusters('cluster:STAGING'), ['kind-staging', 'kind-staging']);
  assert.deepEqual(clusters('-cluster:staging'), ['kind-prod-eu']);
  assert.deepEqual(clusters('cluster:kind web'), ['kind-prod-eu', 'kind-staging']);
});

test('clusters: forgetCluster drops that cluster\'s groups from the store and from a live view', async () => {
  const { EventView } = await import('../../src/store/view.js');
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: '1', cluster: 'a', count: 2 })), upsert(ev({ uid: '1', cluster: 'b', count: 3 })), upsert(ev({ uid: '2', cluster: 'b', object: 'api' }))]);
  const view = new EventView(s);
  const spec = { query: '', warningsOnly: false, sort: 'lastSeen' as const };
  assert.equal(view.compute(spec).groups.length, 3);
  const v = s.version;
  s.forgetCluster('b');
  assert.ok(s.version > v);
  assert.deepEqual([...s.groups()].map((g) => g.cluster), ['a']);
  assert.equal(s.totals().events, 2);
  assert.equal(s.totals().liveEvents, 1);
  assert.deepEqual(view.compute(spec).groups.map((g) => g.cluster), ['a']);
  // Its events come back as new ones (a cluster added again).
  s.apply([upsert(ev({ uid: '1', cluster: 'b', count: 3 }))]);
  assert.equal(s.totals().events, 5);
});
