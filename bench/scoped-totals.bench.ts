// What the header's scoped totals cost per snapshot (≤ 20 a second) after `:ns`: scopedTotals
// over a store of GROUPS groups, a scope holding SHARE of them. Figures only.
// Run: node --import tsx bench/scoped-totals.bench.ts   (env: GROUPS=50000 SHARE=0.5)
import { AggregateStore } from '../src/store/aggregate.js';
import { scopedTotals } from '../src/store/scoped.js';
import type { KubeEvent } from '../src/model/event.js';
import { normalize } from '../src/model/normalize.js';

const GROUPS = Number(process.env.GROUPS ?? 50_000);
const SHARE = Number(process.env.SHARE ?? 0.5);
const store = new AggregateStore({ maxGroups: GROUPS * 2 });
const t0 = Date.now();
const batch: Array<{ kind: 'upsert'; event: KubeEvent }> = [];
for (let i = 0; i < GROUPS; i++) {
  const ns = i < GROUPS * SHARE ? 'scoped' : `other-${i % 20}`;
  const raw = {
    kind: 'Event', apiVersion: 'v1',
    metadata: { name: `pod-${i}.1`, namespace: ns, uid: `u-${i}`, resourceVersion: String(i + 1) },
    involvedObject: { kind: 'Pod', namespace: ns, name: `pod-${i}`, apiVersion: 'v1' },
    reason: i % 3 === 0 ? 'BackOff' : 'Pulled', message: `message ${i}`, type: i % 3 === 0 ? 'Warning' : 'Normal',
    source: { component: 'kubelet' }, count: 1 + (i % 5),
    firstTimestamp: new Date(t0 - i * 1000).toISOString(), lastTimestamp: new Date(t0 - i * 1000).toISOString(),
  };
  batch.push({ kind: 'upsert', event: normalize(raw, 'core')! });
}
store.apply(batch);

const runs: number[] = [];
let sink = 0;
for (let r = 0; r < 60; r++) {
  const start = performance.now();
  sink += scopedTotals(store, ['scoped']).groups;
  runs.push(performance.now() - start);
}
runs.sort((a, b) => a - b);
const median = runs[runs.length >> 1]!;
console.log(JSON.stringify({ groups: store.size, inScope: sink / 60, medianMs: Number(median.toFixed(3)), p90Ms: Number(runs[Math.floor(runs.length * 0.9)]!.toFixed(3)), perSecondAt20fpsMs: Number((median * 20).toFixed(1)) }));
