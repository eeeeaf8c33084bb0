// The full screen's initial sync against `--once -o json`, alternated round by round on one demo
// server, so a noisy machine's swings hit both alike (the suite's sync row is a single pair).
// Prints each round's wall and CPU and the ratio; with BENCH_CLI (another build's cli.js) the
// other build's full screen runs in the same rounds too.
// Usage: node --import tsx bench/sync-screen.ts [--rounds N] [--events N]
import { CLI, demoServer, kevtuiPty, newContext, round, sleep, runChild, sample, statsLines } from './harness.js';
import { quantile } from './stats.js';

const argv = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const rounds = flag('--rounds', 4);
const events = flag('--events', 100_000);
const other = process.env.BENCH_CLI;
delete process.env.BENCH_CLI; // kevtuiPty reads it: each run below names its build itself

const ctx = newContext(false);
const server = await demoServer(ctx, { rate: 0, events });

async function screen(cli: string): Promise<{ syncS: number | null; cpuS: number | null; frames: number | null }> {
  if (cli !== CLI) process.env.BENCH_CLI = cli;
  try {
    const { pty, stats, synced } = await kevtuiPty(ctx, server, ['--max-groups', String(events * 2)]);
    // Sampled once the table has settled: what the view does after the list counts too.
    await sleep(1500);
    const cpu = sample(pty.pid)?.cpuMs;
    const line = synced ? statsLines(stats).find((l) => l.syncMs !== null) : undefined;
    await pty.stop();
    return { syncS: line ? Number(line.syncMs) / 1000 : null, cpuS: cpu === undefined ? null : cpu / 1000, frames: line ? Number(line.frames ?? NaN) : null };
  } finally {
    delete process.env.BENCH_CLI;
  }
}

const ratios: number[] = [];
const otherRatios: number[] = [];
try {
  for (let r = 1; r <= rounds; r++) {
    const once = await runChild(process.execPath, [CLI, '--kubeconfig', server.kubeconfig, '-A', '--once', '-o', 'json']);
    const a = await screen(CLI);
    const b = other ? await screen(other) : undefined;
    const ratio = a.syncS === null ? null : a.syncS / (once.wallMs / 1000);
    if (ratio !== null) ratios.push(ratio);
    let line = `round ${r}: --once ${round(once.wallMs / 1000, 2)} s (cpu ${round(once.cpuMs / 1000, 2)}) · screen ${round(a.syncS, 2)} s (cpu ${round(a.cpuS, 2)}) · ratio ${round(ratio, 2)}`;
    if (b) {
      const rb = b.syncS === null ? null : b.syncS / (once.wallMs / 1000);
      if (rb !== null) otherRatios.push(rb);
      line += ` · other ${round(b.syncS, 2)} s (cpu ${round(b.cpuS, 2)}) · ratio ${round(rb, 2)}`;
    }
    process.stdout.write(line + '\n');
  }
} finally {
  await server.stop();
}
const med = (xs: number[]) => round(quantile(xs, 0.5), 2);
process.stdout.write(`median full screen / --once: ${med(ratios)}${other ? ` · other build: ${med(otherRatios)}` : ''} (target ≤ 1.2)\n`);
