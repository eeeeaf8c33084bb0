// (6) Cold start: process start → the first full frame (header, column titles, footer), and →
// the full table (≥ 30 rows), in a 120×40 tmux pane; medians of 5 runs on this Node and, when
// present, on Node 24. Two ways in: `--demo` (the embedded cluster, the figure) and a
// separate demo server through --kubeconfig (a real cluster's path). bench/cold-start.ts does the
// measuring and prints the phases too.
import { existsSync } from 'node:fs';
import { NODE24, coldStart, markCpu, markTimes } from '../cold-start.js';
import { quantile } from '../stats.js';
import { demoServer, CLI, round, type Context, type Result } from '../harness.js';

export async function run(ctx: Context): Promise<Result[]> {
  const server = await demoServer(ctx, { rate: 10, events: 1500, scenario: 'incident' });
  const nodes = [process.execPath, ...(existsSync(NODE24) ? [NODE24] : [])];
  const results: Result[] = [];
  try {
    for (const [label, args] of [['--demo', ['--demo']], ['--kubeconfig', ['--kubeconfig', server.kubeconfig, '-A']]] as const) {
      for (const node of nodes) {
        const runs = coldStart({ node, cli: CLI, args: [...args], runs: ctx.quick ? 1 : 5 });
        const frame = runs.map((r) => r.frame);
        const p50 = quantile(frame, 0.5);
        results.push({
          bench: `cold start → first full frame (${label}, node ${node === NODE24 ? '24' : process.versions.node.split('.')[0]})`,
          figures: {
            runs: runs.length,
            frame_p50_ms: round(p50, 0),
            frame_p95_ms: round(quantile(frame, 0.95), 0),
            frame_in_process_p50_ms: round(quantile(markTimes(runs, 'frame1'), 0.5), 0),
            frame_cpu_p50_ms: round(quantile(markCpu(runs, 'frame1'), 0.5), 0),
            table_p50_ms: round(quantile(runs.map((r) => r.rows), 0.5), 0),
            cpu_at_table_p50_ms: round(quantile(runs.map((r) => r.cpu), 0.5), 0),
          },
          target: '≤ 500 ms',
          met: p50 === null ? false : p50 <= 500,
        });
      }
    }
  } finally {
    await server.stop();
  }
  return results;
}
