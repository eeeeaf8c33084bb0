// Peak RSS and CPU of the data path through an event storm, in one process and without a clock:
import { setFlagsFromString } from 'node:v8';
if (process.env.V8FLAG) setFlagsFromString(process.env.V8FLAG);
// N unique watch lines (JSON text, as the source reads them) parsed, normalised and applied in
// batches of 500 under the default caps, the view (triage) brought up to date after each batch as
// the full screen does at 20 frames a second. Load-independent enough to compare runtime settings.
// Run: node --import tsx bench/storm-memory.ts   (env: EVENTS=1000000 MESSAGE=200 QUERY=backoff)
import { normalize } from '../src/model/normalize.js';
import { AggregateStore } from '../src/store/aggregate.js';
import { EventView } from '../src/store/view.js';
import type { SourceChange } from '../src/kube/types.js';
import { uniqueRaw } from '../test/unit/helpers/unique-events.js';
import { liveHeap } from './stats.js';

const N = Number(process.env.EVENTS ?? 1_000_000);
const store = new AggregateStore({ keepRaw: process.env.KEEP_RAW === "1" }); // as a live session keeps it
const view = new EventView(store);
const query = process.env.QUERY ?? '';
let peak = 0;
const t0 = process.cpuUsage();
const w0 = performance.now();
for (let i = 0; i < N; i += 500) {
  const batch: SourceChange[] = [];
  for (let j = i; j < i + 500; j++) {
    const line = JSON.stringify({ type: 'ADDED', object: uniqueRaw(j, { messageBytes: Number(process.env.MESSAGE ?? 200) }) });
    batch.push({ kind: 'upsert', event: normalize((JSON.parse(line) as { object: unknown }).object, 'core')! });
  }
  store.apply(batch);
  view.compute({ query, warningsOnly: false, sort: 'triage' }, Date.now());
  if (i % 20_000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
}
const cpu = process.cpuUsage(t0);
const t = store.totals();
console.log(JSON.stringify({
  args: process.execArgv.join(' '), events: N, groups: t.groups, evicted: t.evicted,
  peakRssMiB: Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1048576),
  heapMiB: Math.round(process.memoryUsage().heapUsed / 1048576), cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(1), wallS: +((performance.now() - w0) / 1000).toFixed(1),
}));
if ((globalThis as { gc?: unknown }).gc !== undefined) console.log(`live heap after a full GC: ${Math.round(liveHeap() / 1048576)} MiB`);
