import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, kthSmallest, type EventGroup } from '../../src/store/aggregate.js';
import { COMBINED_PREFIX } from '../../src/model/key.js';
import { normalize } from '../../src/model/normalize.js';
import type { SourceChange } from '../../src/kube/types.js';
import { ev, upsert } from './helpers/events.js';
import { clone, kubeletBackOff, nodeNotReady } from './fixtures/events.js';

const del = (e: ReturnType<typeof ev>): SourceChange => ({ kind: 'delete', event: e });
const synced = (namespace: string, ...uids: string[]): SourceChange => ({ kind: 'synced', namespace, seen: new Set(uids) });
const only = (s: AggregateStore): EventGroup => {
  assert.equal(s.size, 1);
  return s.groupList()[0]!;
};

test('aggregate: a new event adds its whole count; 4 → 5 adds 1; a relist adds 0', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', count: 4 }))]);
  assert.equal(only(s).count, 4);
  s.apply([upsert(ev({ uid: 'a', count: 5, lastSeen: 2000, rv: '2' }))]);
  assert.equal(only(s).count, 5);
  const v = s.version;
  s.apply([upsert(ev({ uid: 'a', count: 5, lastSeen: 2000, rv: '2' }))]); // relist re-delivery
  assert.equal(only(s).count, 5);
  assert.equal(s.version, v, 'nothing changed: no new version');
  assert.deepEqual(only(s).recent.map((o) => o.delta), [4, 1]);
});

test('aggregate: a real event fixture through normalize', () => {
  const s = new AggregateStore();
  const raw = clone(kubeletBackOff);
  s.apply([upsert(normalize(raw, 'core')!)]);
  raw.count = 6;
  raw.lastTimestamp = '2025-03-01T12:05:10Z';
  raw.metadata.resourceVersion = '482999';
  s.apply([upsert(normalize(raw, 'core')!)]);
  const g = only(s);
  assert.equal(g.count, 6);
  assert.equal(g.severity, 'error');
  assert.equal(g.component, 'kubelet');
  assert.equal(g.lastSeen, Date.parse('2025-03-01T12:05:10Z'));
  assert.equal(g.latest.resourceVersion, '482999');
});

test('aggregate: under the namespace/name fallback identity, a lower count is a new incarnation and counts in full', () => {
  const s = new AggregateStore();
  const fallback = { uid: 'shop/web.a', name: 'web.a' }; // what normalize makes of an event without a uid
  s.apply([upsert(ev({ ...fallback, count: 10 }))]);
  s.apply([upsert(ev({ ...fallback, count: 2, lastSeen: 5000, rv: '2' }))]);
  assert.equal(only(s).count, 12);
  s.apply([upsert(ev({ ...fallback, count: 3, lastSeen: 6000, rv: '3' }))]);
  assert.equal(only(s).count, 13);
});

test('aggregate: a real uid with a lower count (etcd restore, then a relist) is the same event re-stated: counts follow the server', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', count: 5, lastSeen: 5000, rv: '50' })), upsert(ev({ uid: 'b', count: 3, lastSeen: 2000, rv: '40' }))]);
  assert.equal(only(s).count, 8);
  // The restored snapshot: a was at 3 then; b unchanged. The relist re-delivers both.
  const v = s.version;
  s.apply([upsert(ev({ uid: 'a', count: 3, lastSeen: 3000, rv: '30' })), upsert(ev({ uid: 'b', count: 3, lastSeen: 2000, rv: '40' })), synced('', 'a', 'b')]);
  const g = only(s);
  assert.equal(g.count, 6, 'the sum of the current counts (3 + 3), not 11');
  assert.equal(s.totals().events, 6);
  assert.equal(s.topReasons(1)[0]!.events, 6);
  assert.ok(g.changedVersion > v, 'followers hear about the lower count');
  assert.equal(g.latest.resourceVersion, '30', 'the restored state is what the event is now');
  assert.equal(g.expired, false);
  // and it counts on from there, once
  s.apply([upsert(ev({ uid: 'a', count: 4, lastSeen: 6000, rv: '31' }))]);
  assert.equal(g.count, 7);
});

test('aggregate: version bumps once per changing batch, subscribers hear once', () => {
  const s = new AggregateStore();
  let calls = 0;
  const off = s.subscribe(() => calls++);
  s.apply([upsert(ev({ uid: 'a' })), upsert(ev({ uid: 'b', reason: 'Other' })), upsert(ev({ uid: 'a', count: 2 }))]);
  assert.equal(s.version, 1);
  assert.equal(calls, 1);
  s.apply([]);
  assert.equal(calls, 1);
  off();
  s.apply([upsert(ev({ uid: 'c' }))]);
  assert.equal(calls, 1);
  assert.equal(s.version, 2);
});

test('aggregate: a combined event is one group that only grows, whatever message it is re-stated with', () => {
  const s = new AggregateStore();
  const scaled = (n: number) => `Scaled down replica set cart-5f4d8c7b9 from ${n + 1} to ${n}`;
  const rs = { reason: 'ScalingReplicaSet', type: 'Normal', component: 'deployment-controller', kind: 'Deployment', object: 'cart' };
  // client-go: nine distinct messages as their own events, then one combined event re-stated.
  s.apply([upsert(ev({ ...rs, uid: 'plain', message: scaled(20), count: 2, lastSeen: 500 }))]);
  const shown: number[] = [];
  let first: EventGroup | undefined;
  for (let n = 1; n <= 17; n++) {
    s.apply([upsert(ev({ ...rs, uid: 'c', message: COMBINED_PREFIX + scaled(20 - n), count: n, lastSeen: 1000 + n, rv: String(n) }))]);
    const combined = s.groupList().filter((g) => g.combined);
    assert.equal(combined.length, 1, 'one group for the combined event');
    first ??= combined[0];
    assert.equal(combined[0], first, 'the same group throughout: a paused view keeps showing it');
    shown.push(combined[0]!.count);
  }
  assert.deepEqual(shown, Array.from({ length: 17 }, (_, i) => i + 1), 'its count is the event\'s and only grows');
  assert.equal(s.size, 2, 'the combined group is not one of the plain texts it folds');
  const g = s.groupList().find((x) => x.combined)!;
  assert.equal(g.message, COMBINED_PREFIX + scaled(3), 'the latest message');
  assert.equal(g.baseMessage, scaled(3));
  assert.equal(g.type, 'Normal');
  assert.equal(g.severity, 'normal');
  assert.equal(s.groupList().find((x) => !x.combined)!.count, 2);
  assert.equal(s.totals().events, 19);
  assert.deepEqual(s.dissolvedSince(0), [], 'nothing was removed');
  // After the combined event expires, client-go creates a new one: the same group.
  s.apply([del(ev({ ...rs, uid: 'c', message: COMBINED_PREFIX + scaled(3), count: 17, lastSeen: 1017, rv: '18' }))]);
  s.apply([upsert(ev({ ...rs, uid: 'c2', message: COMBINED_PREFIX + scaled(2), count: 1, lastSeen: 9000 }))]);
  assert.equal(g.count, 18);
  assert.equal(s.size, 2);
  // A combined Warning of the same source, object and reason is another group.
  s.apply([upsert(ev({ ...rs, uid: 'w', type: 'Warning', message: COMBINED_PREFIX + scaled(2), lastSeen: 9001 }))]);
  assert.equal(s.size, 3);
});

test('aggregate: a changed message moves the event and its whole count to the new text', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', message: 'one', count: 3 })), upsert(ev({ uid: 'b', message: 'one', count: 2 }))]);
  s.apply([upsert(ev({ uid: 'a', message: 'two', count: 4, lastSeen: 2000, rv: '2' }))]);
  const [first, second] = s.groupList();
  // "one" keeps only what b counted; "two" has a's whole count, as kubectl would show it
  assert.equal(first!.count, 2);
  assert.equal(first!.live, 1);
  assert.equal(second!.count, 4);
  assert.equal(second!.live, 1);
  assert.equal(s.totals().events, 6);
  // a group left with nothing counted in it goes away, never listed with a count of 0; a view
  // still holding it (paused) sees its last count, expired
  const v = s.version;
  s.apply([upsert(ev({ uid: 'a', message: 'three', count: 5, lastSeen: 3000, rv: '3' }))]);
  assert.equal(s.size, 2);
  assert.equal(s.group(second!.key), undefined);
  assert.equal(s.totals().events, 7);
  assert.ok(s.groupList().every((g) => g.count > 0));
  assert.deepEqual(s.dissolvedSince(v), [second]);
  assert.equal(second!.count, 4);
  assert.equal(second!.expired, true);
  // and back: rejoins the first group with its count
  s.apply([upsert(ev({ uid: 'a', message: 'one', count: 6, lastSeen: 4000, rv: '4' }))]);
  assert.equal(first!.count, 8);
  assert.equal(first!.live, 2);
  assert.equal(s.size, 1);
  s.apply([synced('', /* nothing seen */)]);
  assert.equal(first!.live, 0);
  assert.equal(s.totals().liveEvents, 0);
  assert.equal(s.totals().evicted, 0);
});

test('aggregate: delete marks the member gone; the group keeps its count and expires', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', count: 2 })), upsert(ev({ uid: 'b', count: 1, lastSeen: 1500 }))]);
  const g = only(s);
  s.apply([del(ev({ uid: 'a', count: 3, lastSeen: 1800 }))]); // the final state is counted first
  assert.equal(g.count, 4);
  assert.equal(g.live, 1);
  assert.equal(g.expired, false);
  s.apply([del(ev({ uid: 'b', count: 1, lastSeen: 1500 }))]);
  assert.equal(g.live, 0);
  assert.equal(g.expired, true);
  assert.equal(g.count, 4);
  const v = s.version;
  s.apply([del(ev({ uid: 'b', count: 1, lastSeen: 1500 }))]); // repeated
  s.apply([del(ev({ uid: 'never-seen' }))]); // unknown: ignored
  assert.equal(s.version, v);
  assert.equal(s.size, 1);
  const { bytes, ...counts } = s.totals();
  assert.ok(bytes > 0);
  assert.deepEqual(counts, { groups: 1, events: 4, warningGroups: 1, warningEvents: 4, expiredGroups: 1, liveEvents: 0, evicted: 0, evictedEvents: 0, untracked: 0, droppedOld: 0 });
});

test('aggregate: synced marks unseen members deleted, only in its namespace', () => {
  const s = new AggregateStore();
  s.apply([
    upsert(ev({ uid: 'a1', ns: 'a', object: 'p1' })),
    upsert(ev({ uid: 'a2', ns: 'a', object: 'p2' })),
    upsert(ev({ uid: 'b1', ns: 'b', object: 'p1' })),
  ]);
  s.apply([synced('a', 'a1')]);
  const live = (ns: string) => [...s.groupsOfNamespace(ns)].map((g) => `${g.object.name}:${g.live}`).sort();
  assert.deepEqual(live('a'), ['p1:1', 'p2:0']);
  assert.deepEqual(live('b'), ['p1:1']);
  s.apply([synced('', 'a1')]);
  assert.deepEqual(live('b'), ['p1:0']);
  assert.equal(s.totals().liveEvents, 1);
  assert.equal(s.totals().events, 3);
});

test('aggregate: a deleted uid upserted again revives without double counting', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', count: 3 }))]);
  s.apply([synced('', /* a missing */)]);
  assert.equal(only(s).expired, true);
  s.apply([upsert(ev({ uid: 'a', count: 3 }))]);
  assert.equal(only(s).count, 3);
  assert.equal(only(s).live, 1);
  assert.equal(s.totals().expiredGroups, 0);
  s.apply([del(ev({ uid: 'a', count: 3 }))]);
  s.apply([upsert(ev({ uid: 'a', count: 5, lastSeen: 9000, rv: '9' }))]);
  assert.equal(only(s).count, 5);
});

test('aggregate: latest is the member with the greatest lastSeen; unknown times never win over known', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'new', lastSeen: 5000, instance: 'node-new' })), upsert(ev({ uid: 'old', lastSeen: 1000, firstSeen: 500, instance: 'node-old' }))]);
  const g = only(s);
  assert.equal(g.latest.uid, 'new');
  assert.equal(g.instance, 'node-new');
  assert.equal(g.firstSeen, 500);
  assert.equal(g.lastSeen, 5000);
  s.apply([upsert(ev({ uid: 'nan', lastSeen: NaN, firstSeen: NaN }))]);
  assert.equal(g.latest.uid, 'new');
  assert.equal(g.firstSeen, 500);
  const t = new AggregateStore();
  t.apply([upsert(ev({ uid: 'nan', lastSeen: NaN, firstSeen: NaN })), upsert(ev({ uid: 'known', lastSeen: 10, firstSeen: 10 }))]);
  assert.equal(only(t).latest.uid, 'known');
  assert.equal(only(t).firstSeen, 10);
});

test('aggregate: a type change of the latest member moves warning totals', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', type: 'Normal', count: 3, lastSeen: 1000 }))]);
  assert.equal(s.totals().warningEvents, 0);
  s.apply([upsert(ev({ uid: 'b', type: 'Warning', count: 2, lastSeen: 2000 }))]);
  assert.deepEqual([s.totals().warningGroups, s.totals().warningEvents], [1, 5]);
  assert.equal(only(s).severity, 'error'); // BackOff
});

test('aggregate: the ring of recent occurrences is capped', () => {
  const s = new AggregateStore({ recentPerGroup: 3 });
  for (let c = 1; c <= 6; c++) s.apply([upsert(ev({ uid: 'a', name: `ev-${c}`, count: c, lastSeen: c * 1000, rv: String(c) }))]);
  assert.deepEqual(only(s).recent, [
    { at: 4000, delta: 1, eventName: 'ev-4' },
    { at: 5000, delta: 1, eventName: 'ev-5' },
    { at: 6000, delta: 1, eventName: 'ev-6' },
  ]);
});

test('aggregate: created/changed versions', () => {
  const s = new AggregateStore();
  s.apply([upsert(ev({ uid: 'a', object: 'p1' }))]);
  s.apply([upsert(ev({ uid: 'b', object: 'p2' }))]);
  s.apply([upsert(ev({ uid: 'a', object: 'p1', count: 2, lastSeen: 3000, rv: '2' }))]);
  const [a, b] = s.groupList();
  assert.deepEqual([a!.createdVersion, a!.changedVersion], [1, 3]);
  assert.deepEqual([b!.createdVersion, b!.changedVersion], [2, 2]);
  assert.equal(s.groupList().filter((g) => g.createdVersion > 1).length, 1); // "1 new since version 1"
});

test('aggregate: indexes by object, reason, namespace; topReasons', () => {
  const s = new AggregateStore();
  s.apply([
    upsert(ev({ uid: '1', object: 'web', reason: 'BackOff', count: 10 })),
    upsert(ev({ uid: '2', object: 'web', reason: 'Pulled', type: 'Normal', count: 1 })),
    upsert(ev({ uid: '3', object: 'db', reason: 'BackOff', count: 2 })),
    upsert(ev({ uid: '4', object: 'db', reason: 'Unhealthy', count: 30, ns: 'data' })),
    upsert(normalize(clone(nodeNotReady), 'core')!),
  ]);
  const names = (set: ReadonlySet<EventGroup>) => [...set].map((g) => `${g.object.name}/${g.reason}`).sort();
  assert.deepEqual(names(s.groupsOfObject('Pod', 'shop', 'web')), ['web/BackOff', 'web/Pulled']);
  assert.deepEqual(names(s.groupsOfObject('Pod', 'shop', 'db')), ['db/BackOff']);
  assert.deepEqual(names(s.groupsOfObject('Pod', 'data', 'db')), ['db/Unhealthy']);
  assert.deepEqual(names(s.groupsOfObject('Node', '', 'node-c')), ['node-c/NodeNotReady']);
  assert.deepEqual(names(s.groupsOfObject('Pod', 'shop', 'nope')), []);
  assert.deepEqual(names(s.groupsOfReason('BackOff')), ['db/BackOff', 'web/BackOff']);
  assert.deepEqual(names(s.groupsOfNamespace('default')), ['node-c/NodeNotReady']);
  assert.deepEqual(s.topReasons(2), [
    { reason: 'Unhealthy', groups: 1, events: 30 },
    { reason: 'BackOff', groups: 2, events: 12 },
  ]);
  assert.equal(s.topReasons(10).length, 4);
});

test('aggregate: the cap evicts the least recently seen groups and forgets their members', () => {
  const s = new AggregateStore({ maxGroups: 100 });
  // 150 groups, lastSeen shuffled so eviction order is not insertion order
  const order = Array.from({ length: 150 }, (_, i) => (i * 67) % 150);
  for (const i of order) s.apply([upsert(ev({ uid: `u${i}`, object: `p${i}`, lastSeen: 1000 + i, count: 2 }))]);
  const kept = s.groupList().map((g) => g.lastSeen - 1000).sort((a, b) => a - b);
  assert.ok(s.size <= 100);
  // once something was evicted, arrivals older than it are not even kept (droppedOld)
  assert.equal(s.totals().evicted + s.totals().droppedOld, 150 - s.size);
  assert.ok(s.totals().evicted > 0 && s.totals().droppedOld > 0);
  assert.equal(s.totals().events, 2 * s.size);
  // every kept group is newer than every evicted one
  assert.deepEqual(kept, Array.from({ length: s.size }, (_, i) => 150 - s.size + i));
  // the index forgets evicted groups too
  assert.equal(s.groupsOfObject('Pod', 'shop', 'p0').size, 0);
  assert.equal(s.groupsOfReason('BackOff').size, s.size);
  // an update of an evicted uid that is newer than what was evicted starts a fresh group, whole count
  s.apply([upsert(ev({ uid: 'u0', object: 'p0', lastSeen: 5000, count: 3, rv: '2' }))]);
  assert.equal(s.groupsOfObject('Pod', 'shop', 'p0').size, 1);
  assert.equal([...s.groupsOfObject('Pod', 'shop', 'p0')][0]!.count, 3);
  // one older than everything evicted is not kept at all (it would be evicted at once)
  const before = s.totals();
  s.apply([upsert(ev({ uid: 'ancient', object: 'ancient', lastSeen: 1 }))]);
  assert.equal(s.totals().droppedOld, before.droppedOld + 1);
  assert.equal(s.totals().groups, before.groups);
  // …unless it belongs to a kept group
  const keptGroup = s.groupList()[0]!;
  s.apply([upsert(ev({ uid: 'late-member', object: keptGroup.object.name, lastSeen: 1 }))]);
  assert.equal(keptGroup.live, 2);
});

test('aggregate: eviction chunks are 1% of the cap', () => {
  const s = new AggregateStore({ maxGroups: 1000 });
  for (let i = 0; i < 1001; i++) s.apply([upsert(ev({ uid: `u${i}`, object: `p${i}`, lastSeen: i }))]);
  assert.equal(s.size, 990);
  assert.equal(s.totals().evicted, 11);
  assert.equal(Math.min(...s.groupList().map((g) => g.lastSeen)), 11);
});

test('aggregate: tombstones are bounded', () => {
  const s = new AggregateStore({ maxTombstones: 10 });
  for (let i = 0; i < 50; i++) s.apply([upsert(ev({ uid: `u${i}`, object: 'p' })), del(ev({ uid: `u${i}`, object: 'p' }))]);
  assert.equal(only(s).count, 50);
  // a forgotten tombstone revived counts again (documented trade-off); a remembered one does not
  s.apply([upsert(ev({ uid: 'u49', object: 'p' }))]);
  assert.equal(only(s).count, 50);
  s.apply([upsert(ev({ uid: 'u0', object: 'p' }))]);
  assert.equal(only(s).count, 51);
});

test('kthSmallest', () => {
  let seed = 3;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let n = 1; n < 200; n += 7) {
    const values = Array.from({ length: n }, () => Math.floor(rnd() * 20) - (rnd() < 0.1 ? Infinity : 0));
    const sorted = [...values].sort((a, b) => a - b);
    for (let k = 0; k < n; k += 3) assert.equal(kthSmallest(Float64Array.from(values), k), sorted[k]);
  }
});

test('aggregate: groups whose digests collide stay apart, through evictions, moves and deletes', () => {
  // Every digest the same: each group after the first is keyed in full.
  const s = new AggregateStore({ digest: () => 'same', maxGroups: 2 });
  const a = (uid: string, count: number, lastSeen: number) => ev({ uid, count, lastSeen, message: 'A' });
  const b = (uid: string, count: number, lastSeen: number) => ev({ uid, count, lastSeen, message: 'B' });
  s.apply([upsert(a('a1', 1, 1000)), upsert(b('b1', 2, 2000)), upsert(b('b2', 3, 3000))]);
  assert.equal(s.size, 2);
  assert.deepEqual(s.groupList().map((g) => [g.message, g.count]).sort(), [['A', 1], ['B', 5]]);
  assert.equal(s.groupOf(a('x', 1, 0))!.message, 'A');
  assert.equal(s.groupOf(b('x', 1, 0))!.message, 'B');
  // A, under the digest, is evicted by a third text; B (keyed in full) must still be found.
  s.apply([upsert(ev({ uid: 'c1', count: 1, lastSeen: 4000, message: 'C' }))]);
  assert.deepEqual(s.groupList().map((g) => [g.message, g.count]).sort(), [['B', 5], ['C', 1]]);
  s.apply([upsert(b('b3', 1, 5000))]);
  assert.deepEqual(s.groupList().map((g) => [g.message, g.count]).sort(), [['B', 6], ['C', 1]], 'B grows, no second B');
  // An event moving from C to B's text; a delete of a B member counts nothing twice.
  s.apply([upsert(ev({ uid: 'c1', count: 1, lastSeen: 6000, message: 'B' }))]);
  assert.deepEqual(s.groupList().map((g) => [g.message, g.count]).sort(), [['B', 7]]);
  s.apply([del(b('b3', 1, 5000)), del(b('b3', 1, 5000))]);
  assert.equal(s.groupOf(b('x', 1, 0))!.count, 7);
  assert.equal(s.groupOf(b('x', 1, 0))!.live, 3);
});

test('keepRaw false: the store lets each latest raw event go and counts it smaller', () => {
  const raw = (name: string, rv: string) => ({
    kind: 'Event', apiVersion: 'v1',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: rv, annotations: { note: 'x'.repeat(2000) } },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1' }, reason: 'BackOff', message: 'Back-off', type: 'Warning', count: 1,
    lastTimestamp: '2025-05-01T10:00:00Z',
  });
  const kept = new AggregateStore();
  const lean = new AggregateStore({ keepRaw: false });
  for (const s of [kept, lean]) s.apply([{ kind: 'upsert', event: normalize(raw('a', '1'), 'core')! }, { kind: 'upsert', event: normalize(raw('b', '2'), 'core')! }]);
  assert.equal((kept.groupList()[0]!.latest.raw.metadata as { name: string }).name, 'b');
  assert.deepEqual(lean.groupList()[0]!.latest.raw, {});
  assert.equal(lean.groupList()[0]!.latest.name, 'b', 'the fields stay');
  assert.equal(lean.totals().events, kept.totals().events);
  assert.ok(lean.totals().bytes < kept.totals().bytes - 2000, `${lean.totals().bytes} vs ${kept.totals().bytes}`);
});
