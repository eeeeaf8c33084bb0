// The end-to-end suite's shared pieces: the demo server in its own process, child processes
// measured from outside (wall, CPU from the parent's reaped-children time, peak RSS from
// /proc/<pid>/status VmHWM), CPU and RSS of a live process from /proc, and a real terminal
// (tmux: 120×40, pipe-pane counting the bytes the program writes, send-keys, capture-pane).
// Figures only: nothing here asserts a timing.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
const TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
export const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

export interface Context {
  quick: boolean;
  tmp: string;
}

export function newContext(quick: boolean): Context {
  return { quick, tmp: mkdtempSync(join(tmpdir(), 'kevtui-bench-')) };
}

export type Figures = Record<string, number | string | boolean | null>;

/** One row of the results: our figures, the peer's where one does the same job, the ratio the
 *  target is about, and whether the target was met (null: no target or not measurable). */
export interface Result {
  bench: string;
  figures: Figures;
  peer?: { name: string; figures: Figures };
  ratio?: { what: string; value: number | null };
  target: string;
  met: boolean | null;
  note?: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const MiB = (b: number) => Math.round((b / 1048576) * 10) / 10;
export const round = (n: number | null | undefined, d = 1) => (n == null || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

export { quantile } from './stats.js';

/** utime+stime (ms), VmRSS and VmHWM (bytes) of a live process; undefined once it is gone. */
export function sample(pid: number): { cpuMs: number; rss: number; hwm: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / TCK, rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU time of this process's reaped children (ms): a finished child's exact CPU is the change. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / TCK;
}

export interface DemoServer {
  kubeconfig: string;
  pid: number;
  stop(): Promise<void>;
}

/** `kevtui demo-server` in its own process; resolves at its listening line. */
export async function demoServer(ctx: Context, flags: { rate: number; events: number; scenario?: string; extra?: string[] }): Promise<DemoServer> {
  const kubeconfig = join(mkdtempSync(join(ctx.tmp, 'srv-')), 'kubeconfig');
  const args = [CLI, 'demo-server', '--port', '0', '--kubeconfig-out', kubeconfig, '--rate', String(flags.rate), '--events', String(flags.events), '--scenario', flags.scenario ?? 'storm', '--seed', '7', ...(flags.extra ?? [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((ok, fail) => {
    const onData = (d: Buffer) => {
      out += d;
      if (/kubeconfig written to/.test(out)) ok();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => fail(new Error(`demo server exited (${code}): ${out.trim()}`)));
  });
  child.stdout!.resume();
  return {
    kubeconfig,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export interface ChildFigures {
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  code: number | null;
  stdoutBytes: number;
  stderr: string;
}

/** Runs a command to completion, stdout counted and dropped. CPU is exact (reaped children's
 *  time); peak RSS is VmHWM as last read, polled every 20 ms. */
export async function runChild(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildFigures> {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdoutBytes += d.length));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  let peak = 0;
  const poll = setInterval(() => {
    const s = sample(child.pid!);
    if (s && s.hwm > peak) peak = s.hwm;
  }, 20);
  const code = await new Promise<number | null>((ok) => child.once('close', (c) => ok(c)));
  clearInterval(poll);
  return { wallMs: performance.now() - t0, cpuMs: childrenCpuMs() - cpu0, peakRss: peak, code, stdoutBytes, stderr: stderr.trim().slice(0, 300) };
}

/** A long-running child (kubectl -w) measured over a window from /proc while it lives. */
export async function watchChild(cmd: string, args: string[], settleMs: number, windowMs: number): Promise<{ cpuPct: number | null; rss: number | null; hwm: number | null; stdoutBytes: number }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdoutBytes = 0;
  child.stdout!.on('data', (d: Buffer) => (stdoutBytes += d.length));
  await sleep(settleMs);
  const a = sample(child.pid!);
  const t0 = performance.now();
  const b0 = stdoutBytes;
  await sleep(windowMs);
  const b = sample(child.pid!);
  const secs = (performance.now() - t0) / 1000;
  await stopChild(child);
  if (!a || !b) return { cpuPct: null, rss: null, hwm: null, stdoutBytes: 0 };
  return { cpuPct: (b.cpuMs - a.cpuMs) / 10 / secs, rss: b.rss, hwm: b.hwm, stdoutBytes: (stdoutBytes - b0) / secs };
}

/** A program in a real terminal: its own tmux server, a session of the given size, every byte
 *  the program writes appended to a file (pipe-pane, attached before the program starts). */
export class Pty {
  private constructor(
    private readonly socket: string,
    readonly outFile: string,
    readonly pid: number,
    /** performance.now() when the program was let go. */
    readonly startedAt: number,
  ) {}

  static async start(ctx: Context, argv: string[], size = { columns: 120, rows: 40 }): Promise<Pty> {
    const id = Math.random().toString(36).slice(2, 8);
    const socket = `kevtui-bench-${process.pid}-${id}`;
    const outFile = join(ctx.tmp, `pty-${id}.out`);
    const go = join(ctx.tmp, `pty-${id}.go`);
    writeFileSync(outFile, '');
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    // The program waits for `go` so pipe-pane is attached before its first byte.
    const cmd = `while [ ! -e ${q(go)} ]; do sleep 0.005; done; exec ${argv.map(q).join(' ')}`;
    const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'b', '-x', String(size.columns), '-y', String(size.rows), cmd);
    tmux('set-option', '-t', 'b', 'remain-on-exit', 'on');
    tmux('pipe-pane', '-o', '-t', 'b', `cat >> ${q(outFile)}`);
    const pid = Number(tmux('display-message', '-p', '-t', 'b', '#{pane_pid}').trim());
    await sleep(50);
    const startedAt = performance.now();
    writeFileSync(go, '');
    return new Pty(socket, outFile, pid, startedAt);
  }

  private tmux(...a: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...a], { encoding: 'utf8' });
  }

  bytes(): number {
    return statSync(this.outFile).size;
  }

  /** The bytes written from `offset` on. */
  since(offset: number): string {
    const fd = openSync(this.outFile, 'r');
    try {
      const n = Math.max(0, this.bytes() - offset);
      const buf = Buffer.alloc(n);
      readSync(fd, buf, 0, n, offset);
      return buf.toString('latin1');
    } finally {
      closeSync(fd);
    }
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'b');
  }

  /** Key names (tmux send-keys), or literal text with literal=true. */
  send(keys: string, literal = false): void {
    this.tmux('send-keys', '-t', 'b', ...(literal ? ['-l', keys] : [keys]));
  }

  alive(): boolean {
    return sample(this.pid) !== undefined && !/^Z/.test(readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1] ?? '');
  }

  async stop(): Promise<void> {
    try {
      this.tmux('send-keys', '-t', 'b', 'q');
      for (let i = 0; i < 100 && this.alive(); i++) await sleep(50);
    } catch {
      // already gone
    }
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}

/** --stats lines written so far. */
export function statsLines(file: string): Array<Record<string, number | string | null>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}

/** Waits until `cond` holds, polling every `everyMs`; false after `limitMs` (a hang guard). */
export async function until(cond: () => boolean, limitMs: number, everyMs = 50): Promise<boolean> {
  const end = performance.now() + limitMs;
  while (!cond()) {
    if (performance.now() > end) return false;
    await sleep(everyMs);
  }
  return true;
}

/** kevtui's full screen against a server, with --stats into a file; resolves once synced. */
/** BENCH_NODE_ARGS: node flags for kevtui's process (to compare runtime settings in one suite); BENCH_CLI: another build's cli.js for the full screen (A/B). */
export function nodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
}

export async function kevtuiPty(ctx: Context, server: DemoServer, extra: string[] = [], syncLimitMs = ctx.quick ? 30_000 : 180_000): Promise<{ pty: Pty; stats: string; synced: boolean }> {
  const stats = join(ctx.tmp, `stats-${Math.random().toString(36).slice(2, 8)}.jsonl`);
  const pty = await Pty.start(ctx, [process.execPath, ...nodeArgs(), process.env.BENCH_CLI ?? CLI, '--kubeconfig', server.kubeconfig, '-A', '--stats', stats, ...extra]);
  const synced = await until(() => statsLines(stats).some((l) => l.syncMs !== null), syncLimitMs, 100);
  return { pty, stats, synced };
}
