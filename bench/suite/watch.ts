// (2) The full screen (120×40, a real pty) watching R events/s against `kubectl get events -A
// -w` (to /dev/null): CPU %, RSS, lag p50/p99 (server emit → in the store, from --stats),
// frames/s, terminal bytes/s, and whether it kept up. Each side gets a fresh server.
import { MiB, demoServer, hasKubectl, kevtuiPty, quantile, round, sample, sleep, statsLines, watchChild, type Context, type Result } from '../harness.js';

// The demo server keeps 10,000 changes for resumption by default: 2 s at 5,000/s, less than a
// loaded machine may need between the list and the watch (then 410, relist, forever). A real
// API server keeps minutes (etcd compaction, 5 min by default).
const LONG_HISTORY = ['--history', '1000000'];

const TARGETS: Record<number, { text: string; ok: (cpu: number, p99: number | null, kept: boolean) => boolean }> = {
  1000: { text: 'CPU ≤ 15 % (kubectl -w 12.5 %)', ok: (cpu, _p, kept) => kept && cpu <= 15 },
  5000: { text: 'CPU ≤ 50 %, lag p99 ≤ 500 ms', ok: (cpu, p99, kept) => kept && cpu <= 50 && p99 !== null && p99 <= 500 },
  10000: { text: 'keeps up or degrades gracefully', ok: () => true },
};

export async function run(ctx: Context): Promise<Result[]> {
  // BENCH_WATCH_RATES=1000,5000: only those rates (for quick iteration on one of them).
  const chosen = (process.env.BENCH_WATCH_RATES ?? '').split(',').map(Number).filter((r) => r > 0);
  const rates = chosen.length > 0 ? chosen : ctx.quick ? [1000] : [1000, 5000, 10000];
  const secs = ctx.quick ? 2 : Number(process.env.BENCH_WATCH_SECONDS ?? 30);
  const out: Result[] = [];
  for (const rate of rates) {
    const server = await demoServer(ctx, { rate, events: 0, extra: LONG_HISTORY });
    let figures;
    try {
      const { pty, stats, synced } = await kevtuiPty(ctx, server);
      await sleep(ctx.quick ? 500 : 3000); // past the first frames and the catch-up after the list
      const a = sample(pty.pid);
      const b0 = pty.bytes();
      const t0 = performance.now();
      const lines0 = statsLines(stats).length;
      await sleep(secs * 1000);
      const b = sample(pty.pid);
      const elapsed = (performance.now() - t0) / 1000;
      const bytes = (pty.bytes() - b0) / elapsed;
      const alive = pty.alive();
      await pty.stop();
      const win = statsLines(stats).slice(lines0).filter((l) => l.state === 'watching');
      const num = (k: string) => win.map((l) => Number(l[k])).filter(Number.isFinite);
      const evIn = num('eventsPerSec').reduce((x, y) => x + y, 0) / Math.max(1, win.length);
      const p50 = quantile(num('lagP50'), 0.5);
      const p99 = num('lagP99').length ? Math.max(...num('lagP99')) : null;
      const kept = synced && alive && evIn >= 0.9 * rate && (p99 ?? Infinity) <= 2000;
      const cpu = a && b ? (b.cpuMs - a.cpuMs) / 10 / elapsed : NaN;
      const target = TARGETS[rate] ?? { text: '-', ok: () => true };
      figures = {
        cpu_pct: round(cpu),
        rss_MiB: b ? MiB(b.rss) : null,
        peak_rss_MiB: b ? MiB(b.hwm) : null,
        events_in_per_s: round(evIn),
        lag_p50_ms: p50,
        lag_p99_ms: p99,
        frames_per_s: round(quantile(num('framesPerSec'), 0.5)),
        frame_p95_ms: round(quantile(num('frameP95'), 0.5)),
        bytes_per_s: Math.round(bytes),
        kept_up: kept,
      };
      out.push({ bench: `watch ${rate}/s for ${secs}s`, figures, target: target.text, met: rate === 10000 ? alive : target.ok(cpu, p99, kept), note: rate === 10000 && !kept ? (alive ? 'degraded: did not keep up, still running' : 'died') : undefined });
    } finally {
      await server.stop();
    }
    if (!hasKubectl) {
      out[out.length - 1]!.note = 'peer skipped: no kubectl';
      continue;
    }
    const peerServer = await demoServer(ctx, { rate, events: 0, extra: LONG_HISTORY });
    try {
      const k = await watchChild('kubectl', ['--kubeconfig', peerServer.kubeconfig, 'get', 'events', '-A', '-w'], ctx.quick ? 1000 : 3000, secs * 1000);
      const last = out[out.length - 1]!;
      last.peer = { name: 'kubectl get events -A -w', figures: { cpu_pct: round(k.cpuPct), rss_MiB: k.rss === null ? null : MiB(k.rss), bytes_per_s: Math.round(k.stdoutBytes) } };
      last.ratio = { what: 'CPU kevtui / kubectl', value: k.cpuPct ? round(Number(figures.cpu_pct) / k.cpuPct, 2) : null };
    } finally {
      await peerServer.stop();
    }
  }
  return out;
}
