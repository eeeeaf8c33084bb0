// The view layer at 100,000 groups: first compute, a query typed keystroke by keystroke, a
// token-only query, a sort change, and an update of 200 groups followed by compute. Figures only.
// Run: node --expose-gc --import tsx bench/filter.bench.ts   (env: GROUPS=100000)
import { AggregateStore } from '../src/store/aggregate.js';
import { EventView, type ViewSpec } from '../src/store/view.js';
import { FollowState } from '../src/store/follow.js';
import { dropWordScores, internedTexts } from '../src/store/match.js';
import type { KubeEvent } from '../src/model/event.js';
import type { SourceChange } from '../src/kube/types.js';
import { mulberry32 } from '../demo/apiserver/random.js';
import { median, quantile } from './stats.js';

const N = Number(process.env.GROUPS ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;

const rnd = mulberry32(7);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const hex = (n: number): string => Math.floor(rnd() * 16 ** n).toString(16).padStart(n, '0');

// [type, reason, component, kind, message(name, ns, node)] — roughly a busy cluster's mix.
type Template = [string, string, string, string, (o: string, ns: string, node: string) => string];
const TEMPLATES: readonly Template[] = [
  ['Normal', 'Scheduled', 'default-scheduler', 'Pod', (o, ns, node) => `Successfully assigned ${ns}/${o} to ${node}`],
  ['Normal', 'Pulling', 'kubelet', 'Pod', () => `Pulling image "registry.example.com/team/app:1.${Math.floor(rnd() * 90)}.0"`],
  ['Normal', 'Pulled', 'kubelet', 'Pod', () => `Successfully pulled image "registry.example.com/team/app:1.${Math.floor(rnd() * 90)}.0" in ${(rnd() * 9).toFixed(3)}s (${(rnd() * 9).toFixed(3)}s including waiting). Image size: ${Math.floor(rnd() * 1e8)} bytes.`],
  ['Normal', 'Created', 'kubelet', 'Pod', () => `Created container ${pick(['app', 'sidecar', 'istio-proxy', 'init-db'])}`],
  ['Normal', 'Started', 'kubelet', 'Pod', () => `Started container ${pick(['app', 'sidecar', 'istio-proxy', 'init-db'])}`],
  ['Normal', 'Killing', 'kubelet', 'Pod', () => `Stopping container ${pick(['app', 'sidecar'])}`],
  ['Warning', 'BackOff', 'kubelet', 'Pod', (o) => `Back-off restarting failed container app in pod ${o}`],
  ['Warning', 'Unhealthy', 'kubelet', 'Pod', () => `Readiness probe failed: Get "http://10.0.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}:8080/healthz": dial tcp: connect: connection refused`],
  ['Warning', 'FailedScheduling', 'default-scheduler', 'Pod', () => `0/${Math.floor(rnd() * 300)} nodes are available: ${Math.floor(rnd() * 50)} Insufficient cpu, ${Math.floor(rnd() * 50)} node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: not eligible.`],
  ['Warning', 'FailedMount', 'kubelet', 'Pod', (o) => `MountVolume.SetUp failed for volume "secret-${o}" : secret "${o}-tls" not found`],
  ['Warning', 'Failed', 'kubelet', 'Pod', () => `Failed to pull image "registry.example.com/team/app:${hex(7)}": rpc error: code = NotFound desc = failed to resolve reference: not found`],
  ['Normal', 'SuccessfulCreate', 'replicaset-controller', 'ReplicaSet', (o) => `Created pod: ${o}-${hex(5)}`],
  ['Normal', 'ScalingReplicaSet', 'deployment-controller', 'Deployment', (o) => `Scaled up replica set ${o}-${hex(10)} to ${1 + Math.floor(rnd() * 9)}`],
  ['Warning', 'OOMKilling', 'kernel-monitor', 'Node', () => `Memory cgroup out of memory: Killed process ${Math.floor(rnd() * 99999)} (java) total-vm:${Math.floor(rnd() * 9e6)}kB`],
  ['Normal', 'NodeNotReady', 'node-controller', 'Node', (o) => `Node ${o} status is now: NodeNotReady`],
  ['Warning', 'FailedGetResourceMetric', 'horizontal-pod-autoscaler', 'HorizontalPodAutoscaler', () => `failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API`],
];

const base = Date.parse('2025-03-01T12:00:00Z');
let uid = 0;
function event(): KubeEvent {
  const [type, reason, component, kind, msg] = pick(TEMPLATES);
  const ns = `team-${Math.floor(rnd() * 40)}`;
  const node = `node-${Math.floor(rnd() * 300)}`;
  const name = kind === 'Node' ? node : `${pick(['web', 'api', 'worker', 'cache', 'payments', 'search'])}-${hex(8)}-${hex(5)}`;
  const lastSeen = base - Math.floor(rnd() * 3_600_000);
  const i = uid++;
  return {
    uid: `u-${i}`, namespace: ns, name: `${name}.${i.toString(16)}`, resourceVersion: String(i),
    object: { kind, namespace: kind === 'Node' ? '' : ns, name, apiVersion: 'v1', uid: `o-${i}`, fieldPath: '' },
    reason, message: msg(name, ns, node), type, component, instance: node, action: '',
    count: 1 + Math.floor(rnd() * 20), firstSeen: lastSeen - Math.floor(rnd() * 600_000), lastSeen, apiGroup: 'core', cluster: '', raw: {},
  };
}

const store = new AggregateStore({ maxGroups: N * 2 });
const events: KubeEvent[] = [];
for (let b = 0; store.size < N; b++) {
  const batch: SourceChange[] = [];
  for (let k = 0; k < 1000 && store.size + k < N; k++) {
    const e = event();
    events.push(e);
    batch.push({ kind: 'upsert', event: e });
  }
  store.apply(batch);
}
gc?.();
const heap0 = process.memoryUsage().heapUsed;
console.log(`groups: ${store.size}, events: ${store.totals().events}, warning groups: ${store.totals().warningGroups}`);

const REPS = Number(process.env.REPS ?? 7);
const spec = (query: string, over: Partial<ViewSpec> = {}): ViewSpec => ({ query, warningsOnly: false, sort: 'lastSeen', ...over });
const pct = (xs: number[], p: number): number => quantile(xs, p) ?? NaN;
const show = (label: string, xs: number[], extra = ''): void =>
  console.log(`${label.padEnd(52)} p50 ${median(xs).toFixed(1).padStart(6)} ms   p95 ${pct(xs, 0.95).toFixed(1).padStart(6)} ms   min ${Math.min(...xs).toFixed(1).padStart(6)} ms   ${extra}`);
function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

// 200 groups updated (new occurrences, newer lastSeen) in one batch.
let clock = base;
function update(n: number, added = 0): void {
  const batch: SourceChange[] = [];
  for (let k = 0; k < added; k++) batch.push({ kind: 'upsert', event: { ...event(), lastSeen: (clock += 10) } });
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rnd() * events.length);
    const e = events[at]!;
    const u: KubeEvent = { ...e, count: e.count + 1, lastSeen: (clock += 10), resourceVersion: e.resourceVersion + 'x' };
    events[at] = u;
    batch.push({ kind: 'upsert', event: u });
  }
  store.apply(batch);
}

console.log(`(each figure: ${REPS} repetitions on fresh EventViews unless noted; the machine may be shared)`);
{
  const view = new EventView(store);
  const cold = time(() => view.compute(spec('')));
  console.log(`${'first compute ever (sort + build 100k haystacks)'.padEnd(52)} one run ${cold.toFixed(1).padStart(6)} ms`);
  const first = time(() => view.compute(spec('b')));
  console.log(`${'first filter ever "b" (prepares every distinct string)'.padEnd(52)} one run ${first.toFixed(1).padStart(6)} ms   ${internedTexts()} distinct strings`);
}
show('first compute, warm caches (sort 100k by lastSeen)', Array.from({ length: REPS }, () => time(() => new EventView(store).compute(spec('')))));

/** Times each spec in order on one view, after an untimed first compute; medians per step. */
function sequence(title: string, specs: ViewSpec[], before?: (v: EventView) => void, cold = true): void {
  const times: number[][] = specs.map(() => []);
  const sizes: string[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const view = new EventView(store);
    view.compute(spec(''));
    before?.(view);
    // Cold: no word scores cached from an earlier repetition (as on a first search of a session).
    if (cold) dropWordScores();
    specs.forEach((s, i) => {
      let n = '';
      times[i]!.push(time(() => {
        const r = view.compute(s);
        n = `${r.groups.length} of ${r.considered}`;
      }));
      sizes[i] = n;
    });
  }
  console.log(title);
  specs.forEach((s, i) => show(`  ${JSON.stringify(s.query)}${s.sort !== 'lastSeen' ? ` sort=${s.sort}` : ''}${s.warningsOnly ? ' warnings-only' : ''}`, times[i]!, sizes[i]));
}

/**
 * As a UI frame would ask: compute with a budget, again (next frame) until the search is done.
 * Per step: the first call (what the frame answering the keystroke waits for), the longest call,
 * how many calls, and the time until the final result (calls only, frames between not counted).
 */
function budgeted(title: string, specs: ViewSpec[], budgetMs: number): void {
  const first: number[][] = specs.map(() => []);
  const longest: number[][] = specs.map(() => []);
  const total: number[][] = specs.map(() => []);
  const calls: number[][] = specs.map(() => []);
  const longestCpu: number[][] = specs.map(() => []);
  for (let rep = 0; rep < REPS; rep++) {
    const view = new EventView(store);
    view.compute(spec(''));
    dropWordScores();
    specs.forEach((s, i) => {
      let n = 0;
      let sum = 0;
      let most = 0;
      let mostCpu = 0;
      for (;;) {
        let pending = false;
        const c = process.cpuUsage();
        const t = time(() => (pending = view.compute(s, undefined, { budgetMs }).pending !== undefined));
        const cu = process.cpuUsage(c);
        mostCpu = Math.max(mostCpu, (cu.user + cu.system) / 1000);
        if (n === 0) first[i]!.push(t);
        n++;
        sum += t;
        most = Math.max(most, t);
        if (!pending) break;
      }
      longest[i]!.push(most);
      longestCpu[i]!.push(mostCpu);
      total[i]!.push(sum);
      calls[i]!.push(n);
    });
  }
  console.log(title);
  specs.forEach((s, i) => {
    show(`  ${JSON.stringify(s.query)}${s.rank === false ? ' plain' : ''} first call`, first[i]!, `calls p50 ${median(calls[i]!)}`);
    show(`  ${''.padEnd(JSON.stringify(s.query).length)} longest call`, longest[i]!);
    show(`  ${''.padEnd(JSON.stringify(s.query).length)} longest call, CPU time (load aside)`, longestCpu[i]!);
    show(`  ${''.padEnd(JSON.stringify(s.query).length)} all calls`, total[i]!);
  });
}

// The UI's budget (src/ui/hooks/useSearchResume.ts SEARCH_BUDGET_MS).
const BUDGET = Number(process.env.BUDGET_MS ?? 12);

// The issue-11 figures: per keystroke while typing (the view's previous query is the keystroke
// before; no word scores cached from earlier repetitions), ranked by match (the default).
const TYPED = ['b', 'ba', 'bac', 'back', 'backo', 'backof', 'backoff'];
budgeted(`budgeted (${BUDGET} ms per call, as the UI computes), typed keystroke by keystroke, ranked:`, TYPED.slice(0, 4).map((q) => spec(q)), BUDGET);
budgeted(`budgeted (${BUDGET} ms per call), plain sort order:`, TYPED.slice(0, 4).map((q) => spec(q, { rank: false })), BUDGET);
budgeted(`budgeted (${BUDGET} ms per call), fresh queries:`, ['fsched', 'bkoff'].map((q) => spec(q)), BUDGET);
sequence('typed keystroke by keystroke (store idle), ranked:', TYPED.map((q) => spec(q)));
sequence('typed keystroke by keystroke, plain sort order (Ctrl-R):', TYPED.map((q) => spec(q, { rank: false })));
sequence('fuzzy words typed whole into an empty filter (one step):', ['bkoff', 'schedulng', 'imgpull'].map((q) => spec(q)));
for (const w of ['bkoff', 'schedulng', 'imgpull']) sequence(`"${w}" typed keystroke by keystroke:`, [...w].map((_, i) => spec(w.slice(0, i + 1))));
sequence('retyped after a backspace (word scores cached):', ['backoff', 'backof', 'backoff'].map((q) => spec(q)), undefined, false);
if (process.env.KEYSTROKES_ONLY) process.exit(0);
sequence('typed with tokens:', ['r', 're', 'reason:backoff', 'reason:backoff w', 'reason:backoff web'].map((q) => spec(q)));
sequence('backspace (a wider query: full filter):', ['backoff', 'backof', 'back', ''].map((q) => spec(q)));
for (const q of ['fsched', 'rpfail', 'zzqx', 'type:warning ns:team-1', '-reason:pulled sev:error', 'kind:node'])
  sequence(`fresh query from an empty filter:`, [spec(q)]);
sequence('sort change (first time per sort key: radix sort):', [spec('', { sort: 'count' }), spec('', { sort: 'severity' }), spec('', { sort: 'firstSeen' })]);
sequence('warnings-only toggle (a filter, no sort):', [spec('', { warningsOnly: true }), spec('')]);

// Live: 200 groups updated, then compute (as one UI frame would).
function live(title: string, query: string): void {
  const xs: number[] = [];
  let n = '';
  const view = new EventView(store);
  view.compute(spec(query));
  for (let rep = 0; rep < REPS; rep++) {
    update(200);
    xs.push(time(() => {
      const r = view.compute(spec(query));
      n = `${r.groups.length} of ${r.considered}`;
    }));
  }
  show(title, xs, n);
}
console.log('store updates (200 groups changed per batch), then compute:');
live('  no filter (incremental merge)', '');
live('  same query "back" (result merged forward)', 'back');
live('  same query "b" (merged forward, its rows scored again)', 'b');
live('  same query "reason:backoff web"', 'reason:backoff web');
{
  const xs: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const view = new EventView(store);
    view.compute(spec('bac'));
    update(200);
    xs.push(time(() => view.compute(spec('back'))));
  }
  show('  then a keystroke "bac" → "back"', xs);
}

// Follow/pause: apply() per frame while paused, with updates arriving.
{
  const view = new EventView(store);
  const follow = new FollowState();
  follow.apply(view.compute(spec('')));
  follow.pause();
  const first: number[] = [];
  const steady: number[] = [];
  let newCount = 0;
  for (let rep = 0; rep < REPS; rep++) {
    update(200, 20);
    const r = view.compute(spec(''));
    const t = time(() => (newCount = follow.apply(r).newCount));
    (rep === 0 ? first : steady).push(t);
  }
  console.log('paused follow, 200 groups updated + 20 new per frame:');
  show('  follow.apply, first frame after pause (builds the frozen set)', first);
  show('  follow.apply, later frames', steady, `${newCount} new so far`);
  const r = view.compute(spec(''));
  show('  follow.apply, same result again', [time(() => follow.apply(r))]);
}

gc?.();
console.log(`heap: store ${(heap0 / 1048576).toFixed(0)} MB; + view caches ${((process.memoryUsage().heapUsed - heap0) / 1048576).toFixed(0)} MB${gc ? '' : ' (run with --expose-gc for exact figures)'}`);
