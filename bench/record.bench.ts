// What --record costs on top of normalise + AggregateStore.apply, and what reading a recording
// back costs (kevtui replay): µs/event over N synthetic events in batches of 500 (an initial
// sync), plain NDJSON and gzip; medians of RUNS runs; the file sizes.
// Run: node --import tsx bench/record.bench.ts   (env: EVENTS=50000 RUNS=5)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceChange } from '../src/kube/types.js';
import { normalize } from '../src/model/normalize.js';
import { Recorder, recordLines } from '../src/record/writer.js';
import { readRecording } from '../src/replay/read.js';
import { AggregateStore } from '../src/store/aggregate.js';
import { median } from './stats.js';

const N = Number(process.env.EVENTS ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 5);
const BATCH = 500;
const T0 = Date.UTC(2026, 0, 1);

function raw(i: number): Record<string, unknown> {
  const at = new Date(T0 + i * 100).toISOString();
  const pod = `web-${(i % 977).toString(36)}-x${i % 13}`;
  return {
    metadata: { name: `${pod}.${i.toString(16)}`, namespace: `ns-${i % 40}`, uid: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`, resourceVersion: String(1000 + i), creationTimestamp: at },
    involvedObject: { kind: 'Pod', namespace: `ns-${i % 40}`, name: pod, apiVersion: 'v1', uid: `pod-${i % 977}`, fieldPath: 'spec.containers{app}' },
    reason: i % 5 === 0 ? 'BackOff' : 'Pulled', type: i % 5 === 0 ? 'Warning' : 'Normal',
    message: i % 5 === 0 ? `Back-off restarting failed container app in pod ${pod}` : 'Successfully pulled image "registry.example.com/team/app:1.42.0" in 1.234s',
    source: { component: 'kubelet', host: `node-${i % 7}` }, firstTimestamp: at, lastTimestamp: at, count: 1 + (i % 3),
  };
}

const batches: SourceChange[][] = [];
for (let i = 0; i < N; i += BATCH) {
  const b: SourceChange[] = [];
  for (let j = i; j < Math.min(N, i + BATCH); j++) b.push({ kind: 'upsert', event: normalize(raw(j), 'core')! });
  batches.push(b);
}

const dir = mkdtempSync(join(tmpdir(), 'kevtui-record-bench-'));
const results: Record<string, number[]> = { apply: [], 'apply+record': [], 'apply+record .gz': [], 'replay read': [], 'replay read .gz': [] };
const sizes: Record<string, number> = {};
try {
  for (let run = 0; run < RUNS; run++) {
    for (const [name, file] of [['apply', ''], ['apply+record', join(dir, `r${run}.ndjson`)], ['apply+record .gz', join(dir, `r${run}.ndjson.gz`)]] as const) {
      const store = new AggregateStore({ maxGroups: 1_000_000 });
      const rec = file === '' ? undefined : new Recorder(file).retain();
      const t = performance.now();
      for (const b of batches) {
        rec?.write(recordLines(b, Date.now(), 'bench'));
        store.apply(b);
      }
      rec?.release();
      results[name]!.push(((performance.now() - t) * 1000) / N);
      if (file !== '') sizes[name] = statSync(file).size;
    }
    for (const [name, file] of [['replay read', join(dir, `r${run}.ndjson`)], ['replay read .gz', join(dir, `r${run}.ndjson.gz`)]] as const) {
      const t = performance.now();
      const r = readRecording(file);
      if (r.records.length !== N) throw new Error(`read ${r.records.length} of ${N}`);
      results[name]!.push(((performance.now() - t) * 1000) / N);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${N} events, ${RUNS} runs, load ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);
for (const [name, xs] of Object.entries(results)) console.log(`${name.padEnd(18)} ${median(xs).toFixed(2).padStart(7)} µs/event (median; min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`);
for (const [name, bytes] of Object.entries(sizes)) console.log(`${name.padEnd(18)} ${(bytes / N).toFixed(0)} bytes/event on disk`);
