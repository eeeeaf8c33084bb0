// (4) Filter keystroke → frame written, at N groups, from a real pty: the time from sending a
// letter (tmux send-keys, its own cost included) to the first bytes the program writes that
// carry the letter (so a clock tick is not taken for the answer). Also (5a) RSS at N groups.
import { MiB, demoServer, kevtuiPty, quantile, round, sample, sleep, statsLines, until, type Context, type Result } from '../harness.js';

const WORDS = ['scheduled', 'backoff', 'pulled', 'unhealthy', 'created', 'killing'];

export async function run(ctx: Context): Promise<Result[]> {
  const n = ctx.quick ? 2000 : 100_000;
  const server = await demoServer(ctx, { rate: 0, events: n });
  try {
    const { pty, stats, synced } = await kevtuiPty(ctx, server, ['--max-groups', String(n * 2)]);
    await sleep(ctx.quick ? 300 : 1500);
    const groups = Number(statsLines(stats).at(-1)?.groups ?? 0);
    const mem = sample(pty.pid);
    const times: number[] = [];
    let missed = 0;
    pty.send('/');
    await sleep(300);
    for (const word of ctx.quick ? WORDS.slice(0, 1) : WORDS) {
      for (const ch of word) {
        const off = pty.bytes();
        const t0 = performance.now();
        pty.send(ch, true);
        const ok = await until(() => pty.bytes() > off && pty.since(off).includes(ch), 5000, 1);
        if (ok) times.push(performance.now() - t0);
        else missed++;
        await sleep(100);
      }
      pty.send('C-u');
      await sleep(500);
    }
    await pty.stop();
    const p95 = quantile(times, 0.95);
    return [
      {
        bench: `filter keystroke at ${groups} groups`,
        figures: { keystrokes: times.length, missed, p50_ms: round(quantile(times, 0.5)), p95_ms: round(p95), synced },
        target: '≤ 50 ms p95 at 100k groups',
        met: ctx.quick ? null : p95 !== null && p95 <= 50 && groups >= 100_000,
      },
      {
        bench: `RSS at ${groups} groups`,
        figures: { rss_MiB: mem ? MiB(mem.rss) : null, peak_rss_MiB: mem ? MiB(mem.hwm) : null },
        target: '≤ 300 MB at 100k groups',
        met: ctx.quick || !mem ? null : mem.rss <= 300e6 && groups >= 100_000,
      },
    ];
  } finally {
    await server.stop();
  }
}
