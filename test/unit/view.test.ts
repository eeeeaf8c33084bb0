import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { ACTIVE_MS, EventView, type SortKey, type ViewSpec } from '../../src/store/view.js';
import { FollowState, HOLD_MS } from '../../src/store/follow.js';
import { visibleWindow } from '../../src/store/window.js';
import { comparatorOf, sortGroups } from '../../src/store/sort.js';
import { ev, upsert, type EventSpec } from './helpers/events.js';
import { mulberry32 as prng } from '../../demo/apiserver/random.js';

const spec = (query: string, over: Partial<ViewSpec> = {}): ViewSpec => ({ query, warningsOnly: false, sort: 'lastSeen', ...over });

// A: kubelet BackOff on Pod shop/web-7d5 (error)     lastSeen 5000
// B: kubelet Pulled on the same pod (normal)         lastSeen 4000
// C: scheduler FailedScheduling on Pod prod/api-1    lastSeen 3000
// D: node-controller NodeNotReady, *Normal* (→ warning tier), Node node-1   lastSeen 6000
// E: kernel OOMKilling on Node node-2 (critical)                   lastSeen 1000
// (NaN order is tested on sortGroups directly.)
const FIXTURE: Record<string, EventSpec> = {
  A: { uid: 'a', reason: 'BackOff', message: 'Back-off restarting failed container app in pod web-7d5', object: 'web-7d5', lastSeen: 5000, count: 3 },
  B: { uid: 'b', reason: 'Pulled', message: 'Successfully pulled image "nginx"', type: 'Normal', object: 'web-7d5', lastSeen: 4000, count: 1 },
  C: { uid: 'c', reason: 'FailedScheduling', message: '0/3 nodes are available: insufficient cpu', ns: 'prod', object: 'api-1', component: 'default-scheduler', lastSeen: 3000, count: 7 },
  D: { uid: 'd', reason: 'NodeNotReady', message: 'Node node-1 status is now: NodeNotReady', type: 'Normal', ns: 'default', kind: 'Node', object: 'node-1', component: 'node-controller', lastSeen: 6000, count: 2 },
  E: { uid: 'e', reason: 'OOMKilling', message: 'Memory cgroup out of memory: Killed process 4242 (java)', ns: 'default', kind: 'Node', object: 'node-2', component: 'kernel-monitor', lastSeen: 1000, count: 1 },
};

function fixture(): { store: AggregateStore; view: EventView; name: (g: EventGroup) => string } {
  const store = new AggregateStore();
  store.apply(Object.values(FIXTURE).map((p) => upsert(ev(p))));
  const byUid = new Map(Object.entries(FIXTURE).map(([n, p]) => [p.uid, n]));
  return { store, view: new EventView(store), name: (g) => byUid.get(g.latest.uid)! };
}

function names(query: string, over: Partial<ViewSpec> = {}): string[] {
  const { view, name } = fixture();
  return view.compute(spec(query, over)).groups.map(name);
}

test('view: empty query shows every group, newest first', () => {
  assert.deepEqual(names(''), ['D', 'A', 'B', 'C', 'E']);
});

test('view: fuzzy words match reason, message, object, namespace, component', () => {
  assert.deepEqual(names('backoff'), ['A'], 'reason (and message "Back-off")');
  assert.deepEqual(names('restarting'), ['A'], 'message substring');
  assert.deepEqual(names('nginx'), ['B']);
  assert.deepEqual(names('api-1'), ['C'], 'object name');
  assert.deepEqual(names('pod/web'), ['A', 'B'], 'object as Kind/name');
  assert.deepEqual(names('prod'), ['C'], 'namespace');
  assert.deepEqual(names('scheduler'), ['C'], 'component');
  assert.deepEqual(names('fsched'), ['C'], 'initialism: F(ailed)Sched(uling)');
  assert.deepEqual(names('oomk'), ['E'], 'camelCase chunks OOM+K(illing)');
  assert.deepEqual(names('bkoff'), ['A'], 'a subsequence (fuzzysort)');
  assert.deepEqual(names('schedulng'), ['C'], 'a letter left out');
  assert.deepEqual(names('xqzv'), [], 'letters that do not occur in order');
  assert.deepEqual(names('BACKOFF web'), ['A'], 'case-insensitive; several words AND');
  assert.deepEqual(names('zzz'), []);
});

test('view: tokens AND together, negation, type prefix, severity at least', () => {
  assert.deepEqual(names('reason:backoff ns:shop'), ['A']);
  assert.deepEqual(names('ns:shop -reason:backoff'), ['B']);
  assert.deepEqual(names('kind:node'), ['D', 'E']);
  assert.deepEqual(names('obj:7d5'), ['A', 'B']);
  assert.deepEqual(names('obj:pod/web'), ['A', 'B'], 'obj matches Kind/name too');
  assert.deepEqual(names('comp:kubelet msg:pulled'), ['B']);
  assert.deepEqual(names('type:warn'), ['A', 'C', 'E']);
  assert.deepEqual(names('-type:warning'), ['D', 'B']);
  assert.deepEqual(names('sev:error'), ['A', 'C', 'E'], 'error or worse');
  assert.deepEqual(names('sev:critical'), ['E']);
  assert.deepEqual(names('-sev:error'), ['D', 'B'], 'below error');
  assert.deepEqual(names('sev:bogus'), ['D', 'A', 'B', 'C', 'E'], 'an invalid token is left out');
});

test('view: a negated free word is a plain substring over every field', () => {
  assert.deepEqual(names('-web'), ['D', 'C', 'E']);
  assert.deepEqual(names('-node'), ['A', 'B'], 'C says "nodes"');
  assert.deepEqual(names('node -ready', { rank: false }), ['C', 'E'], 'E: "node-2"');
  assert.deepEqual(names('-normal'), ['A', 'C', 'E'], 'a bare word looks at the type too');
});

test('view: warnings-only keeps Warning-type groups, as the header and type:warning count them; considered counts before the query', () => {
  const { view, name, store } = fixture();
  const r = view.compute(spec('', { warningsOnly: true }));
  assert.deepEqual(r.groups.map(name), ['A', 'C', 'E'], 'D (a Normal NodeNotReady) is warning tier but not a Warning');
  assert.equal(r.considered, 3);
  assert.equal(r.groups.length, store.totals().warningGroups, 'w lists what the header counts');
  assert.deepEqual(view.compute(spec('type:warning')).groups.map(name), r.groups.map(name), 'type:warning agrees');
  assert.deepEqual(view.compute(spec('sev:warning')).groups.map(name), ['D', 'A', 'C', 'E'], 'sev: selects tiers');
  const q = view.compute(spec('kubelet', { warningsOnly: true }));
  assert.deepEqual(q.groups.map(name), ['A']);
  assert.equal(q.considered, 3);
  assert.equal(view.compute(spec('kubelet')).considered, 5);
});

test('view: triage puts active warnings by tier first, then the hour\'s warnings by tier, then the rest by last seen', () => {
  const { view, name, store } = fixture();
  // now = 6000 + 5 min: every fixture group is active (seen within 5 minutes).
  const now = 6000 + 5 * 60_000;
  assert.deepEqual(view.compute(spec('', { sort: 'triage' }), now).groups.map(name), ['E', 'A', 'C', 'D', 'B'],
    'critical OOMKilling, then the errors newest first, then the Normal NodeNotReady (warning tier), then normal');
  // 20 minutes on, a fresh Pulled and a fresh BackOff elsewhere: the old warnings stay above the normal noise.
  const later = now + 20 * 60_000;
  store.apply([
    upsert(ev({ uid: 'p2', reason: 'Pulled', type: 'Normal', message: 'pulled', object: 'noise', lastSeen: later - 1000 })),
    upsert(ev({ uid: 'b2', reason: 'BackOff', message: 'back-off', object: 'fresh', lastSeen: later - 2000 })),
  ]);
  const order = view.compute(spec('', { sort: 'triage' }), later).groups.map((g) => name(g) ?? g.object.name);
  assert.deepEqual(order, ['fresh', 'E', 'A', 'C', 'D', 'noise', 'B']);
  // Incremental merges give the full sort's order.
  assert.deepEqual(order, new EventView(store).compute(spec('', { sort: 'triage' }), later).groups.map((g) => name(g) ?? g.object.name));
});

test('view: objects scope restricts to those objects; [] is nothing', () => {
  const { view, name } = fixture();
  const web = { kind: 'Pod', namespace: 'shop', name: 'web-7d5' };
  assert.deepEqual(view.compute(spec('', { objects: [web] })).groups.map(name), ['A', 'B']);
  assert.deepEqual(view.compute(spec('pulled', { objects: [web] })).groups.map(name), ['B']);
  const nodes = [{ kind: 'Node', namespace: '', name: 'node-2' }, { kind: 'Node', namespace: '', name: 'node-1' }];
  assert.deepEqual(view.compute(spec('', { objects: nodes, sort: 'count' })).groups.map(name), ['D', 'E']);
  assert.deepEqual(view.compute(spec('', { objects: [] })).groups, []);
  assert.deepEqual(view.compute(spec('')).groups.map(name), ['D', 'A', 'B', 'C', 'E'], 'unscoped again');
});

test('view: highlights point at the matched characters', () => {
  const { view, store } = fixture();
  const a = store.groupList().find((g) => g.reason === 'BackOff')!;
  const c = store.groupList().find((g) => g.reason === 'FailedScheduling')!;
  const r = view.compute(spec('backoff'));
  const h = r.highlights(a)!;
  assert.deepEqual(h.get('reason'), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(h.get('message'), undefined, 'a word marks its best field only');
  const picked = (text: string, idx: readonly number[]): string => idx.map((i) => text[i]).join('');

  const sub = view.compute(spec('bkoff')).highlights(a)!;
  assert.equal(picked(a.reason, sub.get('reason')!), 'BkOff');
  const hyphen = view.compute(spec('msg:back backoff')).highlights(a)!;
  assert.deepEqual(hyphen.get('message'), [0, 1, 2, 3], 'a msg: token marks its substring');

  const f = view.compute(spec('fsched')).highlights(c)!;
  assert.deepEqual(f.get('reason'), [0, 6, 7, 8, 9, 10]);
  assert.equal(picked(c.reason, f.get('reason')!), 'FSched');

  const o = view.compute(spec('obj:7d5 web')).highlights(a)!;
  assert.equal(picked('Pod/web-7d5', o.get('object')!), 'web7d5');

  assert.equal(view.compute(spec('')).highlights(a), undefined);
  assert.equal(view.compute(spec('type:warning')).highlights(a), undefined, 'type/sev tokens mark no text');
});

test('view: sort orders, NaN last, ties by key', () => {
  const { view, name, store } = fixture();
  const order = (sort: SortKey): string[] => view.compute(spec('', { sort })).groups.map(name);
  assert.deepEqual(order('lastSeen'), ['D', 'A', 'B', 'C', 'E']);
  assert.deepEqual(order('count'), ['C', 'A', 'D', 'B', 'E'], 'count desc, then lastSeen desc');
  assert.deepEqual(order('firstSeen'), ['D', 'A', 'B', 'C', 'E']);
  assert.deepEqual(order('severity'), ['E', 'A', 'C', 'D', 'B'], 'critical, error (newest first), warning, normal');
  // Ties on every numeric key: by key, whatever the arrival order.
  store.apply([upsert(ev({ uid: 'z', reason: 'Zeta', lastSeen: 5000, count: 3 })), upsert(ev({ uid: 'y', reason: 'Alpha', lastSeen: 5000, count: 3 }))]);
  const tied = view.compute(spec('', { sort: 'count' })).groups.filter((g) => g.lastSeen === 5000 && g.count === 3);
  assert.deepEqual(tied.map((g) => g.key), tied.map((g) => g.key).sort());
});

test('view: sortGroups (radix for large lists) equals the comparator order, NaN last and ties by key', () => {
  const rnd = prng(11);
  const severities = ['normal', 'warning', 'error', 'critical'] as const;
  const make = (n: number): EventGroup[] => Array.from({ length: n }, (_, i) => {
    const t = rnd() < 0.05 ? NaN : Math.floor(rnd() * 50) * 1000; // many ties
    return {
      key: `k${Math.floor(rnd() * 1e6)}-${i}`, lastSeen: t, firstSeen: rnd() < 0.1 ? NaN : t - Math.floor(rnd() * 3) * 1000,
      count: 1 + Math.floor(rnd() * 4), severity: severities[Math.floor(rnd() * 4)]!, type: rnd() < 0.5 ? 'Warning' : 'Normal',
    } as unknown as EventGroup;
  });
  for (const n of [3000, 50]) {
    const all = make(n);
    for (const sort of ['triage', 'lastSeen', 'count', 'firstSeen', 'severity'] as const) {
      const got = sortGroups(all, sort, 20_000);
      assert.deepEqual(got.map((g) => g.key), all.slice().sort(comparatorOf(sort, 20_000)).map((g) => g.key), `${sort} n=${n}`);
      if (sort === 'lastSeen') {
        const firstNaN = got.findIndex((g) => Number.isNaN(g.lastSeen));
        assert.ok(firstNaN > 0 && got.slice(firstNaN).every((g) => Number.isNaN(g.lastSeen)), 'unknown times last');
      }
    }
  }
});

test('view: compute returns the same object until the store version or the spec changes', () => {
  const { view, store } = fixture();
  const r1 = view.compute(spec('web', { objects: [{ kind: 'Pod', namespace: 'shop', name: 'web-7d5' }] }));
  const r2 = view.compute(spec('web', { objects: [{ kind: 'Pod', namespace: 'shop', name: 'web-7d5' }] }));
  assert.equal(r1, r2, 'a new but equal spec object');
  const r3 = view.compute(spec('web'));
  assert.notEqual(r3, r2);
  assert.equal(view.compute(spec('web')), r3);
  store.apply([upsert(ev({ ...FIXTURE.A!, count: 4, lastSeen: 7000, rv: '2' }))]);
  const r4 = view.compute(spec('web'));
  assert.notEqual(r4, r3);
  assert.equal(r4.storeVersion, store.version);
  const v = store.version;
  store.apply([upsert(ev({ ...FIXTURE.A!, count: 4, lastSeen: 7000, rv: '2' }))]); // no change: no new version
  assert.equal(store.version, v);
  assert.equal(view.compute(spec('web')), r4);
});

test('view: live updates re-sort incrementally (changed group moves to the top, new groups appear)', () => {
  const { view, store, name } = fixture();
  view.compute(spec(''));
  store.apply([upsert(ev({ ...FIXTURE.C!, count: 8, lastSeen: 9000, rv: '2' })), upsert(ev({ uid: 'f', reason: 'Created', object: 'new-1', lastSeen: 8000 }))]);
  const r = view.compute(spec(''));
  assert.deepEqual(r.groups.map((g) => name(g) ?? g.object.name), ['C', 'new-1', 'D', 'A', 'B', 'E']);
  assert.deepEqual(r.changedSince(r.storeVersion - 1).map((g) => name(g) ?? g.object.name).sort(), ['C', 'new-1']);
});

test('view: a message change (combined prefix) is seen by the filter', () => {
  const store = new AggregateStore();
  const view = new EventView(store);
  store.apply([upsert(ev({ uid: 'a', message: 'probe failed' }))]);
  assert.equal(view.compute(spec('combined')).groups.length, 0);
  store.apply([upsert(ev({ uid: 'a', message: '(combined from similar events): probe failed', lastSeen: 2000, rv: '2', count: 2 }))]);
  assert.equal(view.compute(spec('combined')).groups.length, 1);
});

// ── incremental narrowing: property test ───────────────────────────────────────────────────

const VOCAB = ['BackOff', 'Pulled', 'FailedScheduling', 'Unhealthy', 'OOMKilling', 'Started'];
const WORDS = ['back', 'off', 'web', 'api', 'probe', 'failed', 'node', 'pod', 'shop', 'prod', 'kubelet', 'pull', 'ready', 'xyz'];
const TOKENS = ['reason:', 'ns:', 'obj:', 'kind:', 'comp:', 'msg:', 'type:', 'sev:', '-reason:', '-', '"'];

function randomEvent(rnd: () => number, uid: string, t: number): ReturnType<typeof ev> {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  return ev({
    uid, reason: pick(VOCAB), ns: pick(['shop', 'prod', 'default']), object: `${pick(['web', 'api', 'db'])}-${Math.floor(rnd() * 20)}`,
    kind: pick(['Pod', 'Pod', 'Node', 'ReplicaSet']), component: pick(['kubelet', 'default-scheduler', 'node-controller']),
    message: `${pick(['Readiness probe failed', 'Back-off restarting', 'Pulled image', 'Node not ready', '0/3 nodes available'])} ${pick(WORDS)}`,
    type: rnd() < 0.5 ? 'Warning' : 'Normal', lastSeen: rnd() < 0.05 ? NaN : t, count: 1 + Math.floor(rnd() * 5),
  });
}

test('view: incremental narrowing and merged-forward results equal a fresh compute (seeded)', () => {
  for (let seed = 1; seed <= 12; seed++) {
    const rnd = prng(seed);
    const store = new AggregateStore({ maxGroups: 150 }); // evictions happen too
    let t = 0;
    let uid = 0;
    const events: ReturnType<typeof ev>[] = [];
    const add = (n: number): void => {
      const batch = [];
      for (let i = 0; i < n; i++) {
        const e = rnd() < 0.3 && events.length > 0
          ? { ...events[Math.floor(rnd() * events.length)]!, lastSeen: (t += 10), resourceVersion: String(t) }
          : randomEvent(rnd, `u${uid++}`, (t += 10));
        // Sometimes the same uid restates its text: the member moves to another group, and the
        // group it leaves may be emptied and removed.
        if (rnd() < 0.1) e.message = `${e.message} again`;
        if (rnd() < 0.3) e.count += 1;
        events.push(e);
        batch.push(upsert(e));
      }
      store.apply(batch);
    };
    add(200);
    const view = new EventView(store);
    let query = '';
    let sort: SortKey = 'lastSeen';
    let warningsOnly = false;
    for (let step = 0; step < 120; step++) {
      const r = rnd();
      if (r < 0.45) query += 'abcdefgiklnoprstuwy'[Math.floor(rnd() * 19)]!;
      else if (r < 0.55) query += ' ';
      else if (r < 0.62) query += WORDS[Math.floor(rnd() * WORDS.length)]!;
      else if (r < 0.7) query += ' ' + TOKENS[Math.floor(rnd() * TOKENS.length)]!;
      else if (r < 0.78) query = query.slice(0, Math.max(0, query.length - 1 - Math.floor(rnd() * 3)));
      else if (r < 0.88) add(1 + Math.floor(rnd() * 8));
      else if (r < 0.92) warningsOnly = !warningsOnly;
      else if (r < 0.95) sort = (['triage', 'lastSeen', 'count', 'firstSeen', 'severity'] as const)[Math.floor(rnd() * 5)]!;
      else query = '';
      const s = spec(query, { sort, warningsOnly });
      // The triage cutoff moves past part of the groups half-way through.
      const now = ACTIVE_MS + step * 100;
      const got = view.compute(s, now).groups.map((g) => g.key);
      const fresh = new EventView(store).compute(s, now);
      assert.deepEqual(got, fresh.groups.map((g) => g.key), `seed ${seed} step ${step} query ${JSON.stringify(query)} ${sort} ${warningsOnly}`);
      assert.ok(fresh.groups.every((g) => store.group(g.key) === g), 'no evicted group in a result');
    }
  }
});

// ── follow / pause ─────────────────────────────────────────────────────────────────────────

test('follow: following passes results through; the frame is stable while nothing changes', () => {
  const { view } = fixture();
  const follow = new FollowState();
  const r = view.compute(spec(''));
  const f = follow.apply(r);
  assert.equal(f.groups, r.groups);
  assert.equal(f.newCount, 0);
  assert.equal(f.paused, false);
  assert.equal(follow.apply(r), f);
});

test('follow: paused freezes rows, counts new groups, resume re-sorts and resets', () => {
  const { view, store, name } = fixture();
  const follow = new FollowState();
  follow.apply(view.compute(spec('')));
  follow.pause();
  assert.equal(follow.paused, true);
  // B gets a newer occurrence (would move to the top); two new groups arrive.
  store.apply([
    upsert(ev({ ...FIXTURE.B!, count: 5, lastSeen: 9000, rv: '2' })),
    upsert(ev({ uid: 'n1', reason: 'Created', object: 'n1', lastSeen: 9500 })),
    upsert(ev({ uid: 'n2', reason: 'Created', object: 'n2', lastSeen: 9600 })),
  ]);
  const r = view.compute(spec(''));
  assert.equal(name(r.groups[2]!), 'B', 'the live order moved B up (after n2, n1)');
  const f = follow.apply(r);
  assert.equal(f.paused, true);
  assert.deepEqual(f.groups.map(name), ['D', 'A', 'B', 'C', 'E'], 'rows keep their positions');
  assert.equal(f.groups[2]!.count, 5, 'but show current counts (the event went from count 1 to 5)');
  assert.equal(f.newCount, 2);
  assert.equal(follow.apply(r), f, 'same result, same frame');
  // Another frame with nothing new for this view: the same rows array.
  store.apply([upsert(ev({ ...FIXTURE.A!, count: 4, lastSeen: 5500, rv: '2' }))]);
  const f2 = follow.apply(view.compute(spec('')));
  assert.equal(f2.groups, f.groups);
  assert.equal(f2.newCount, 2);
  follow.toggle();
  const live = follow.apply(view.compute(spec('')));
  assert.equal(live.paused, false);
  assert.equal(live.newCount, 0);
  assert.deepEqual(live.groups.map((g) => name(g) ?? g.object.name), ['n2', 'n1', 'B', 'D', 'A', 'C', 'E']);
});

test('follow: with a clock, rows keep their place for HOLD_MS (counts update, new groups below), then take the live order', () => {
  const { view, store, name } = fixture();
  const follow = new FollowState();
  const t0 = 1_000_000;
  const first = follow.apply(view.compute(spec('')), t0);
  assert.deepEqual(first.groups.map(name), ['D', 'A', 'B', 'C', 'E']);
  // E repeats (would jump to the top) and a new group arrives.
  store.apply([
    upsert(ev({ ...FIXTURE.E!, count: 9, lastSeen: 9000, rv: '2' })),
    upsert(ev({ uid: 'n1', reason: 'Created', object: 'n1', lastSeen: 9500 })),
  ]);
  const held = follow.apply(view.compute(spec('')), t0 + HOLD_MS - 1);
  assert.equal(held.paused, false);
  assert.deepEqual(held.groups.map((g) => name(g) ?? g.object.name), ['D', 'A', 'B', 'C', 'E', 'n1'], 'no row moved; the new one is added below');
  assert.equal(held.groups[4]!.count, 9, 'the held row shows the current count');
  const due = follow.apply(view.compute(spec('')), t0 + HOLD_MS);
  assert.deepEqual(due.groups.map((g) => name(g) ?? g.object.name), ['n1', 'E', 'D', 'A', 'B', 'C'], 'after HOLD_MS the live order');
  // A spec change re-orders at once.
  store.apply([upsert(ev({ ...FIXTURE.C!, count: 8, lastSeen: 9900, rv: '2' }))]);
  const sorted = follow.apply(view.compute(spec('', { sort: 'count' })), t0 + HOLD_MS + 1);
  assert.deepEqual(sorted.groups.map((g) => name(g) ?? g.object.name), ['E', 'C', 'A', 'D', 'n1', 'B']);
});

test('follow: held frames that grow below keep their own rows; size, at and slice agree with groups', () => {
  const { view, store } = fixture();
  const follow = new FollowState();
  const t0 = 1_000_000;
  const frames = [follow.apply(view.compute(spec('')), t0)];
  const wants = [frames[0]!.groups.map((g) => g.key)];
  for (let i = 1; i <= 5; i++) {
    store.apply([upsert(ev({ uid: `n${i}`, reason: 'Created', object: `n${i}`, lastSeen: 9000 + i }))]);
    const f = follow.apply(view.compute(spec('')), t0 + i);
    frames.push(f);
    wants.push([...wants[i - 1]!, store.groupList().find((g) => g.object.name === `n${i}`)!.key]);
  }
  // Read late: each frame still shows what it showed when it was made.
  frames.forEach((f, i) => {
    assert.deepEqual(f.groups.map((g) => g.key), wants[i], `frame ${i}`);
    assert.equal(f.size, wants[i]!.length);
    for (let k = -1; k <= f.size; k++) assert.equal(f.at(k)?.key, wants[i]![k], `frame ${i} at ${k}`);
    for (const [a, b] of [[0, 3], [2, 7], [5, 6], [6, 20], [0, 99], [4, 4]] as const) assert.deepEqual(f.slice(a, b).map((g) => g.key), wants[i]!.slice(a, b), `frame ${i} slice ${a} ${b}`);
  });
});

test('follow: changing the spec while paused re-freezes from the new result, new groups still only counted', () => {
  const { view, store, name } = fixture();
  const follow = new FollowState();
  follow.apply(view.compute(spec('')));
  follow.pause();
  store.apply([upsert(ev({ uid: 'n1', reason: 'BackOff', object: 'n1', lastSeen: 9500 }))]);
  const f = follow.apply(view.compute(spec('backoff')));
  assert.deepEqual(f.groups.map(name), ['A']);
  assert.equal(f.newCount, 1);
  const g = follow.apply(view.compute(spec('')));
  assert.deepEqual(g.groups.map(name), ['D', 'A', 'B', 'C', 'E'], 'clearing the filter brings frozen rows back');
  assert.equal(g.newCount, 1);
});

test('follow: a frozen row stays until resume even when it no longer matches', () => {
  const store = new AggregateStore();
  const view = new EventView(store);
  store.apply([upsert(ev({ uid: 'a', type: 'Warning', reason: 'Odd', lastSeen: 1000 }))]);
  const follow = new FollowState();
  follow.apply(view.compute(spec('', { warningsOnly: true })));
  follow.pause();
  store.apply([upsert(ev({ uid: 'a', type: 'Normal', reason: 'Odd', lastSeen: 2000, rv: '2' }))]);
  const r = view.compute(spec('', { warningsOnly: true }));
  assert.equal(r.groups.length, 0);
  assert.equal(follow.apply(r).groups.length, 1);
  follow.resume();
  assert.equal(follow.apply(r).groups.length, 0);
});

// ── visible window ─────────────────────────────────────────────────────────────────────────

test('visibleWindow: edge cases', () => {
  assert.deepEqual(visibleWindow(0, 0, 10, 0), { top: 0, end: 0 }, 'empty list');
  assert.deepEqual(visibleWindow(5, 3, 0, 0), { top: 0, end: 0 }, 'no room');
  assert.deepEqual(visibleWindow(5, 4, 10, 0), { top: 0, end: 5 }, 'height larger than total');
  assert.deepEqual(visibleWindow(5, 4, 10, 3), { top: 0, end: 5 }, 'no blank rows while earlier rows exist');
  assert.deepEqual(visibleWindow(100, 99, 10, 0), { top: 90, end: 100 }, 'cursor at the end');
  assert.deepEqual(visibleWindow(100, 15, 10, 10), { top: 10, end: 20 }, 'cursor inside: top kept');
  assert.deepEqual(visibleWindow(100, 20, 10, 10), { top: 11, end: 21 }, 'one below: scroll by one');
  assert.deepEqual(visibleWindow(100, 5, 10, 10), { top: 5, end: 15 }, 'above: top follows the cursor');
  assert.deepEqual(visibleWindow(100, 500, 10, 0), { top: 90, end: 100 }, 'cursor beyond the end is clamped');
  assert.deepEqual(visibleWindow(100, -3, 10, 40), { top: 0, end: 10 }, 'negative cursor is clamped');
});

test('visibleWindow: resize keeps the cursor visible with minimal movement', () => {
  let w = visibleWindow(100, 50, 20, 40); // cursor at row 10 of the window
  assert.deepEqual(w, { top: 40, end: 60 });
  w = visibleWindow(100, 50, 5, w.top); // shrink: cursor would fall off
  assert.deepEqual(w, { top: 46, end: 51 });
  w = visibleWindow(100, 50, 30, w.top); // grow: top kept
  assert.deepEqual(w, { top: 46, end: 76 });
  w = visibleWindow(60, 50, 30, w.top); // list shrank: no blank rows
  assert.deepEqual(w, { top: 30, end: 60 });
});
