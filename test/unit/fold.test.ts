import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { FoldIndex, isFold, type Fold, type FoldRow } from '../../src/store/fold.js';
import { templateOf } from '../../src/model/template.js';
import { objectKey } from '../../src/model/key.js';
import { severityRank } from '../../src/model/severity.js';
import type { SourceChange } from '../../src/kube/types.js';
import { ev, upsert, type EventSpec } from './helpers/events.js';
import { mulberry32 as prng } from '../../demo/apiserver/random.js';
import * as msg from '../../demo/messages.js';

const del = (p: EventSpec): SourceChange => ({ kind: 'delete', event: ev(p) });
const oom = (uid: string, node: string, pid: number, lastSeen = 1000): EventSpec => ({
  uid, kind: 'Node', object: node, ns: 'default', component: 'kernel-monitor', reason: 'OOMKilling', message: msg.kernelOom(pid, 'java', 780000 + pid), lastSeen,
});
const folds = (rows: readonly FoldRow[]) => rows.filter(isFold);

test('fold: OOM kills with different PIDs are one row with the summed count, objects and times', () => {
  const store = new AggregateStore();
  store.apply([
    upsert(ev(oom('a', 'node-1', 4242, 1000))),
    upsert(ev({ ...oom('b', 'node-1', 4243, 3000), count: 3, firstSeen: 500 })),
    upsert(ev(oom('c', 'node-2', 17, 2000))),
    upsert(ev({ uid: 'd', reason: 'BackOff', message: 'Back-off pulling image "nginx:1.25"' })),
  ]);
  const index = new FoldIndex();
  const changes = index.sync(store);
  const rows = index.rows();
  assert.equal(rows.length, 2);
  const [fold] = folds(rows);
  assert.ok(fold);
  assert.equal(fold.count, 5);
  assert.equal(fold.groups, 3);
  assert.equal(fold.objects, 2);
  assert.equal(fold.firstSeen, 500);
  assert.equal(fold.lastSeen, 3000);
  assert.equal(fold.latestGroup.latest.uid, 'b');
  assert.equal(fold.severity, 'critical');
  assert.equal(fold.message, templateOf(msg.kernelOom(1, 'java', 1)).display);
  assert.match(fold.message, /Killed process ‹n› \(‹…›\)/);
  // A single group is its own row, markers and all left out.
  const single = rows.find((r) => !isFold(r))!;
  assert.equal(single.message, 'Back-off pulling image "nginx:1.25"');
  assert.deepEqual(new Set(changes.changed), new Set(rows));
  assert.deepEqual(index.membersOf(fold).map((g) => g.latest.uid), ['b', 'c', 'a']);
  assert.equal(index.foldOf(single), undefined);
  assert.equal(index.foldOf(index.membersOf(fold)[0]!), fold);
});

test('fold: type, reason, kind and wording keep folds apart', () => {
  const store = new AggregateStore();
  store.apply([
    upsert(ev(oom('a', 'node-1', 1))),
    upsert(ev({ ...oom('b', 'node-1', 2), type: 'Normal' })),
    upsert(ev({ ...oom('c', 'node-1', 3), reason: 'SystemOOM' })),
    upsert(ev({ uid: 'd', reason: 'FailedScheduling', component: 'default-scheduler', object: 'p1', message: '0/3 nodes are available: 3 Insufficient cpu.' })),
    upsert(ev({ uid: 'e', reason: 'FailedScheduling', component: 'default-scheduler', object: 'p2', message: '0/3 nodes are available: 3 Insufficient memory.' })),
    upsert(ev({ uid: 'f', reason: 'FailedScheduling', component: 'default-scheduler', object: 'p3', message: '0/5 nodes are available: 5 Insufficient memory.' })),
  ]);
  const index = new FoldIndex();
  index.sync(store);
  const rows = index.rows();
  assert.equal(rows.length, 5);
  const [fold, ...more] = folds(rows);
  assert.equal(more.length, 0);
  assert.equal(fold!.message, '‹n›/‹n› nodes are available: ‹n› Insufficient memory.');
});

test('fold: a group leaves its fold when its event moves to another text, or its type changes', () => {
  const store = new AggregateStore();
  const index = new FoldIndex();
  const pod = (uid: string, name: string, extra: Partial<EventSpec> = {}): EventSpec => ({
    uid, object: 'cart', kind: 'ReplicaSet', component: 'replicaset-controller', reason: 'SuccessfulCreate', type: 'Normal', message: msg.createdPod(name), ...extra,
  });
  store.apply([upsert(ev(pod('a', 'cart-7fb9d4bb4c-x2x9k'))), upsert(ev(pod('b', 'cart-7fb9d4bb4c-k7zq4'))), upsert(ev(pod('c', 'cart-7fb9d4bb4c-bq7lm')))]);
  index.sync(store);
  const [fold] = folds(index.rows());
  assert.equal(fold!.groups, 3);

  // Event c is re-stated with another text: its old group dissolves, its new one folds elsewhere.
  store.apply([upsert(ev(pod('c', 'x', { message: 'Error creating: pods "cart-7fb9d4bb4c-bq7lm" is forbidden: exceeded quota', count: 2 })))]);
  let changes = index.sync(store);
  assert.equal(fold!.groups, 2);
  assert.equal(fold!.count, 2);
  assert.equal(index.rows().length, 2);
  assert.ok(changes.changed.includes(fold!));
  const moved = store.groupList().find((g) => g.latest.uid === 'c')!;
  assert.ok(changes.changed.includes(moved));
  assert.ok(index.rows().includes(moved));

  // b turns Warning (its latest member says so): a fold of one is shown as the plain group.
  store.apply([upsert(ev(pod('b2', 'cart-7fb9d4bb4c-k7zq4', { type: 'Warning', lastSeen: 2000 }))), upsert(ev(pod('a', 'cart-7fb9d4bb4c-x2x9k', { count: 4 })))]);
  changes = index.sync(store);
  const a = store.groupList().find((g) => g.latest.uid === 'a')!;
  const b = store.groupList().find((g) => g.latest.uid === 'b2')!;
  assert.deepEqual(new Set(index.rows()), new Set([a, b, moved]));
  assert.ok(changes.removed.includes(fold!), 'the fold of one is no longer a row');
  assert.ok(changes.changed.includes(a) && changes.changed.includes(b));
  assert.ok(index.rowVersion(a) === store.version, 'a row again: its row version moved on');
});

test('fold: evicted groups leave their folds', () => {
  const store = new AggregateStore({ maxGroups: 3 });
  const index = new FoldIndex();
  store.apply([1, 2, 3].map((i) => upsert(ev(oom(`u${i}`, 'node-1', i, i * 1000)))));
  index.sync(store);
  assert.equal(folds(index.rows())[0]!.count, 3);
  store.apply([upsert(ev(oom('u4', 'node-1', 4, 9000))), upsert(ev(oom('u5', 'node-1', 5, 9500)))]);
  index.sync(store);
  const [fold] = folds(index.rows());
  assert.ok(store.totals().evicted > 0);
  assert.equal(fold!.count, sumCounts(store.groupList()));
  assert.equal(fold!.groups, store.size);
  assert.equal(fold!.firstSeen, Math.min(...store.groupList().map((g) => g.firstSeen)));
});

const sumCounts = (gs: Iterable<EventGroup>) => {
  let n = 0;
  for (const g of gs) n += g.count;
  return n;
};

/** The index must equal a fold of the store's groups recomputed from scratch. */
function check(index: FoldIndex, store: AggregateStore, label: string): void {
  const expected = new Map<string, EventGroup[]>();
  for (const g of store.groups()) {
    const k = [g.component, g.object.kind, g.namespace, g.reason, g.type, templateOf(g.baseMessage).key].join('\u0000');
    (expected.get(k) ?? expected.set(k, []).get(k)!).push(g);
  }
  const rows = index.rows();
  assert.equal(rows.length, expected.size, `${label}: rows`);
  const byRow = new Set(rows);
  assert.equal(byRow.size, rows.length, `${label}: rows are distinct`);
  for (const members of expected.values()) {
    if (members.length === 1) {
      assert.ok(byRow.has(members[0]!), `${label}: a fold of one is its group`);
      continue;
    }
    const f = index.foldOf(members[0]!) as Fold;
    assert.ok(f && byRow.has(f), `${label}: fold row`);
    assert.deepEqual(new Set(f.members), new Set(members), `${label}: members`);
    assert.equal(f.count, sumCounts(members), `${label}: count is the sum of the members'`);
    assert.equal(f.groups, members.length);
    assert.equal(f.objects, new Set(members.map((g) => objectKey(g.object.kind, g.object.namespace, g.object.name))).size, `${label}: objects`);
    assert.equal(f.live, members.reduce((n, g) => n + g.live, 0), `${label}: live`);
    const known = (xs: number[]) => xs.filter((x) => x === x);
    const firsts = known(members.map((g) => g.firstSeen));
    const lasts = known(members.map((g) => g.lastSeen));
    assert.deepEqual(f.firstSeen, firsts.length ? Math.min(...firsts) : NaN, `${label}: firstSeen`);
    assert.deepEqual(f.lastSeen, lasts.length ? Math.max(...lasts) : NaN, `${label}: lastSeen`);
    assert.equal(f.latestGroup.lastSeen === f.latestGroup.lastSeen ? f.latestGroup.lastSeen : NaN, f.lastSeen, `${label}: latest member`);
    assert.equal(severityRank(f.severity), Math.max(...members.map((g) => severityRank(g.severity))), `${label}: severity`);
  }
}

test('fold: under random add/change/delete/relist/evict sequences the index equals a recomputation', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const rnd = prng(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const store = new AggregateStore({ maxGroups: seed % 2 ? 40 : 10_000, recentPerGroup: 3 });
    const index = new FoldIndex();
    const known = new Map<string, EventSpec>();
    let shown = new Set<FoldRow>();
    for (let batch = 0; batch < 150; batch++) {
      const changes: SourceChange[] = [];
      for (let i = 0, n = 1 + int(8); i < n; i++) {
        const r = rnd();
        const uids = [...known.keys()];
        if (r < 0.45 || uids.length === 0) {
          const uid = `u${batch}-${i}`;
          const spec: EventSpec = int(2)
            ? { ...oom(uid, `node-${int(3)}`, int(5) === 0 ? 7 : 1000 + int(60000), 1000 + int(5000)), type: int(6) ? 'Warning' : 'Normal' }
            : { uid, kind: 'ReplicaSet', object: `cart-${int(2)}`, reason: int(3) ? 'SuccessfulCreate' : 'SuccessfulDelete', type: 'Normal',
                component: 'replicaset-controller', message: msg.createdPod(`cart-7fb9d4bb4c-${['x2x9k', 'k7zq4', 'bq7lm'][int(3)]}`), lastSeen: 1000 + int(5000) };
          known.set(uid, spec);
          changes.push(upsert(ev({ ...spec, count: 1 + int(3) })));
        } else if (r < 0.75) {
          const spec = known.get(uids[int(uids.length)]!)!;
          spec.count = (spec.count ?? 1) + int(3);
          spec.lastSeen = (spec.lastSeen ?? 1000) + int(500);
          if (int(8) === 0) spec.type = spec.type === 'Warning' ? 'Normal' : 'Warning';
          if (int(8) === 0) spec.message = int(2) ? msg.kernelOom(int(9), 'python', 1) : `(combined from similar events): ${spec.message}`;
          changes.push(upsert(ev(spec)));
        } else if (r < 0.95) {
          const uid = uids[int(uids.length)]!;
          changes.push(del(known.get(uid)!));
          known.delete(uid);
        } else {
          changes.push({ kind: 'synced', namespace: '', seen: new Set(uids.filter(() => int(4) > 0)) });
        }
      }
      store.apply(changes);
      const c = index.sync(store);
      check(index, store, `seed ${seed} batch ${batch}`);
      // The changes describe the step from the previous rows to these.
      const now = new Set(index.rows());
      for (const r of shown) if (!now.has(r)) assert.ok(c.removed.includes(r), `seed ${seed} batch ${batch}: a row that went is reported`);
      for (const r of now) if (!shown.has(r)) assert.ok(c.changed.includes(r), `seed ${seed} batch ${batch}: a new row is reported`);
      for (const r of c.removed) assert.ok(!now.has(r));
      for (const r of c.changed) assert.ok(now.has(r));
      shown = now;
    }
  }
});
