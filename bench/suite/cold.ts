// (6) Cold start: the program let go in a 120×40 pty → the first full frame on screen
// (capture-pane shows the header, the column titles, table rows and the footer).
import { demoServer, Pty, CLI, quantile, round, sleep, until, type Context, type Result } from '../harness.js';

const full = (screen: string) => {
  const lines = screen.split('\n');
  return /LAST/.test(screen) && lines.filter((l) => /^[ >][ +*] +\d+[smhdy]/.test(l)).length >= 30 && (lines[38] ?? '').trim() !== '';
};

export async function run(ctx: Context): Promise<Result[]> {
  const server = await demoServer(ctx, { rate: 10, events: 1500, scenario: 'incident' });
  const times: number[] = [];
  try {
    for (let i = 0; i < (ctx.quick ? 1 : 5); i++) {
      const pty = await Pty.start(ctx, [process.execPath, CLI, '--kubeconfig', server.kubeconfig, '-A']);
      const ok = await until(() => full(pty.screen()), 20_000, 20);
      if (ok) times.push(performance.now() - pty.startedAt);
      await pty.stop();
      await sleep(200);
    }
  } finally {
    await server.stop();
  }
  const p50 = quantile(times, 0.5);
  return [{ bench: 'cold start → first full frame', figures: { runs: times.length, p50_ms: round(p50, 0), max_ms: round(times.length ? Math.max(...times) : null, 0) }, target: '≤ 500 ms', met: p50 === null ? false : p50 <= 500 }];
}
