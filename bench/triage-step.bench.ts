// What the triage order's 10 s cutoff step costs the view at N groups (it comes every 10 s while
// the table is sorted by triage, so at 100k groups it is a frame's work: ≤ 8 ms is the frame
// budget). lastSeen spread over two hours, so each step moves the groups that crossed a cutoff.
// Figures only. Run: node --import tsx bench/triage-step.bench.ts   (env: N=100000)
import { AggregateStore } from '../src/store/aggregate.js';
import { EventView, type ViewSpec } from '../src/store/view.js';
import { normalize } from '../src/model/normalize.js';
import type { KubeEvent } from '../src/model/event.js';
import { quantile } from './stats.js';

const N = Number(process.env.N ?? 100_000);
const store = new AggregateStore({ maxGroups: 2 * N, keepRaw: false });
const T = Date.parse('2026-12-01T00:00:00Z');
const batch: Array<{ kind: 'upsert'; event: KubeEvent }> = [];
for (let i = 0; i < N; i++) {
  const t = new Date(T - (i % 7200) * 1000).toISOString();
  const raw = {
    metadata: { uid: `u${i}`, name: `e${i}`, namespace: `ns${i % 50}`, resourceVersion: String(i + 1) },
    involvedObject: { kind: 'Pod', name: `pod-${i}`, namespace: `ns${i % 50}` },
    reason: i % 3 ? 'BackOff' : 'Pulled', message: `message ${i}`, type: i % 3 ? 'Warning' : 'Normal',
    count: 1, firstTimestamp: t, lastTimestamp: t, source: { component: 'kubelet' },
  };
  batch.push({ kind: 'upsert', event: normalize(raw, 'core')! });
}
store.apply(batch);
const view = new EventView(store);
const spec: ViewSpec = { query: '', warningsOnly: false, sort: 'triage' };
let now = T + 1000;
view.compute(spec, now);
const times: number[] = [];
for (let k = 0; k < 60; k++) {
  now += 10_000;
  const t0 = performance.now();
  view.compute(spec, now);
  times.push(performance.now() - t0);
}
console.log(`triage cutoff step at ${store.totals().groups} groups: p50 ${quantile(times, 0.5)!.toFixed(1)} ms, p95 ${quantile(times, 0.95)!.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (60 steps)`);
