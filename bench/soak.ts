// The soak (`npm run soak`, not part of `npm test`): the full screen at 120×40 in a real terminal
// for 30 minutes against the demo server at 500 events/s, with every watch cut each minute,
// events expiring (TTL 1 min: DELETEs) and a compaction every five minutes (resumes get 410 and
// kevtui relists). It reads kevtui's own `--stats` line each second and keeps one sample a minute:
// RSS, V8 heap, handles, timers, lag p99, groups. At the end the cluster goes quiet (the demo
// server's SIGUSR2: no writes, no expiries); once kevtui has settled, the events it knows alive
// must be exactly the server's events.
// Writes bench/results/soak.json and prints a table. Figures only: nothing here asserts.
// Run: npm run soak [-- --minutes N]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MiB, ROOT, demoServer, kevtuiPty, newContext, round, sleep, statsLines } from './harness.js';

const argAt = process.argv.indexOf('--minutes');
const minutes = argAt > 0 ? Number(process.argv[argAt + 1]) : 30;
const RATE = 500;
// A shorter run (a check of the soak itself) keeps the proportions: its faults come as often.
const scale = Math.min(1, minutes / 30);
const DROP_S = Math.max(5, Math.round(60 * scale));
const COMPACT_S = Math.max(20, Math.round(300 * scale));
// A minute: at 500 events/s the server then holds ~30,000 events, under the default cap of
// 50,000 groups, so evictions take only expired groups and the final comparison can be exact.
const TTL_S = Math.max(20, Math.round(60 * scale));

type Line = Record<string, number | string | null>;
const num = (l: Line | undefined, k: string) => (typeof l?.[k] === 'number' ? (l[k] as number) : null);

async function serverEvents(kubeconfig: string): Promise<number> {
  const url = /server: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))![1]!;
  const res = await fetch(`${url}/api/v1/events`);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

const ctx = newContext(false);
const server = await demoServer(ctx, {
  rate: RATE,
  events: 5000,
  scenario: 'incident',
  extra: ['--event-ttl', String(TTL_S), '--drop-watch-after-seconds', String(DROP_S), '--compact-every', String(COMPACT_S)],
});
const samples: Array<Record<string, number | null>> = [];
let verdict: Record<string, number | boolean | null> = {};
try {
  const { pty, stats, synced } = await kevtuiPty(ctx, server); // the default caps: what a user runs with
  if (!synced) throw new Error('kevtui did not finish its first list');
  const started = Date.now();
  for (let m = 1; m <= minutes; m++) {
    await sleep(started + m * 60_000 - Date.now());
    const lines = statsLines(stats);
    const minute = lines.slice(-60);
    const last = lines.at(-1);
    const lagP99s = minute.map((l) => num(l, 'lagP99')).filter((x): x is number => x !== null).sort((a, b) => a - b);
    samples.push({
      minute: m,
      rss_MiB: MiB(num(last, 'rssBytes') ?? 0),
      heap_MiB: MiB(num(last, 'heapBytes') ?? 0),
      handles: num(last, 'handles'),
      timers: num(last, 'timers'),
      lag_p99_ms_median: lagP99s.length ? lagP99s[Math.floor(lagP99s.length / 2)]! : null,
      lag_p99_ms_max: lagP99s.at(-1) ?? null,
      events_per_s: round(minute.reduce((s, l) => s + (num(l, 'eventsPerSec') ?? 0), 0) / Math.max(1, minute.length)),
      groups: num(last, 'groups'),
      live_events: num(last, 'liveEvents'),
      relists: num(last, 'relists'),
      evictions: num(last, 'evictions'),
    });
    console.error(JSON.stringify(samples.at(-1)));
  }
  // Then the cluster goes quiet (no writes, no expiries: SIGUSR2) and both sides must agree.
  process.kill(server.pid, 'SIGUSR2');
  let truth = -1;
  let known: number | null = null;
  let settled = false;
  for (const end = Date.now() + 120_000; !settled && Date.now() < end; ) {
    truth = await serverEvents(server.kubeconfig);
    await sleep(1500); // a --stats line is written each second
    known = num(statsLines(stats).at(-1), 'liveEvents');
    settled = known === truth;
  }
  await pty.stop();
  verdict = { settled, server_events: truth, kevtui_live_events: known, exact: settled && known === truth };
} finally {
  await server.stop();
}

// Flat after warm-up: the last third against the first third after minute 3.
const after = samples.filter((s) => (s.minute ?? 0) > Math.min(3, minutes / 3));
const third = Math.max(1, Math.floor(after.length / 3));
const mean = (xs: Array<number | null>) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};
const growth = (k: string) => {
  const a = mean(after.slice(0, third).map((s) => s[k] ?? null));
  const b = mean(after.slice(-third).map((s) => s[k] ?? null));
  return a === null || b === null || a === 0 ? null : round(b / a, 2);
};
const summary = {
  minutes,
  rate: RATE,
  watch_cut_every_s: DROP_S,
  compaction_every_s: COMPACT_S,
  event_ttl_s: TTL_S,
  rss_growth: growth('rss_MiB'),
  heap_growth: growth('heap_MiB'),
  handles_growth: growth('handles'),
  timers_growth: growth('timers'),
  lag_growth: growth('lag_p99_ms_median'),
  relists: samples.at(-1)?.relists ?? null,
  ...verdict,
};
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'soak.json'), JSON.stringify({ when: new Date().toISOString(), node: process.version, summary, samples }, null, 2) + '\n');
console.log('| minute | RSS MiB | heap MiB | handles | timers | lag p99 ms (median / max) | events/s | groups | relists |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const s of samples) console.log(`| ${s.minute} | ${s.rss_MiB} | ${s.heap_MiB} | ${s.handles} | ${s.timers} | ${s.lag_p99_ms_median} / ${s.lag_p99_ms_max} | ${s.events_per_s} | ${s.groups} | ${s.relists} |`);
console.log(JSON.stringify(summary));
