// (5b) RSS through a long stream: the full screen (default group cap, so evictions) watching
// events at a high rate until N have arrived or the time bound passes; peak RSS is VmHWM.
// The server expires events after 10 s so that it is not what runs out of memory, and keeps a
// long history so that a slow start on a loaded machine resumes instead of relisting (410).
import { MiB, demoServer, kevtuiPty, sample, sleep, statsLines, type Context, type Result } from '../harness.js';

export async function run(ctx: Context): Promise<Result[]> {
  const n = ctx.quick ? 5000 : 2_000_000;
  const rate = ctx.quick ? 1000 : 20_000;
  const limitS = ctx.quick ? 4 : Number(process.env.BENCH_MEMORY_SECONDS ?? 120);
  const server = await demoServer(ctx, { rate, events: 0, extra: ['--event-ttl', '10', '--history', '1000000'] });
  try {
    const { pty, stats } = await kevtuiPty(ctx, server);
    const t0 = performance.now();
    let last: Record<string, unknown> | undefined;
    let peak = 0;
    while ((performance.now() - t0) / 1000 < limitS) {
      await sleep(1000);
      last = statsLines(stats).at(-1);
      peak = Math.max(peak, sample(pty.pid)?.hwm ?? 0);
      if (Number(last?.eventsTotal ?? 0) >= n) break;
    }
    const end = sample(pty.pid);
    await pty.stop();
    const through = Number(last?.eventsTotal ?? 0);
    return [
      {
        bench: `RSS through ${n} events`,
        figures: { events_through: through, seconds: Math.round((performance.now() - t0) / 1000), groups: Number(last?.groups ?? 0), evictions: Number(last?.evictions ?? 0), rss_MiB: end ? MiB(end.rss) : null, peak_rss_MiB: MiB(Math.max(peak, end?.hwm ?? 0)) },
        target: '≤ 400 MB through 2 M',
        met: ctx.quick || through < n ? null : peak <= 400e6,
        note: through < n ? `time bound reached after ${through} events` : undefined,
      },
    ];
  } finally {
    await server.stop();
  }
}
