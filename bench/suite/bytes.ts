// (3) Bytes the full screen writes to the terminal (pipe-pane: everything the program wrote)
// per second at 200 events/s, and idle (events listed, nothing new: only the clock ticks).
import { demoServer, kevtuiPty, sleep, type Context, type Result } from '../harness.js';

async function measure(ctx: Context, rate: number, secs: number): Promise<number> {
  const server = await demoServer(ctx, { rate, events: 1500, scenario: 'incident' });
  try {
    const { pty } = await kevtuiPty(ctx, server);
    await sleep(ctx.quick ? 500 : 2000); // the first full frame is not the steady state
    const b0 = pty.bytes();
    const t0 = performance.now();
    await sleep(secs * 1000);
    const perSec = (pty.bytes() - b0) / ((performance.now() - t0) / 1000);
    await pty.stop();
    return perSec;
  } finally {
    await server.stop();
  }
}

export async function run(ctx: Context): Promise<Result[]> {
  const secs = ctx.quick ? 2 : 30;
  const busy = await measure(ctx, 200, secs);
  const idle = await measure(ctx, 0, ctx.quick ? 2 : 20);
  return [
    { bench: `terminal bytes at 200/s (${secs}s)`, figures: { KB_per_s: Math.round(busy / 100) / 10 }, target: '≤ 20 KB/s', met: busy <= 20_000 },
    { bench: 'terminal bytes idle', figures: { KB_per_s: Math.round(idle / 100) / 10 }, target: '≤ 0.5 KB/s', met: idle <= 500 },
  ];
}
