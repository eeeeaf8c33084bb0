// `:expired off`: the view leaves out groups whose events were all deleted, also as groups expire
// and revive between frames (merged forward, not recomputed), for every sort, with filters and
// warnings-only; the result equals a view computed from scratch and the filter over every group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore } from '../../src/store/aggregate.js';
import { EventView, type SortKey, type ViewSpec } from '../../src/store/view.js';
import { ev, upsert } from './helpers/events.js';
import { mulberry32 as prng } from '../../demo/apiserver/random.js';
import type { SourceChange } from '../../src/kube/types.js';

const SORTS: SortKey[] = ['triage', 'lastSeen', 'count', 'firstSeen', 'severity'];
const QUERIES = ['', 'back', 'type:warning'];

/** Two live groups (web-1 seen before web-2), a view of them and a hide-expired spec. */
function twoGroups() {
  const s = new AggregateStore();
  const a = ev({ uid: 'a', object: 'web-1', lastSeen: 1000 });
  const b = ev({ uid: 'b', object: 'web-2', lastSeen: 2000 });
  s.apply([upsert(a), upsert(b)]);
  const spec: ViewSpec = { query: '', warningsOnly: false, sort: 'lastSeen', hideExpired: true };
  return { s, a, b, view: new EventView(s), spec };
}

test('view: hideExpired leaves out expired groups; a group that expires leaves at the next compute', () => {
  const { s, a, b, view, spec } = twoGroups();
  assert.equal(view.compute(spec).groups.length, 2);
  s.apply([{ kind: 'delete', event: a }]);
  assert.deepEqual(view.compute(spec).groups.map((g) => g.object.name), ['web-2']);
  assert.equal(view.compute(spec).considered, 1);
  // Shown again (the default), marked expired.
  const all = view.compute({ ...spec, hideExpired: false }).groups;
  assert.equal(all.length, 2);
  assert.equal(all.find((g) => g.object.name === 'web-1')!.expired, true);
  // A revived member brings its group back.
  s.apply([upsert({ ...a, count: 2, resourceVersion: '5' })]);
  assert.equal(view.compute(spec).groups.length, 2);
});

test('view: hideExpired while no group is expired takes the unfiltered path, and filters again once one expires', () => {
  const { s, b, view, spec } = twoGroups();
  // everyRow: the result is the store's rows themselves (no filter pass, no copy).
  assert.equal(view.compute(spec).everyRow, true);
  s.apply([{ kind: 'delete', event: b }]);
  const r = view.compute(spec);
  assert.equal(r.everyRow, false);
  assert.deepEqual(r.groups.map((g) => g.object.name), ['web-1']);
  s.apply([upsert({ ...b, count: 2, resourceVersion: '7', lastSeen: 3000 })]);
  const back = view.compute(spec);
  assert.equal(back.everyRow, true);
  assert.deepEqual(back.groups.map((g) => g.object.name), ['web-2', 'web-1']);
  // The same under a query and under warnings-only: the rows a view from scratch gives.
  for (const [q, warningsOnly] of [['web', false], ['type:normal', false], ['', true]] as const) {
    const sq = { ...spec, query: q, warningsOnly };
    assert.deepEqual(view.compute(sq).groups.map((g) => g.key), new EventView(s).compute(sq).groups.map((g) => g.key));
  }
});

test('view: hideExpired merged forward equals from scratch after random batches (deletes, revivals), every sort', () => {
  for (const seed of [1, 7, 23]) {
    const rnd = prng(seed);
    const store = new AggregateStore({ maxGroups: 80 });
    const known: ReturnType<typeof ev>[] = [];
    const views = new Map<string, EventView>();
    let t = 100_000;
    for (let step = 0; step < 200; step++) {
      const batch: SourceChange[] = [];
      for (let i = 0, n = 1 + Math.floor(rnd() * 6); i < n; i++) {
        t += 1000;
        const r = rnd();
        if (r < 0.4 || known.length === 0) {
          const e = ev({ uid: `u${known.length}`, object: `web-${Math.floor(rnd() * 40)}`, reason: rnd() < 0.5 ? 'BackOff' : 'Unhealthy', type: rnd() < 0.5 ? 'Warning' : 'Normal', lastSeen: t });
          known.push(e);
          batch.push(upsert(e));
        } else {
          const i = Math.floor(rnd() * known.length);
          const old = known[i]!;
          // Deleted (TTL) or seen again (a delete then an update revives it).
          if (r < 0.75) batch.push({ kind: 'delete', event: old });
          else batch.push(upsert((known[i] = { ...old, count: old.count + 1, lastSeen: t, resourceVersion: String(t) })));
        }
      }
      store.apply(batch);
      for (const sort of SORTS) {
        for (const query of QUERIES) {
          if (rnd() < 0.4) continue;
          const spec: ViewSpec = { query, warningsOnly: rnd() < 0.2, sort, hideExpired: rnd() < 0.7 };
          const key = `${sort}|${query}`;
          let v = views.get(key);
          if (v === undefined) views.set(key, (v = new EventView(store)));
          const got = v.compute(spec, t).groups.map((g) => g.key);
          const want = new EventView(store).compute(spec, t).groups.map((g) => g.key);
          const label = `seed ${seed} step ${step} ${key} ${JSON.stringify(spec)}`;
          assert.deepEqual(got, want, label);
          if (spec.hideExpired) assert.ok(got.every((k) => !store.group(k)!.expired), label);
          const everyGroup = new EventView(store).compute({ ...spec, hideExpired: false }, t).groups.filter((g) => !spec.hideExpired || !g.expired).map((g) => g.key);
          assert.deepEqual(got, everyGroup, `${label}: the same rows as the filter without hideExpired, less the expired`);
        }
      }
    }
  }
});
