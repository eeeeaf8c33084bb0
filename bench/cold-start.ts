// Cold start: from process start to the first full frame of `kevtui --demo` (the table showing
// rows), in a real terminal (tmux, 120×40). Standalone, not a *.bench.ts: it needs tmux and a
// built dist/, and it measures a whole process rather than a function.
//
//   node --import tsx bench/cold-start.ts [--runs 5] [--node /path/to/node] [--cli dist/cli.js] [-- extra kevtui args]
//
// The pane exists before the clock starts (respawn-pane replaces its process), so tmux's own
// server start is not counted; polling capture-pane every few ms adds at most that much.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const flag = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const runs = Number(flag('--runs', '5'));
const node = flag('--node', process.execPath);
const cli = flag('--cli', 'dist/cli.js');
const dash = args.indexOf('--');
const extra = dash >= 0 ? args.slice(dash + 1) : [];
const TIMEOUT_MS = 20_000;

if (!existsSync(cli)) {
  console.error(`cold-start: ${cli} is missing; run npm run build first`);
  process.exit(1);
}
if (spawnSync('tmux', ['-V']).status !== 0) {
  console.error('cold-start: needs tmux');
  process.exit(1);
}

// A socket per run: a server still shutting down refuses a new session on its socket.
let socket = '';
const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const command = ['exec', node, cli, '--demo', ...extra].map((s, i) => (i ? quote(s) : s)).join(' ');

/** A table row is drawn: the selected row starts with `>`, below the header line. */
function fullFrame(screen: string): boolean {
  const lines = screen.split('\n');
  const header = lines.findIndex((l) => /\bLAST\b.*\bREASON\b/.test(l));
  return header >= 0 && lines.slice(header + 1).some((l) => /^>\S*\s+\S/.test(l));
}

/** CPU seconds (user + system) the process has used: on a shared machine, wall time mostly measures the neighbours. */
function cpuMs(pid: string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

function once(run: number): { wall: number; cpu: number } {
  socket = `kevtui-cold-${process.pid}-${run}`;
  tmux('new-session', '-d', '-s', 'cold', '-x', '120', '-y', '40', 'sleep 600');
  try {
    const t0 = performance.now();
    tmux('respawn-pane', '-k', '-t', 'cold', command);
    const pid = tmux('display-message', '-p', '-t', 'cold', '#{pane_pid}').trim();
    for (;;) {
      const elapsed = performance.now() - t0;
      if (fullFrame(tmux('capture-pane', '-p', '-t', 'cold'))) return { wall: elapsed, cpu: cpuMs(pid) };
      if (elapsed > TIMEOUT_MS) throw new Error(`no full frame within ${TIMEOUT_MS} ms:\n${tmux('capture-pane', '-p', '-t', 'cold')}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  }
}

const results = Array.from({ length: runs }, (_, i) => once(i));
const ms = (x: number) => `${Math.round(x)} ms`;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${ms(s[Math.floor(s.length / 2)])} (${ms(s[0])}–${ms(s[s.length - 1])})`;
};
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
console.log(`cold start → first full frame, ${[cli, '--demo', ...extra].join(' ')}, node ${version}, ${runs} runs`);
console.log(`  wall ${summary(results.map((r) => r.wall))}`);
console.log(`  cpu  ${summary(results.map((r) => r.cpu))}`);
