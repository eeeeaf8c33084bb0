// The end-to-end suite: each benchmark starts its own demo server and measures kevtui (and a
// peer doing the same job) from outside, as processes. Writes the results as JSON and prints a
// markdown table. Usage: node --import tsx bench/suite/run.ts [--quick] [--out FILE] [name…]
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, hasTmux, newContext, type Result } from '../harness.js';

const NAMES = ['sync', 'watch', 'bytes', 'filter', 'memory', 'cold'] as const;
const PTY = new Set(['watch', 'bytes', 'filter', 'memory', 'cold']);

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const outAt = argv.indexOf('--out');
const outFile = outAt >= 0 ? argv[outAt + 1]! : join(ROOT, 'bench', 'results.json');
const filters = argv.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
const chosen = NAMES.filter((n) => filters.length === 0 || filters.some((f) => n.includes(f)));

const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
const machine: { loadavg_end?: number[] } & Record<string, unknown> & { loadavg_start: number[] } = { nproc: cpus().length, model, node: process.version, loadavg_start: loadavg().map((x) => Math.round(x * 100) / 100), date: new Date().toISOString(), quick };

const ctx = newContext(quick);
const results: Result[] = [];
let failed = 0;
for (const name of chosen) {
  const t0 = performance.now();
  process.stderr.write(`bench ${name}${quick ? ' (quick)' : ''}…\n`);
  if (PTY.has(name) && !hasTmux) {
    results.push({ bench: name, figures: {}, target: '-', met: null, note: 'skipped: no tmux' });
    continue;
  }
  try {
    const mod = (await import(`./${name}.js`)) as { run: typeof import('./sync.js').run };
    results.push(...(await mod.run(ctx)));
  } catch (err) {
    failed++;
    results.push({ bench: name, figures: {}, target: '-', met: false, note: `failed: ${(err as Error).message.split('\n')[0]}` });
  }
  process.stderr.write(`bench ${name}: ${Math.round(performance.now() - t0)} ms\n`);
  // After each benchmark: a long run cut short keeps what it measured.
  machine.loadavg_end = loadavg().map((x) => Math.round(x * 100) / 100);
  writeFileSync(outFile, JSON.stringify({ machine, results }, null, 2) + '\n');
}
rmSync(ctx.tmp, { recursive: true, force: true });

const show = (f: Record<string, unknown> | undefined) =>
  f ? Object.entries(f).map(([k, v]) => `${k} ${v}`).join(', ') : '';
const rows = results.map((r) =>
  `| ${r.bench} | ${show(r.figures)} | ${r.peer ? `${r.peer.name}: ${show(r.peer.figures)}` : ''} | ${r.ratio ? `${r.ratio.what} ${r.ratio.value}` : ''} | ${r.target} | ${r.met === null ? '-' : r.met ? 'yes' : 'no'}${r.note ? ` (${r.note})` : ''} |`,
);
process.stdout.write(
  `Machine: ${machine.nproc} × ${machine.model}, node ${machine.node}, load average ${machine.loadavg_start.join(' ')} at start, ${(machine.loadavg_end ?? []).join(' ')} at end\n\n` +
    '| benchmark | kevtui | peer | ratio | target | met |\n|---|---|---|---|---|---|\n' +
    rows.join('\n') +
    `\n\nresults: ${outFile}\n`,
);
process.exit(failed ? 1 : 0);
