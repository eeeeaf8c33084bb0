// The store's memory with many unique groups of 1 KB messages, with and without the byte budget:
// heap and peak RSS, each mode in a fresh process (peak RSS is per process).
// Run: node --import tsx bench/memory.ts   (env: GROUPS=150000 MAX_MEMORY=400e6; MODE=bounded|unbounded runs one)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AggregateStore } from '../src/store/aggregate.js';
import type { SourceChange } from '../src/kube/types.js';
import { uniqueEvent } from '../test/unit/helpers/unique-events.js';

const N = Number(process.env.GROUPS ?? 150_000);
const MAX_MEMORY = Number(process.env.MAX_MEMORY ?? 400e6);
const MB = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

function run(mode: string): void {
  const s = new AggregateStore(mode === 'bounded' ? { maxGroups: 1e9, maxBytes: MAX_MEMORY } : { maxGroups: 1e9, maxBytes: Infinity });
  for (let i = 0; i < N; i += 500) {
    const batch: SourceChange[] = [];
    for (let j = i; j < Math.min(N, i + 500); j++) batch.push({ kind: 'upsert', event: uniqueEvent(j) });
    s.apply(batch);
  }
  const t = s.totals();
  const m = process.memoryUsage();
  console.log(
    `${mode.padEnd(9)} groups ${t.groups} evicted ${t.evicted} · estimate ${MB(t.bytes)} · heap ${MB(m.heapUsed)} · rss ${MB(m.rss)} · peak rss ${MB(process.resourceUsage().maxRSS * 1024)}`,
  );
}

if (process.env.MODE !== undefined) run(process.env.MODE);
else {
  console.log(`${N} unique groups, 1 KB messages; budget ${MB(MAX_MEMORY)}`);
  for (const mode of ['bounded', 'unbounded']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, MODE: mode }, stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  }
}
