// The view over folded rows (store/folded): merged forward batch after batch, it shows exactly
// what a view computed from scratch shows, while folds form, grow, shrink back to one group and
// groups move between folds, dissolve or are evicted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { EventView, type SortKey, type ViewSpec } from '../../src/store/view.js';
import { FoldedRows, FoldMembers } from '../../src/store/folded.js';
import { isFold } from '../../src/store/fold.js';
import { ev, upsert } from './helpers/events.js';
import { mulberry32 as prng } from '../../demo/apiserver/random.js';

const SORTS: SortKey[] = ['lastSeen', 'count', 'firstSeen', 'severity', 'triage'];

function message(rnd: () => number): string {
  const pid = 1000 + Math.floor(rnd() * 6);
  switch (Math.floor(rnd() * 3)) {
    case 0:
      return `Memory cgroup out of memory: Killed process ${pid} (java)`;
    case 1:
      return `Liveness probe failed: timeout after ${pid}ms`;
    default:
      return 'Stopping container web';
  }
}

test('folded view: incremental results equal a fresh computation over 300 random batches', () => {
  for (const seed of [1, 7, 42]) {
    const rnd = prng(seed);
    const store = new AggregateStore({ maxGroups: 40 });
    const rows = new FoldedRows(store);
    const views = new Map<string, EventView>();
    const live = new Map<string, ReturnType<typeof ev>>();
    let clock = 10_000;
    for (let step = 0; step < 300; step++) {
      const batch = [];
      for (let i = 0, n = 1 + Math.floor(rnd() * 4); i < n; i++) {
        clock += 1000;
        // Re-sending a known uid with another message or type moves it to another group (the old one dissolves).
        const uid = rnd() < 0.5 && live.size > 0 ? [...live.keys()][Math.floor(rnd() * live.size)]! : `u${step}-${i}`;
        const e = ev({
          uid, message: message(rnd), type: rnd() < 0.7 ? 'Warning' : 'Normal', reason: rnd() < 0.8 ? 'OOMKilling' : 'Unhealthy',
          object: `node-${Math.floor(rnd() * 5)}`, kind: 'Node', ns: 'default', count: 1 + Math.floor(rnd() * 5), lastSeen: clock, firstSeen: clock - 5000,
        });
        live.set(uid, e);
        batch.push(upsert(e));
      }
      store.apply(batch);
      rows.sync();
      // Not every spec every batch: merges then span several syncs, as when a sort is revisited.
      const specs: ViewSpec[] = SORTS.filter(() => rnd() < 0.5).map((sort) => ({ query: rnd() < 0.3 ? 'java' : '', warningsOnly: rnd() < 0.3, sort }));
      for (const spec of specs) {
        const key = `${spec.sort}|${spec.query}|${spec.warningsOnly}`;
        let view = views.get(key);
        if (view === undefined) views.set(key, (view = new EventView(rows)));
        const got = view.compute(spec, clock).groups;
        const want = new EventView(rows).compute(spec, clock).groups;
        assert.deepEqual(got.map((g) => g.key), want.map((g) => g.key), `seed ${seed} step ${step} ${key}`);
        assert.equal(new Set(got).size, got.length, 'no row twice');
      }
      for (const r of rows.groupList()) {
        if (!isFold(r)) continue;
        let sum = 0;
        for (const g of r.members) sum += g.count;
        assert.equal(r.count, sum, `seed ${seed} step ${step}: a fold counts its members`);
      }
    }
  }
});

test('folded view: a fold of several PIDs is one row; its members view lists the groups', () => {
  const store = new AggregateStore();
  store.apply([1, 2, 3].map((n) => upsert(ev({ uid: `o${n}`, kind: 'Node', object: `node-${n % 2}`, ns: 'default', reason: 'OOMKilling', count: n, lastSeen: 1000 * n, message: `Killed process ${4000 + n} (java)` }))));
  store.apply([upsert(ev({ uid: 'b', reason: 'BackOff', lastSeen: 500 }))]);
  const rows = new FoldedRows(store);
  rows.sync();
  const spec: ViewSpec = { query: '', warningsOnly: false, sort: 'lastSeen' };
  const view = new EventView(rows);
  const shown = view.compute(spec).groups;
  assert.equal(shown.length, 2);
  const fold = shown[0]!;
  assert.ok(isFold(fold));
  assert.equal(fold.count, 6);
  assert.equal(fold.message, 'Killed process ‹n› (‹…›)');
  assert.deepEqual([fold.groups, fold.objects], [3, 2]);
  const members = new EventView(new FoldMembers(store, fold)).compute(spec).groups;
  assert.deepEqual(members.map((g: EventGroup) => g.message), ['Killed process 4003 (java)', 'Killed process 4002 (java)', 'Killed process 4001 (java)']);
  // Two of three move away (another type): the fold is one group again, shown as that group.
  store.apply([2, 3].map((n) => upsert(ev({ uid: `o${n}`, kind: 'Node', object: `node-${n % 2}`, ns: 'default', reason: 'OOMKilling', type: 'Normal', count: n, lastSeen: 1000 * n, message: `Killed process ${4000 + n} (java)` }))));
  rows.sync();
  const after = view.compute(spec).groups;
  assert.deepEqual(after.map((g) => g.message), ['Killed process ‹n› (‹…›)', 'Killed process 4001 (java)', 'Back-off restarting failed container']);
  assert.equal(after.filter(isFold).length, 1);
});
