// normalise + AggregateStore.apply over 100,000 synthetic events, like an initial sync of a busy
// cluster: µs/event and the heap left afterwards.
// Run: node --expose-gc --import tsx bench/aggregate.bench.ts   (env: EVENTS=100000 MAX_GROUPS=50000)
import { normalize } from '../src/model/normalize.js';
import { AggregateStore } from '../src/store/aggregate.js';
import type { SourceChange } from '../src/kube/types.js';
import type { ApiGroup } from '../src/model/event.js';
import { mulberry32 } from '../demo/apiserver/random.js';

const N = Number(process.env.EVENTS ?? 100_000);
const BATCH = 500;
const gc = (globalThis as { gc?: () => void }).gc;

const STEPS: ReadonlyArray<[string, string, string]> = [
  ['Normal', 'Pulling', 'Pulling image "registry.example.com/team/app:1.42.0"'],
  ['Normal', 'Pulled', 'Successfully pulled image "registry.example.com/team/app:1.42.0" in 1.234s (1.234s including waiting). Image size: 48213117 bytes.'],
  ['Normal', 'Created', 'Created container app'],
  ['Normal', 'Started', 'Started container app'],
  ['Warning', 'BackOff', 'Back-off restarting failed container app in pod'],
  ['Warning', 'Unhealthy', 'Readiness probe failed: Get "http://10.0.3.17:8080/healthz": dial tcp 10.0.3.17:8080: connect: connection refused'],
];

function managedFields(t: string): unknown[] {
  return [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: t, fieldsType: 'FieldsV1',
    fieldsV1: { 'f:count': {}, 'f:firstTimestamp': {}, 'f:involvedObject': {}, 'f:lastTimestamp': {}, 'f:message': {}, 'f:reason': {}, 'f:source': { 'f:component': {}, 'f:host': {} }, 'f:type': {} } }];
}

type Raw = { raw: unknown; group: ApiGroup };

/**
 * The same deterministic event stream on every call, in batches, freshly parsed like a list page
 * or a burst of watch lines: the input dies young, as it does in the real process (holding all
 * 100k raw objects at once would make the GC, not the code, the thing measured).
 */
function* eventBatches(n: number, batchSize: number): Generator<Raw[]> {
  const rnd = mulberry32(42);
  let out: Raw[] = [];
  let emitted = 0;
  const base = Date.parse('2025-03-01T12:00:00Z');
  const push = (r: Raw): void => {
    out.push(r);
    emitted++;
  };
  for (let pod = 0; emitted < n; pod++) {
    if (out.length >= batchSize) {
      yield out;
      out = [];
    }
    const ns = `team-${pod % 40}`;
    const podName = `app-${(pod * 2654435761 >>> 0).toString(36)}-${pod % 97}`;
    const node = `node-${pod % 300}`;
    const t0 = base - Math.floor(rnd() * 3_600_000);
    // The scheduler writes events.k8s.io-style events (eventTime, series).
    const sched = {
      metadata: { name: `${podName}.${(t0 * 1e6).toString(16)}`, namespace: ns, uid: `u-${pod}-s`, resourceVersion: String(1000 + emitted), creationTimestamp: new Date(t0).toISOString() },
      eventTime: new Date(t0).toISOString().replace('Z', '000Z'), reportingController: 'default-scheduler', reportingInstance: 'default-scheduler-cp-1',
      action: 'Binding', reason: 'Scheduled', regarding: { kind: 'Pod', namespace: ns, name: podName, uid: `p-${pod}`, apiVersion: 'v1', resourceVersion: '1' },
      note: `Successfully assigned ${ns}/${podName} to ${node}`, type: 'Normal', deprecatedSource: {}, deprecatedCount: 0,
    };
    push({ raw: JSON.parse(JSON.stringify(sched)), group: 'events' });
    const steps = rnd() < 0.2 ? STEPS.length : 4;
    for (let s = 0; s < steps && emitted < n; s++) {
      const [type, reason, message] = STEPS[s]!;
      const first = new Date(t0 + s * 1000).toISOString();
      const count = s >= 4 ? 1 + Math.floor(rnd() * 50) : 1;
      const ev = {
        metadata: { name: `${podName}.${(t0 * 1e6 + s).toString(16)}`, namespace: ns, uid: `u-${pod}-${s}`, resourceVersion: String(1000 + emitted), creationTimestamp: first, managedFields: managedFields(first) },
        involvedObject: { kind: 'Pod', namespace: ns, name: podName, uid: `p-${pod}`, apiVersion: 'v1', resourceVersion: '12345', fieldPath: 'spec.containers{app}' },
        reason, message, source: { component: 'kubelet', host: node }, firstTimestamp: first,
        lastTimestamp: new Date(t0 + s * 1000 + count * 10_000).toISOString(), count, type, eventTime: null, reportingComponent: 'kubelet', reportingInstance: node,
      };
      push({ raw: JSON.parse(JSON.stringify(ev)), group: 'core' });
    }
  }
  if (out.length > 0) yield out;
}

function heapMB(): string {
  gc?.();
  gc?.();
  return (process.memoryUsage().heapUsed / 1048576).toFixed(1);
}

const maxGroups = Number(process.env.MAX_GROUPS ?? 50_000);
console.log(`events: ${N}, maxGroups: ${maxGroups}${gc ? '' : '  (run with --expose-gc for exact heap figures)'}; heap before: ${heapMB()} MB`);

/** Runs `work` on every batch and returns the ms spent inside it (input generation excluded). */
function timed(work: (batch: Raw[]) => void): number {
  let ms = 0;
  for (const batch of eventBatches(N, BATCH)) {
    const t = performance.now();
    work(batch);
    ms += performance.now() - t;
  }
  return ms;
}

const perEvent = (ms: number): string => `${((ms * 1000) / N).toFixed(2)} µs/event (${ms.toFixed(0)} ms)`;

// Normalise alone, to separate its cost from the store's (results discarded).
let sink = 0;
console.log(`normalize only:              ${perEvent(timed((b) => { for (const { raw, group } of b) sink += normalize(raw, group)!.count; }))}`);

const store = new AggregateStore({ maxGroups });
const seen = new Set<string>();
const sync = timed((b) => {
  const changes: SourceChange[] = [];
  for (const { raw, group } of b) {
    const event = normalize(raw, group)!;
    seen.add(event.uid);
    changes.push({ kind: 'upsert', event });
  }
  store.apply(changes);
});
store.apply([{ kind: 'synced', namespace: '', seen }]);
console.log(`initial sync, normalize+apply: ${perEvent(sync)}, batches of ${BATCH}`);

// A relist re-delivers everything: every upsert must count 0.
const before = store.totals().events;
const relist = timed((b) => store.apply(b.map(({ raw, group }) => ({ kind: 'upsert', event: normalize(raw, group)! }))));
console.log(`relist, normalize+apply:       ${perEvent(relist)}; events total unchanged: ${store.totals().events === before}`);

seen.clear();
const totals = store.totals();
console.log(`groups: ${totals.groups}, events: ${totals.events}, warnings: ${totals.warningGroups} groups / ${totals.warningEvents} events, evicted: ${totals.evicted}, droppedOld: ${totals.droppedOld}  [${sink}]`);
console.log(`heap used after (store only): ${heapMB()} MB; rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
