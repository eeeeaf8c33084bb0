// The view while a first list comes in: N groups arrive in 500-event pages and the view is
// computed every K pages (8: the 250 ms of the screen's renders; 32: its once-a-second rows),
// against one compute at the end (K = 0). Figures only.
// Run: node --import tsx bench/view-listing.bench.ts [K] [sort=triage]; without K it runs 8, 32
// and 0, each in a process of its own (haystacks and texts are cached per process).
import { spawnSync } from 'node:child_process';
import { AggregateStore } from '../src/store/aggregate.js';
import { EventView, type ViewSpec } from '../src/store/view.js';
import type { KubeEvent } from '../src/model/event.js';
import type { SourceChange } from '../src/kube/types.js';
import { mulberry32 } from '../demo/apiserver/random.js';
if (process.argv[2] === undefined) {
  for (const k of ['8', '32', '0']) spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, k], { stdio: 'inherit' });
  process.exit(0);
}
const N = 100_000;
const every = Number(process.argv[2]);
const rnd = mulberry32(7);
const hex = (n: number): string => Math.floor(rnd() * 16 ** n).toString(16).padStart(n, '0');
const base = Date.now();
let uid = 0;
const reasons = ['BackOff','Pulled','Created','Started','Unhealthy','FailedScheduling','Killing','OOMKilling'];
function event(): KubeEvent {
  const i = uid++;
  const ns = `team-${Math.floor(rnd() * 40)}`;
  const name = `web-${hex(8)}-${hex(5)}`;
  const reason = reasons[Math.floor(rnd()*reasons.length)]!;
  const lastSeen = base - Math.floor(rnd() * 3_600_000);
  return { uid: `u-${i}`, namespace: ns, name: `${name}.${i.toString(16)}`, resourceVersion: String(i),
    object: { kind: 'Pod', namespace: ns, name, apiVersion: 'v1', uid: `o-${i}`, fieldPath: '' },
    reason, message: `Back-off restarting failed container app in pod ${name} ${hex(4)}`, type: rnd() < 0.3 ? 'Warning' : 'Normal', component: 'kubelet', instance: 'node-1', action: '',
    count: 1 + Math.floor(rnd() * 20), firstSeen: lastSeen - 1000, lastSeen, apiGroup: 'core', cluster: '', raw: {} };
}
const pages: SourceChange[][] = [];
for (let p = 0; p < N / 500; p++) pages.push(Array.from({ length: 500 }, () => ({ kind: 'upsert', event: event() }) as SourceChange));
const store = new AggregateStore({ maxGroups: N * 2 });
const view = new EventView(store);
const spec: ViewSpec = { query: '', warningsOnly: false, sort: (process.argv[3] ?? 'triage') as ViewSpec['sort'], hideExpired: true };
let viewMs = 0, storeMs = 0, computes = 0;
for (let p = 0; p < pages.length; p++) {
  let t = performance.now();
  store.apply(pages[p]!);
  storeMs += performance.now() - t;
  if (every > 0 && p % every === 0 || p === pages.length - 1) {
    t = performance.now();
    const r = view.compute(spec, Date.now());
    r.groups.length;
    viewMs += performance.now() - t; computes++;
  }
}
console.log(`${N} groups, computed every ${every} pages: ${computes} computes, view ${viewMs.toFixed(0)} ms, store ${storeMs.toFixed(0)} ms`);
