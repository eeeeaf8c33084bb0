// A search in slices (compute with budgetMs: 0, so every call scans one slice and stops): resumed
// to the end it gives exactly what an unbudgeted compute gives, ranked and plain; a newer query
// supersedes a pending one; store changes during a scan show in the final result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AggregateStore } from '../../src/store/aggregate.js';
import { EventView, type SortKey, type ViewResult, type ViewSpec } from '../../src/store/view.js';
import { ev, upsert } from './helpers/events.js';
import type { SourceChange } from '../../src/kube/types.js';

const REASONS = ['BackOff', 'Unhealthy', 'FailedScheduling', 'Pulled', 'Killing', 'OOMKilling'];
const MESSAGES = ['Back-off restarting failed container', 'Readiness probe failed', '0/3 nodes are available', 'Successfully pulled image', 'Stopping container app'];
const QUERIES = ['b', 'ba', 'back', 'backoff', 'bkoff', 'probe', 'web', 'web b', 'type:warning', 'reason:back', 'sev:error', '-pulled', 'x', 'fail web-1'];
const SORTS: SortKey[] = ['triage', 'lastSeen', 'count', 'firstSeen', 'severity'];

interface Row { uid: number; reason: number; message: number; object: number; warning: boolean; count: number; t: number }

const rowArb = fc.record({
  uid: fc.nat(5000), reason: fc.nat(REASONS.length - 1), message: fc.nat(MESSAGES.length - 1), object: fc.nat(400),
  warning: fc.boolean(), count: fc.integer({ min: 1, max: 9 }), t: fc.nat(50),
});

function change(r: Row, salt = ''): SourceChange {
  return upsert(ev({
    uid: `u${r.uid}`, reason: REASONS[r.reason], message: MESSAGES[r.message] + salt, object: `web-${r.object}`,
    type: r.warning ? 'Warning' : 'Normal', count: r.count, lastSeen: 1000 * r.t, rv: `${r.t}${salt}`,
  }));
}

/** Calls compute with a zero budget until the result is no longer pending; counts the calls. */
function resumed(view: EventView, spec: ViewSpec, onPending?: (r: ViewResult, calls: number) => void): { result: ViewResult; calls: number } {
  for (let calls = 1; ; calls++) {
    const result = view.compute(spec, 1_000_000, { budgetMs: 0 });
    if (result.pending === undefined) return { result, calls };
    onPending?.(result, calls);
    assert.ok(calls < 10_000, 'a scan always makes progress');
  }
}

const keys = (r: ViewResult): string[] => r.groups.map((g) => g.key);

function storeOf(rows: readonly Row[]): AggregateStore {
  const store = new AggregateStore();
  for (let i = 0; i < rows.length; i += 500) store.apply(rows.slice(i, i + 500).map((r) => change(r)));
  return store;
}

test('budgeted compute resumed to the end equals the unbudgeted one (random stores and queries, ranked and plain)', () => {
  let pendingSeen = 0;
  fc.assert(
    fc.property(
      fc.array(rowArb, { minLength: 0, maxLength: 3000, size: 'max' }),
      fc.array(fc.constantFrom(...QUERIES), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(...SORTS), fc.boolean(), fc.boolean(),
      (rows, queries, sort, rank, warningsOnly) => {
        const store = storeOf(rows);
        const sliced = new EventView(store);
        const whole = new EventView(store);
        for (const query of queries) {
          const spec: ViewSpec = { query, sort, rank, warningsOnly };
          const { result } = resumed(sliced, spec, (partial) => {
            assert.ok(partial.pending!.scanned < partial.pending!.total);
            pendingSeen++;
            if (!partial.ranked) {
              // Plain order: what a pending result shows is the start of the final answer.
              const full = keys(whole.compute(spec, 1_000_000));
              assert.deepEqual(keys(partial), full.slice(0, partial.groups.length));
            }
          });
          const expected = whole.compute(spec, 1_000_000);
          assert.deepEqual(keys(result), keys(expected), `query ${JSON.stringify(query)}`);
          assert.equal(result.ranked, expected.ranked);
          assert.equal(result.considered, expected.considered);
          assert.equal(new EventView(store).compute(spec, 1_000_000).groups.length, expected.groups.length);
        }
      },
    ),
    { numRuns: 40 },
  );
  assert.ok(pendingSeen > 0, 'some searches were sliced');
});

test('a large search is pending with progress, and the next call resumes where it stopped', () => {
  const rows: Row[] = Array.from({ length: 4000 }, (_, i) => ({ uid: i, reason: i % 6, message: i % 5, object: i, warning: i % 3 === 0, count: 1, t: i % 40 }));
  const view = new EventView(storeOf(rows));
  const spec: ViewSpec = { query: 'back', sort: 'lastSeen', warningsOnly: false };
  let last = -1;
  const { calls } = resumed(view, spec, (r) => {
    assert.ok(r.pending!.scanned > last, 'progress moves on');
    assert.equal(r.pending!.total, 4000);
    last = r.pending!.scanned;
  });
  assert.ok(calls > 2, `sliced (${calls} calls)`);
});

test('a newer query supersedes a pending scan, narrowing from what was found (or starting over)', () => {
  const rows: Row[] = Array.from({ length: 4000 }, (_, i) => ({ uid: i, reason: i % 6, message: i % 5, object: i, warning: i % 3 === 0, count: 1 + (i % 7), t: i % 40 }));
  const store = storeOf(rows);
  for (const [first, next] of [['b', 'ba'], ['b', 'back web'], ['back', 'b'], ['bac', 'probe'], ['back', 'type:warning']] as const) {
    for (const sort of ['lastSeen', 'count'] as SortKey[]) {
      const view = new EventView(store);
      const a: ViewSpec = { query: first, sort, warningsOnly: false };
      const b: ViewSpec = { query: next, sort, warningsOnly: false };
      assert.ok(view.compute(a, 0, { budgetMs: 0 }).pending !== undefined);
      view.compute(a, 0, { budgetMs: 0 });
      const { result } = resumed(view, b);
      assert.equal(result.spec.query, next);
      assert.deepEqual(keys(result), keys(new EventView(store).compute(b)), `${first} → ${next}`);
      // The superseded query, asked again, is answered in full too.
      assert.deepEqual(keys(resumed(view, a).result), keys(new EventView(store).compute(a)));
    }
  }
});

test('store changes during a pending scan are in the final result', () => {
  const rows: Row[] = Array.from({ length: 4000 }, (_, i) => ({ uid: i, reason: i % 6, message: i % 5, object: i, warning: i % 3 === 0, count: 1, t: i % 40 }));
  for (const query of ['back', 'b', 'type:warning', 'bac']) {
    const store = storeOf(rows);
    const view = new EventView(store);
    const spec: ViewSpec = { query, sort: 'lastSeen', warningsOnly: false };
    let step = 0;
    const { result } = resumed(view, spec, () => {
      // Every other slice: rows change (newer, another text), new ones arrive, some are deleted.
      // (Only during the first slices: a search that has to start over after each change would
      // never end with a zero budget.)
      step++;
      if (step % 2 === 0 && step <= 8) {
        const batch: SourceChange[] = [];
        for (let k = 0; k < 20; k++) {
          const r = rows[(step * 37 + k * 101) % rows.length]!;
          batch.push(change({ ...r, t: 60 + step, message: (r.message + 1) % 5 }, ` again ${step}`));
          batch.push(change({ uid: 10_000 + step * 20 + k, reason: k % 6, message: k % 5, object: k, warning: k % 2 === 0, count: 2, t: 60 + step }));
        }
        batch.push({ kind: 'delete', event: ev({ uid: `u${(step * 13) % rows.length}` }) });
        store.apply(batch);
      }
    });
    assert.equal(result.storeVersion, store.version, 'brought forward to the current version');
    assert.deepEqual(keys(result), keys(new EventView(store).compute(spec)), query);
    // And on from there, as a result computed in one go would be.
    store.apply([change({ uid: 1, reason: 0, message: 0, object: 1, warning: true, count: 5, t: 99 })]);
    assert.deepEqual(keys(resumed(view, spec).result), keys(new EventView(store).compute(spec)));
  }
});

test('triage: a cutoff step re-places only the rows that crossed it; the order equals a fresh sort', () => {
  fc.assert(
    fc.property(
      fc.array(rowArb, { minLength: 1, maxLength: 1500, size: 'max' }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.array(rowArb, { maxLength: 30 })), { minLength: 1, maxLength: 8 }),
      fc.constantFrom('', 'back', 'type:warning'),
      (rows, steps, query) => {
        const store = storeOf(rows);
        const view = new EventView(store);
        const spec: ViewSpec = { query, sort: 'triage', warningsOnly: false };
        // lastSeen spans 0…50 s; cutoffs (now - 5 min, and the recent one at now - 60 min) sweep across it.
        let now = 200_000;
        view.compute(spec, now);
        for (const [seconds, batch] of steps) {
          now += seconds * 1000;
          if (batch.length > 0) store.apply(batch.map((r) => change({ ...r, t: r.t + Math.floor(now / 1000) - 300 })));
          const got = keys(view.compute(spec, now));
          assert.deepEqual(got, keys(new EventView(store).compute(spec, now)), `at ${now}`);
        }
      },
    ),
    { numRuns: 30 },
  );
});
