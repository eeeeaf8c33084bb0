// The filter's matcher on the cases of issue 11: fuzzy subsequences, ranking, kind: short names,
// bare words on the type, regexes, CJK, and incremental typing giving the same rows as fresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { EventView, type ViewSpec } from '../../src/store/view.js';
import { internedTexts, sweepTexts, haystackOf, textSweeps, warmTexts } from '../../src/store/match.js';
import { ev, upsert, type EventSpec } from './helpers/events.js';

const spec = (query: string, over: Partial<ViewSpec> = {}): ViewSpec => ({ query, warningsOnly: false, sort: 'lastSeen', ...over });

// Newest first: the image-pull Failed (insufficient_scope) is newer than the FailedScheduling.
const FIXTURE: Record<string, EventSpec> = {
  pullScope: { uid: '1', reason: 'Failed', message: 'Failed to pull image "reg/app:1": failed to authorize: insufficient_scope: authorization failed', object: 'web-1', lastSeen: 9000 },
  backoff: { uid: '2', reason: 'BackOff', message: 'Back-off restarting failed container app in pod web-2', object: 'web-2', lastSeen: 8000 },
  errPull: { uid: '3', reason: 'ErrImagePull', message: 'Error: ErrImagePull', object: 'web-3', lastSeen: 7000 },
  pullBackoff: { uid: '4', reason: 'ImagePullBackOff', message: 'Back-off pulling image "reg/app:1"', object: 'web-4', lastSeen: 6000 },
  sched: { uid: '5', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available', object: 'api-1', component: 'default-scheduler', lastSeen: 5000 },
  hpa: { uid: '6', reason: 'FailedGetResourceMetric', message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned', kind: 'HorizontalPodAutoscaler', object: 'web', component: 'horizontal-pod-autoscaler', lastSeen: 4000 },
  pulled: { uid: '7', reason: 'Pulled', type: 'Normal', message: 'Successfully pulled image "reg/app:1"', object: 'web-5', lastSeen: 3000 },
  crash: { uid: '8', reason: 'BackOff', message: 'CrashLoopBackOff: back-off 5m0s restarting failed container', object: 'db-0', lastSeen: 2000 },
  cjk: { uid: '9', reason: 'Failed', message: '容器启动失败：镜像拉取错误', ns: '生产', object: 'アプリ-1', lastSeen: 1000 },
  deploy: { uid: '10', reason: 'ScalingReplicaSet', type: 'Normal', message: 'Scaled up replica set web-7d5 to 3', kind: 'Deployment', object: 'web', component: 'deployment-controller', lastSeen: 500 },
};

function fixture() {
  const store = new AggregateStore();
  store.apply(Object.values(FIXTURE).map((p) => upsert(ev(p))));
  const byUid = new Map(Object.entries(FIXTURE).map(([n, p]) => [p.uid, n]));
  const view = new EventView(store);
  const name = (g: EventGroup): string => byUid.get(g.latest.uid)!;
  const names = (q: string, over: Partial<ViewSpec> = {}): string[] => view.compute(spec(q, over)).groups.map(name);
  return { store, view, name, names };
}

test('match: fuzzy subsequences find what the strict matcher missed', () => {
  const { names } = fixture();
  assert.deepEqual(names('bkoff').slice(0, 1), ['backoff'], 'bkoff → BackOff, BackOff first');
  assert.ok(names('bkoff').includes('pullBackoff'));
  assert.deepEqual(names('schedulng'), ['sched'], 'schedulng → FailedScheduling');
  assert.ok(names('crashloop').includes('crash'), 'crashloop → CrashLoopBackOff in a message');
  const pulls = names('imgpull');
  assert.ok(pulls.includes('errPull') && pulls.includes('pullBackoff'), `imgpull → ErrImagePull and ImagePullBackOff: ${pulls}`);
});

test('match: a transposition does not match (subsequence, not edit distance)', () => {
  const rows = fixture().names('bakcoff');
  assert.ok(!rows.includes('backoff'), 'BackOff has no c after its k');
  assert.deepEqual(rows, ['crash'], 'only where b…a…k…c…o…f…f occur in that order: BackOff: back-off');
});

test('match: ranked by score while filtering, ties in sort order; rank:false is the plain sort', () => {
  const { names, view } = fixture();
  assert.equal(names('insufficient cpu')[0], 'sched', 'both words in one message beat insufficient_scope');
  assert.deepEqual(names('insufficient cpu', { rank: false }).slice(0, 1), ['sched'], 'the scope row lacks cpu entirely');
  const ranked = names('backoff');
  assert.equal(ranked[0], 'backoff', 'the exact reason first');
  assert.deepEqual(names('backoff', { rank: false }), [...ranked].sort((a, b) => FIXTURE[b]!.lastSeen! - FIXTURE[a]!.lastSeen!), 'same rows, newest first');
  assert.equal(view.compute(spec('backoff')).ranked, true);
  assert.equal(view.compute(spec('reason:backoff')).ranked, false, 'tokens alone have no score');
  // Equal scores keep the sort: both BackOff reasons score 1 on "backoff".
  const exact = names('backoff').filter((n) => FIXTURE[n]!.reason === 'BackOff');
  assert.deepEqual(exact, ['backoff', 'crash']);
  assert.deepEqual(names('backoff', { sort: 'lastSeen' }).slice(0, 2), ['backoff', 'crash']);
});

test('match: kind: takes kinds, plurals and short names and compares the kind whole', () => {
  const { names } = fixture();
  assert.ok(!names('kind:po').includes('hpa'), 'po is Pod, not HorizontalPodAutoscaler');
  assert.equal(names('kind:po').length, 8);
  assert.deepEqual(names('kind:pods'), names('kind:Pod'));
  assert.deepEqual(names('kind:hpa'), ['hpa']);
  assert.deepEqual(names('kind:horizontalpodautoscalers'), ['hpa']);
  assert.deepEqual(names('kind:deploy'), ['deploy']);
  assert.deepEqual(names('-kind:po'), ['hpa', 'deploy']);
  assert.deepEqual(names('kind:pod'), names('kind:po'));
});

test('match: bare words look at the type; -normal hides Normal groups', () => {
  const { names } = fixture();
  const hidden = names('-normal');
  assert.ok(!hidden.includes('pulled') && !hidden.includes('deploy'));
  assert.equal(hidden.length, 8);
  assert.deepEqual(names('normal', { rank: false }), ['pulled', 'deploy']);
});

test('match: re: and /…/ are case-insensitive regexes over the same fields', () => {
  const { names, view, store } = fixture();
  assert.deepEqual(names('/^back-?off$/'), ['backoff', 'crash']);
  assert.deepEqual(names('re:err.*pull'), ['errPull']);
  assert.deepEqual(names('-re:pull|back'), ['sched', 'hpa', 'cjk', 'deploy']);
  const bad = view.compute(spec('/[unclosed/ backoff'));
  assert.match(bad.query.errors.join(), /bad regular expression/);
  assert.ok(bad.groups.length > 0, 'the rest of the filter still applies');
  const g = store.groupList().find((x) => x.reason === 'ErrImagePull')!;
  assert.deepEqual(view.compute(spec('re:imagepull')).highlights(g)?.get('reason'), [3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('match: CJK text matches and highlights by UTF-16 index', () => {
  const { names, view, store } = fixture();
  assert.deepEqual(names('启动失败'), ['cjk']);
  assert.deepEqual(names('容器失败'), ['cjk'], 'a subsequence of CJK characters');
  assert.deepEqual(names('生产'), ['cjk'], 'namespace');
  assert.deepEqual(names('アプリ'), ['cjk'], 'object name');
  const g = store.groupList().find((x) => x.namespace === '生产')!;
  const h = view.compute(spec('启动失败')).highlights(g)!;
  assert.deepEqual(h.get('message'), [2, 3, 4, 5]);
});

test('match: typed keystroke by keystroke gives what a fresh view gives', () => {
  const { store, view, name } = fixture();
  for (const q of ['b', 'ba', 'bac', 'back', 'backo', 'backof', 'backoff', 'backoff w', 'backoff we', 'backof', 'ba', 'bk', 'bko', 'bkoff', 'kind:po bkoff', 'bkoff']) {
    const typed = view.compute(spec(q)).groups.map(name);
    const fresh = new EventView(store).compute(spec(q)).groups.map(name);
    assert.deepEqual(typed, fresh, q);
  }
  // A token first rejects rows before the word is asked about their texts: the next word must
  // still ask about those texts once the token is gone.
  const v2 = new EventView(store);
  v2.compute(spec('kind:hpa f'));
  assert.deepEqual(v2.compute(spec('fa')).groups.map(name), new EventView(store).compute(spec('fa')).groups.map(name));
});

test('match: interned strings are shared and swept when no group uses them', () => {
  const store = new AggregateStore({ maxGroups: 2 });
  const view = new EventView(store);
  store.apply([upsert(ev({ uid: 'a', message: 'only-a', lastSeen: 1 })), upsert(ev({ uid: 'b', message: 'only-b', lastSeen: 2 }))]);
  // Texts are made on first read: an unfiltered view makes none, a search makes them.
  const none = internedTexts();
  view.compute(spec(''));
  assert.equal(internedTexts(), none, 'no Text made without a filter');
  view.compute(spec('only'));
  assert.ok(internedTexts() > none);
  store.apply([upsert(ev({ uid: 'c', reason: 'Other', message: 'only-c', object: 'other', lastSeen: 3 }))]);
  const r = view.compute(spec('only'));
  sweepTexts(r.groups.length, () => r.groups.map(haystackOf), true);
  const after = internedTexts();
  assert.ok(after <= 2 * 6, `at most two groups' six searched fields: ${after}`);
  assert.deepEqual(view.compute(spec('only')).groups.map((g) => g.message).sort(), ['only-b', 'only-c']);
});

test('match: a sweep comes once groups have gone, not because a first search made the Texts', () => {
  const store = new AggregateStore({ maxGroups: 4000 });
  const view = new EventView(store);
  let uid = 0;
  const add = (n: number) => store.apply(Array.from({ length: n }, () => upsert(ev({ uid: `s${uid}`, object: `pod-${uid}`, message: `unique message ${uid++}`, lastSeen: uid }))));
  add(3000);
  view.compute(spec(''));
  view.compute(spec('unique'));
  const made = internedTexts();
  const swept = textSweeps();
  assert.ok(made > 4096, `a first search made the Texts of 3000 groups: ${made}`);
  add(10); // a merge, nothing gone
  view.compute(spec('unique'));
  assert.equal(textSweeps(), swept, 'no sweep: no group has gone');
  // The store replaced (evicted by the cap): the next merge sweeps the dead groups' Texts.
  add(4000);
  view.compute(spec('unique'));
  const live = store.size;
  assert.equal(textSweeps(), swept + 1);
  assert.ok(internedTexts() < made + 3 * live, `swept: ${internedTexts()} Texts for ${live} live groups`);
});

test('match: warmTexts makes every group\'s Texts in slices that always progress, then says it is done', () => {
  sweepTexts(0, () => [], true); // the earlier tests' Texts gone: this one counts its own
  const store = new AggregateStore();
  store.apply(Array.from({ length: 200 }, (_, i) => upsert(ev({ uid: `w${i}`, object: `warm-${i}`, message: `warm message ${i}`, lastSeen: i }))));
  const before = internedTexts();
  const it = store.groups();
  let calls = 1;
  // A deadline already past: each call still makes one batch of groups.
  while (!warmTexts(it, 0)) calls++;
  assert.ok(calls >= 3, `200 groups in batches: ${calls} calls`);
  assert.ok(internedTexts() - before >= 400, `each group's own message and object: ${internedTexts() - before} new Texts`);
  const made = internedTexts();
  new EventView(store).compute(spec('warm'));
  assert.equal(internedTexts(), made, 'a search after it makes no Text');
});
