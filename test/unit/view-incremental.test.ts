// The view merged forward from the store's change log: after random batches (new groups, counts
// that move rows, members that move to another text and empty their group, deletions,
// evictions) it shows exactly what a view computed from scratch shows, for every sort key, with
// and without a filter; and a frame with a few changes does not read the unchanged rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { EventView, type RowSource, type SortKey, type ViewSpec } from '../../src/store/view.js';
import { ev, upsert } from './helpers/events.js';
import { mulberry32 as prng } from '../../demo/apiserver/random.js';
import type { SourceChange } from '../../src/kube/types.js';

const SORTS: SortKey[] = ['triage', 'lastSeen', 'count', 'firstSeen', 'severity'];
const QUERIES = ['', 'back', 'probe web', 'type:warning'];

function randomBatch(rnd: () => number, live: Map<string, ReturnType<typeof ev>>, clock: { t: number; uid: number }, most: number, objects: number): SourceChange[] {
  const batch: SourceChange[] = [];
  const known = [...live.keys()];
  for (let i = 0, n = 1 + Math.floor(rnd() * most); i < n; i++) {
    clock.t += Math.floor(rnd() * 3) * 1000; // equal times too: ties fall back to the key
    const r = rnd();
    if (r < 0.35 || known.length === 0) {
      const e = ev({
        uid: `u${clock.uid++}`, reason: rnd() < 0.5 ? 'BackOff' : 'Unhealthy', object: `web-${Math.floor(rnd() * objects)}`,
        message: rnd() < 0.5 ? 'Back-off restarting failed container' : 'Readiness probe failed', type: rnd() < 0.6 ? 'Warning' : 'Normal',
        count: 1 + Math.floor(rnd() * 3), lastSeen: rnd() < 0.03 ? NaN : clock.t, firstSeen: clock.t - Math.floor(rnd() * 9000),
      });
      live.set(e.uid, e);
      batch.push(upsert(e));
    } else {
      const old = live.get(known[Math.floor(rnd() * known.length)]!);
      if (old === undefined) continue; // deleted earlier in this batch
      if (r < 0.45) {
        batch.push({ kind: 'delete', event: old });
        live.delete(old.uid);
        continue;
      }
      // A repeat (count up, seen now: the row moves), sometimes with another text (the member
      // moves to another group; the old one may dissolve) or type.
      const e = { ...old, count: old.count + 1 + Math.floor(rnd() * 4), lastSeen: clock.t, resourceVersion: String(clock.t) };
      if (r > 0.85) e.message = `${e.message} again`;
      if (r > 0.95) e.type = e.type === 'Warning' ? 'Normal' : 'Warning';
      live.set(e.uid, e);
      batch.push(upsert(e));
    }
  }
  return batch;
}

test('view from the change log: incremental equals from scratch after random batches, every sort, with filters', () => {
  // Small stores: every merge is one stretch of the rows; a larger one with larger batches: rows
  // move from far apart (several stretches, spliced or concatenated).
  const runs = [...[3, 11, 29, 64].map((seed) => ({ seed, maxGroups: 60, steps: 250, most: 6 })), { seed: 5, maxGroups: 3000, steps: 250, most: 30 }];
  for (const { seed, maxGroups, steps, most } of runs) {
    const rnd = prng(seed);
    const store = new AggregateStore({ maxGroups }); // evictions every few batches
    const live = new Map<string, ReturnType<typeof ev>>();
    const clock = { t: 400_000, uid: 0 };
    const views = new Map<string, { view: EventView; version: number }>();
    for (let step = 0; step < steps; step++) {
      store.apply(randomBatch(rnd, live, clock, most, maxGroups / 2));
      for (const sort of SORTS) {
        for (const query of QUERIES) {
          // Not every view every batch: a merge then spans several versions.
          if (rnd() < 0.4) continue;
          const spec: ViewSpec = { query, warningsOnly: rnd() < 0.2, sort };
          const key = `${sort}|${query}`;
          let v = views.get(key);
          if (v === undefined) views.set(key, (v = { view: new EventView(store), version: 0 }));
          const got = v.view.compute(spec, clock.t);
          const want = new EventView(store).compute(spec, clock.t);
          const label = `seed ${seed} step ${step} ${key} ${spec.warningsOnly}`;
          assert.deepEqual(got.groups.map((g) => g.key), want.groups.map((g) => g.key), label);
          assert.ok(got.groups.every((g) => store.group(g.key) === g), `${label}: only current groups`);
          // changedSince (read from the log) = the result's rows that changed since, in its order.
          const since = Math.max(0, v.version);
          const changed = want.groups.filter((g) => g.changedVersion > since);
          const order = new Map(got.groups.map((g, i) => [g, i]));
          assert.deepEqual(got.changedSince(since).map((g) => g.key).sort(), changed.map((g) => g.key).sort(), `${label}: changedSince`);
          if (!got.ranked) {
            const idx = got.changedSince(since).map((g) => order.get(g)!);
            assert.deepEqual(idx, [...idx].sort((a, b) => a - b), `${label}: changedSince in row order`);
          }
          v.version = store.version;
        }
      }
    }
  }
});

/** The store, counting what the view reads of it row by row. */
class Counting implements RowSource {
  rowsRead = 0;
  constructor(private readonly store: AggregateStore) {}
  get version(): number {
    return this.store.version;
  }
  get size(): number {
    return this.store.size;
  }
  *groups(): Iterable<EventGroup> {
    for (const g of this.store.groups()) {
      this.rowsRead++;
      yield g;
    }
  }
  groupList(): readonly EventGroup[] {
    const list = this.store.groupList();
    this.rowsRead += list.length;
    return list;
  }
  group(key: string): EventGroup | undefined {
    this.rowsRead++;
    return this.store.group(key);
  }
  groupsOfObject(kind: string, namespace: string, name: string): Iterable<EventGroup> {
    return this.store.groupsOfObject(kind, namespace, name);
  }
  changedSince(version: number): readonly EventGroup[] | undefined {
    const c = this.store.changedSince(version);
    this.rowsRead += c?.length ?? 0;
    return c;
  }
  goneSince(version: number): readonly EventGroup[] | undefined {
    const c = this.store.goneSince(version);
    this.rowsRead += c?.length ?? 0;
    return c;
  }
}

test('view from the change log: 3 changed groups out of 100k cost O(changed) row reads, not O(groups)', () => {
  const N = 100_000;
  const store = new AggregateStore({ maxGroups: N + 10 });
  const batch: SourceChange[] = [];
  const events: ReturnType<typeof ev>[] = [];
  for (let i = 0; i < N; i++) {
    const e = ev({ uid: `u${i}`, object: `web-${i}`, message: i % 3 === 0 ? 'Back-off restarting failed container' : 'Pulled image', lastSeen: 1_000_000 + i, count: 1 + (i % 7) });
    events.push(e);
    batch.push(upsert(e));
  }
  store.apply(batch);
  const source = new Counting(store);
  for (const query of ['', 'back']) {
    for (const sort of ['count', 'lastSeen'] as const) {
      const view = new EventView(source);
      const spec: ViewSpec = { query, warningsOnly: false, sort };
      view.compute(spec); // the first compute sorts everything
      for (let frame = 1; frame <= 3; frame++) {
        // Three groups from the middle get repeats: they move (count and last seen).
        store.apply([0, 1, 2].map((j) => {
          const e = events[30_000 + 3 * j]!;
          return upsert({ ...e, count: e.count + frame * 10, lastSeen: 2_000_000 + frame, resourceVersion: String(frame) });
        }));
        source.rowsRead = 0;
        const r = view.compute(spec);
        r.changedSince(store.version - 1);
        assert.ok(source.rowsRead < 100, `${sort} ${JSON.stringify(query)} frame ${frame}: ${source.rowsRead} rows read for 3 changes`);
        assert.equal(r.groups[0]!.key, store.group(r.groups[0]!.key)!.key);
        if (frame < 3) continue;
        const want = new EventView(store).compute(spec).groups;
        assert.ok(r.groups.length === want.length && r.groups.every((g, i) => g === want[i]), `${sort} ${JSON.stringify(query)} frame ${frame}: same rows as from scratch`);
      }
    }
  }
});

test('view from the change log: results read late (after later merges) and long runs of merges equal from scratch', () => {
  // The unfiltered rows are kept in chunks and flattened only when read: a result read after
  // newer ones were computed still shows its own version; many merges (chunks split as rows
  // arrive, shrink as they leave, and are re-chunked) keep the order exact.
  for (const { seed, sort, most } of [{ seed: 17, sort: 'lastSeen', most: 40 }, { seed: 23, sort: 'triage', most: 120 }, { seed: 31, sort: 'count', most: 8 }] as const) {
    const rnd = prng(seed);
    const store = new AggregateStore({ maxGroups: 1500 });
    const live = new Map<string, ReturnType<typeof ev>>();
    const clock = { t: 400_000, uid: 0 };
    const view = new EventView(store);
    const spec: ViewSpec = { query: '', warningsOnly: false, sort };
    const kept: Array<{ r: ReturnType<EventView['compute']>; want: string[]; step: number }> = [];
    for (let step = 0; step < 600; step++) {
      store.apply(randomBatch(rnd, live, clock, most, 1200));
      const r = view.compute(spec, clock.t);
      // Read now, later, or never: the view must not depend on it.
      const want = new EventView(store).compute(spec, clock.t).groups.map((g) => g.key);
      if (rnd() < 0.1) assert.deepEqual(r.groups.map((g) => g.key), want, `seed ${seed} step ${step}`);
      else if (rnd() < 0.1) kept.push({ r, want, step });
    }
    for (const { r, want, step } of kept) assert.deepEqual(r.groups.map((g) => g.key), want, `seed ${seed} step ${step}, read late`);
    const last = view.compute(spec, clock.t);
    assert.deepEqual(last.groups.map((g) => g.key), new EventView(store).compute(spec, clock.t).groups.map((g) => g.key), `seed ${seed} last`);
  }
});
