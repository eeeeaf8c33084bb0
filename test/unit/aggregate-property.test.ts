// Random operation sequences (seeded) against the store, checked after every batch against a
// naive model that recomputes everything by scanning, and against the store's own invariants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { groupKeyOf, objectKey } from '../../src/model/key.js';
import { severityOf } from '../../src/model/severity.js';
import type { KubeEvent } from '../../src/model/event.js';
import type { SourceChange } from '../../src/kube/types.js';
import { ev } from './helpers/events.js';
import { mulberry32 as prng } from '../../demo/apiserver/random.js';

/** The rules, written the slow and obvious way. */
class NaiveModel {
  members = new Map<string, { key: string; ns: string; count: number; deleted: boolean }>();
  groups = new Map<string, { count: number; firstSeen: number; lastSeen: number; latest: KubeEvent }>();

  apply(changes: readonly SourceChange[]): void {
    for (const c of changes) {
      if (c.kind === 'upsert') this.upsert(c.event);
      else if (c.kind === 'delete') {
        const m = this.members.get(c.event.uid);
        if (m === undefined) continue;
        if (m.deleted && m.count === c.event.count && m.key === groupKeyOf(c.event)) continue;
        this.upsert(c.event);
        this.members.get(c.event.uid)!.deleted = true;
      } else {
        for (const [uid, m] of this.members) {
          if (!m.deleted && (c.namespace === '' || m.ns === c.namespace) && !c.seen.has(uid)) m.deleted = true;
        }
      }
    }
  }

  private upsert(e: KubeEvent): void {
    const key = groupKeyOf(e);
    const m = this.members.get(e.uid);
    let delta: number;
    if (m === undefined) delta = e.count;
    else if (m.key !== key) {
      // The event moved to another text with its whole count; the old group gives it back.
      delta = e.count;
      const old = this.groups.get(m.key)!;
      old.count -= m.count;
      this.members.set(e.uid, { key, ns: e.namespace, count: e.count, deleted: false });
      if (old.count <= 0 && this.live(m.key) === 0) this.groups.delete(m.key);
    } else if (e.count < m.count) {
      // Only our namespace/name identity is ever reused by a new incarnation; a real uid counting
      // lower is the same event re-stated (an etcd restore): the group follows it down.
      delta = e.uid === `${e.namespace}/${e.name}` ? e.count : e.count - m.count;
    } else delta = e.count - m.count;
    this.members.set(e.uid, { key, ns: e.namespace, count: e.count, deleted: false });
    let g = this.groups.get(key);
    if (g === undefined) {
      g = { count: 0, firstSeen: e.firstSeen, lastSeen: e.lastSeen, latest: e };
      this.groups.set(key, g);
    }
    g.count += delta;
    g.firstSeen = minKnown(g.firstSeen, e.firstSeen);
    g.lastSeen = maxKnown(g.lastSeen, e.lastSeen);
    const cur = g.latest;
    const wins =
      cur.uid === e.uid ? true : Number.isNaN(e.lastSeen) ? Number.isNaN(cur.lastSeen) : !(e.lastSeen < cur.lastSeen);
    if (wins) g.latest = e;
  }

  live(key: string): number {
    let n = 0;
    for (const m of this.members.values()) if (m.key === key && !m.deleted) n++;
    return n;
  }
}

const minKnown = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));
const maxKnown = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));

/** The store's totals and indexes must always equal a recomputation from its own groups. */
function checkInvariants(s: AggregateStore): void {
  const groups = [...s.groups()];
  const t = s.totals();
  assert.equal(t.groups, groups.length);
  assert.equal(s.size, groups.length);
  assert.equal(t.events, sum(groups, (g) => g.count));
  assert.equal(t.warningGroups, groups.filter((g) => g.type === 'Warning').length);
  assert.equal(t.warningEvents, sum(groups.filter((g) => g.type === 'Warning'), (g) => g.count));
  assert.equal(t.expiredGroups, groups.filter((g) => g.expired).length);
  assert.equal(t.liveEvents, sum(groups, (g) => g.live));
  const reasons = new Map<string, { groups: number; events: number }>();
  for (const g of groups) {
    assert.ok(g.count >= 1, 'no empty group');
    assert.equal(g.expired, g.live === 0);
    assert.equal(g.severity, severityOf(g.type, g.reason));
    assert.ok(s.groupsOfObject(g.object.kind, g.object.namespace, g.object.name).has(g));
    assert.ok(s.groupsOfReason(g.reason).has(g));
    assert.ok(s.groupsOfNamespace(g.namespace).has(g));
    assert.equal(s.group(g.key), g);
    const r = reasons.get(g.reason) ?? { groups: 0, events: 0 };
    r.groups++;
    r.events += g.count;
    reasons.set(g.reason, r);
  }
  const top = s.topReasons(1000);
  assert.equal(top.length, reasons.size);
  for (const r of top) assert.deepEqual({ groups: r.groups, events: r.events }, reasons.get(r.reason));
  const objects = new Set(groups.map((g) => objectKey(g.object.kind, g.object.namespace, g.object.name)));
  assert.equal(sum([...objects], (k) => { const [kind, ns, name] = k.split('\u0000'); return s.groupsOfObject(kind!, ns!, name!).size; }), groups.length);
  assert.equal(sum([...new Set(groups.map((g) => g.namespace))], (ns) => s.groupsOfNamespace(ns).size), groups.length);
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let n = 0;
  for (const x of xs) n += f(x);
  return n;
}

/** A little cluster whose events change in all the ways the wire allows (and a few it should not). */
function* randomBatches(seed: number, steps: number): Generator<SourceChange[]> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const server = new Map<string, KubeEvent>();
  let rv = 0;
  let clock = 1000;
  // Every fifth event came without a uid: normalize's namespace/name stands in.
  const nsOfIndex = (i: number) => (i % 3 === 0 ? 'b' : 'a');
  const uids = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? `${nsOfIndex(i)}/ev${i}` : `u${i}`));
  const nsOf = (uid: string) => nsOfIndex(Number(uid.replace(/^.*\/ev|^u/, '')));
  const nameOf = (uid: string) => (uid.includes('/') ? uid.split('/')[1]! : undefined);
  for (let step = 0; step < steps; step++) {
    const batch: SourceChange[] = [];
    const size = 1 + Math.floor(rnd() * 6);
    for (let i = 0; i < size; i++) {
      const r = rnd();
      const uid = pick(uids);
      const cur = server.get(uid);
      clock += Math.floor(rnd() * 50);
      if (r < 0.55 || cur === undefined) {
        // create, bump, re-deliver, recreate with a lower count, or change text/type
        const mode = cur === undefined ? 'new' : pick(['bump', 'bump', 'same', 'lower', 'text', 'type', 'nan'] as const);
        const count = mode === 'new' ? 1 + Math.floor(rnd() * 5) : mode === 'bump' || mode === 'text' ? cur!.count + Math.floor(rnd() * 3) : mode === 'lower' ? Math.max(1, cur!.count - 2) : cur!.count;
        const e = ev({
          uid,
          ns: nsOf(uid),
          name: nameOf(uid),
          object: mode === 'new' || mode === 'text' ? pick(['p0', 'p1', 'p2', 'p3']) : cur!.object.name,
          reason: mode === 'new' || mode === 'text' ? pick(['BackOff', 'Pulled', 'FailedMount']) : cur!.reason,
          message: mode === 'new' || mode === 'text' ? pick(['m0', 'm1', '(combined from similar events): m1']) : cur!.message,
          type: mode === 'new' || mode === 'type' ? pick(['Normal', 'Warning']) : cur!.type,
          count,
          lastSeen: mode === 'nan' ? NaN : mode === 'same' ? cur!.lastSeen : clock - Math.floor(rnd() * 300),
          firstSeen: mode === 'nan' || rnd() < 0.05 ? NaN : clock - 500,
          rv: mode === 'same' ? cur!.resourceVersion : String(++rv),
        });
        server.set(uid, e);
        batch.push({ kind: 'upsert', event: e });
      } else if (r < 0.8) {
        batch.push({ kind: 'delete', event: cur });
        server.delete(uid);
      } else if (r < 0.9) {
        // a relist of one namespace (or all): re-delivers what exists, then synced
        const ns = pick(['', 'a', 'b']);
        const seen = new Set<string>();
        for (const [u, e] of server) {
          if (ns !== '' && e.namespace !== ns) continue;
          seen.add(u);
          batch.push({ kind: 'upsert', event: e });
        }
        batch.push({ kind: 'synced', namespace: ns, seen });
      } else {
        // a delete we missed: the event vanishes server-side without a DELETED
        server.delete(uid);
      }
    }
    yield batch;
  }
}

test('aggregate property: matches a naive recomputation (no eviction)', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const store = new AggregateStore();
    const model = new NaiveModel();
    let step = 0;
    let versionBefore = 0;
    for (const batch of randomBatches(seed, 400)) {
      store.apply(batch);
      model.apply(batch);
      step++;
      const where = `seed ${seed}, step ${step}`;
      checkInvariants(store);
      for (const g of store.dissolvedSince(versionBefore)) {
        assert.ok(g.count >= 1 && g.expired, `${where}: a removed group keeps its last count and reads expired`);
      }
      versionBefore = store.version;
      assert.equal(store.size, model.groups.size, where);
      for (const [key, mg] of model.groups) {
        const g = store.groupOf(mg.latest);
        assert.ok(g, `${where}: group missing`);
        assert.equal(g.count, mg.count, `${where}: count`);
        assert.equal(g.live, model.live(key), `${where}: live`);
        assert.ok(Object.is(g.firstSeen, mg.firstSeen), `${where}: firstSeen`);
        assert.ok(Object.is(g.lastSeen, mg.lastSeen), `${where}: lastSeen`);
        assert.equal(g.latest, mg.latest, `${where}: latest`);
      }
    }
  }
});

test('aggregate property: invariants hold with eviction and tombstone trimming', () => {
  for (const seed of [11, 12, 13]) {
    const store = new AggregateStore({ maxGroups: 7, maxTombstones: 3, recentPerGroup: 2 });
    let versions = store.version;
    for (const batch of randomBatches(seed, 600)) {
      store.apply(batch);
      checkInvariants(store);
      assert.ok(store.size <= 7);
      assert.ok(store.version === versions || store.version === versions + 1);
      versions = store.version;
      for (const g of store.groups() as Iterable<EventGroup>) assert.ok(g.recent.length <= 2);
    }
    assert.ok(store.totals().evicted > 0);
  }
});
