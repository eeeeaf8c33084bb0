// --record FILE: an append-only NDJSON log of every change the store applied, one line each, so a
// replay rebuilds the same groups. Writes are synchronous, buffered for at most FLUSH_MS: a quit,
// a signal or a crash loses nothing already flushed, and stop() flushes the rest. A name ending in
// .gz gets one gzip member per flush (concatenated members are one valid gzip file, which zcat and
// kevtui read while it is still being written). --record-max rotates FILE → FILE.1 → FILE.2 ….
import { closeSync, existsSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { SourceChange } from '../kube/types.js';
import type { ApiGroup } from '../model/event.js';

/** One line of a recording. `t`: epoch ms when kevtui received it; `cluster`: the context name. */
export type RecordLine =
  | { t: number; cluster: string; type: 'ADDED' | 'MODIFIED' | 'DELETED'; api: ApiGroup; object: Record<string, unknown> }
  | { t: number; cluster: string; type: 'SYNCED'; namespace: string; seen: string[] };

const FLUSH_MS = 1000;
/** A buffer this large is written at once, whatever the clock says (a 100k-event initial list). */
const FLUSH_BYTES = 1 << 20;

export interface RecorderOptions {
  /** Rotate before the file would grow past this many bytes (as written: compressed for .gz). */
  maxBytes?: number;
  /** The one line that says why recording stopped (the live view goes on). */
  onProblem?: (line: string) => void;
}

/** The lines a batch of changes becomes. Listed, added and modified all upsert: one type, ADDED. */
export function recordLines(changes: readonly SourceChange[], t: number, cluster: string): RecordLine[] {
  const out: RecordLine[] = [];
  for (const c of changes) {
    if (c.kind === 'synced') out.push({ t, cluster, type: 'SYNCED', namespace: c.namespace, seen: [...c.seen] });
    // The event as the store keeps it (managedFields dropped, control characters made visible):
    // normalize reads it back to the same KubeEvent, and `cat` of a recording is safe.
    else out.push({ t, cluster, type: c.kind === 'delete' ? 'DELETED' : 'ADDED', api: c.event.apiGroup, object: c.event.raw });
  }
  return out;
}

export class Recorder {
  private fd: number | undefined;
  private chunks: string[] = [];
  private buffered = 0;
  private written = 0;
  private timer: NodeJS.Timeout | undefined;
  private users = 0;
  private readonly gzip: boolean;
  // process.exit() (a crash, the full screen's last-resort exit) skips every await: flush then.
  private readonly atExit = () => this.close();
  /** Set once recording stopped on an error: the line that said why. */
  problem: string | undefined;
  private readonly problemListeners = new Set<(line: string) => void>();

  constructor(readonly path: string, private readonly opts: RecorderOptions = {}) {
    this.gzip = path.endsWith('.gz');
    try {
      this.fd = openSync(path, 'a');
      this.written = fstatSync(this.fd).size;
      process.once('exit', this.atExit);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Who hears the one line (each session of a `:ctx` chain while it runs); returns the unsubscribe. */
  onProblem(fn: (line: string) => void): () => void {
    this.problemListeners.add(fn);
    return () => this.problemListeners.delete(fn);
  }

  /** Sessions share one recorder across `:ctx`; the last one to let go closes it. */
  retain(): this {
    this.users++;
    return this;
  }

  release(): void {
    if (--this.users <= 0) this.close();
  }

  get active(): boolean {
    return this.fd !== undefined;
  }

  write(lines: readonly RecordLine[]): void {
    if (this.fd === undefined || lines.length === 0) return;
    let text = '';
    for (const l of lines) text += JSON.stringify(l) + '\n';
    this.chunks.push(text);
    this.buffered += text.length;
    if (this.buffered >= FLUSH_BYTES) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd === undefined || this.chunks.length === 0) return;
    const all = Buffer.from(this.chunks.join(''));
    this.chunks = [];
    this.buffered = 0;
    // With --record-max, in pieces of whole lines no larger than it, so that a second's worth
    // of lines does not overshoot the size (only a single line larger than it can).
    const max = this.opts.maxBytes ?? all.length;
    try {
      for (let start = 0; start < all.length && this.fd !== undefined; ) {
        let end = Math.min(all.length, start + max);
        if (end < all.length) {
          const nl = all.lastIndexOf(0x0a, end - 1);
          end = nl >= start ? nl + 1 : all.indexOf(0x0a, end) + 1 || all.length;
        }
        this.append(all.subarray(start, end));
        start = end;
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private append(piece: Buffer): void {
    const data = this.gzip ? gzipSync(piece, { level: 1 }) : piece;
    if (this.opts.maxBytes !== undefined && this.written > 0 && this.written + data.length > this.opts.maxBytes) this.rotate();
    let off = 0;
    while (off < data.length) off += writeSync(this.fd!, data, off);
    this.written += data.length;
  }

  close(): void {
    this.flush();
    process.off('exit', this.atExit);
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // closing is best effort; what was written is on disk
    }
    this.fd = undefined;
  }

  /** FILE.n → FILE.n+1 …, FILE → FILE.1, a fresh FILE. */
  private rotate(): void {
    closeSync(this.fd!);
    this.fd = undefined;
    let n = 1;
    while (existsSync(`${this.path}.${n}`)) n++;
    for (; n > 1; n--) renameSync(`${this.path}.${n - 1}`, `${this.path}.${n}`);
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a');
    this.written = 0;
  }

  private fail(e: unknown): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already broken
      }
    }
    this.fd = undefined;
    this.chunks = [];
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOSPC' ? 'the disk is full' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOENT' ? 'no such directory' : err.code === 'EISDIR' ? 'it is a directory' : (err.message ?? String(e));
    this.problem = `recording to ${this.path} stopped: ${why}`;
    this.opts.onProblem?.(this.problem);
    for (const fn of [...this.problemListeners]) fn(this.problem);
  }
}
