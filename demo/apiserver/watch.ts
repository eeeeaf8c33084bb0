// WATCH: one JSON line per event, written once per tick. Start point per resourceVersion
// (unset/"0" or sendInitialEvents → synthetic ADDED for current objects; N → every change after
// N from the history ring; too old → in-stream ERROR 410 and close), the initial-events-end
// BOOKMARK when bookmarks are allowed, timeoutSeconds, filter transitions, Table rows, faults.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../types.js';
import type { Encoder } from './encode.js';
import type { FaultOptions } from './faults.js';
import { parseRv, type ListOptions } from './listoptions.js';
import type { Change, Store, Stored } from './store.js';
import { statusJson, tooLargeResourceVersion, watchTooOld } from './status.js';
import { rowJson, tableJson, type TableRequest } from './table.js';

export interface WatchParams {
  store: Store;
  enc: Encoder;
  namespace: string;
  opts: ListOptions;
  table?: TableRequest;
  faults: FaultOptions;
  /** Server default when timeoutSeconds is absent: a value in [1800, 3600). */
  defaultTimeoutSeconds: number;
}

type Line = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; s: Stored } | { type: 'BOOKMARK'; rv: number };

const BATCH_BYTES = 64 * 1024;

export class WatchStream {
  private queue: Line[] = [];
  private queueHead = 0;
  private pumpScheduled = false;
  private initial: Stored[] = [];
  private initialIdx = 0;
  private bookmarkAfterInitial: number | undefined;
  private waitingDrain = false;
  private closed = false;
  private stalled = false;
  private sentEvents = 0;
  private firstTable = true;
  private unsubscribe: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly p: WatchParams,
    private readonly onEnd: (w: WatchStream) => void,
  ) {}

  /** Throws StatusErrors that must be answered before the stream starts (e.g. 504 too large). */
  start(): void {
    const { store, enc, opts } = this.p;
    const rv = parseRv(opts.resourceVersion);
    if (rv !== undefined && rv > store.rv && !opts.sendInitialEvents) throw tooLargeResourceVersion(rv, store.rv);
    this.res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
    this.res.on('close', () => this.finish());

    // Everything below runs in one tick with the subscription: no change can slip between.
    const sendInitial = opts.sendInitialEvents ?? rv === undefined;
    if (sendInitial) {
      const snap = store.snapshot(enc.info.store);
      this.initial = snap.items;
      this.initialIdx = 0;
      if (opts.allowWatchBookmarks) this.bookmarkAfterInitial = snap.rv;
    } else if (rv !== undefined) {
      const changes = store.changesAfter(rv);
      if (!changes) {
        this.res.end(`{"type":"ERROR","object":${statusJson(watchTooOld())}}\n`);
        this.finish();
        return;
      }
      for (const c of changes) this.onChange(c, false);
    }
    this.unsubscribe = store.subscribe((c) => this.onChange(c, true));

    const timeout = opts.timeoutSeconds ?? this.p.defaultTimeoutSeconds;
    // A stalled stream (fault) stays open past its timeout, like a black-holed connection.
    this.timers.push(setTimeout(() => !this.stalled && this.end(), Math.max(0, timeout) * 1000));
    const drop = this.p.faults.dropWatchAfterSeconds;
    if (drop && drop > 0) this.timers.push(setTimeout(() => this.drop(), drop * 1000));
    this.pump();
  }

  private matches(o: KubeObject, s: Stored): boolean {
    if (this.p.namespace && s.namespace !== this.p.namespace) return false;
    return !this.p.opts.filter || this.p.opts.filter(o);
  }

  /** Turns a store change into what this watcher sees (selectors can turn MODIFIED into ADDED/DELETED). */
  private onChange(c: Change, live: boolean): void {
    if (this.closed || c.resource !== this.p.enc.info.store) return;
    const now = this.matches(c.cur.obj, c.cur);
    if (c.type === 'MODIFIED') {
      const before = c.prev ? this.matches(c.prev.obj, c.prev) : false;
      if (now && before) this.queue.push({ type: 'MODIFIED', s: c.cur });
      else if (now) this.queue.push({ type: 'ADDED', s: c.cur });
      else if (before) this.queue.push({ type: 'DELETED', s: c.cur });
    } else if (now) {
      this.queue.push({ type: c.type, s: c.cur });
    }
    // Live changes are written once per tick: a generator step of hundreds of events is one write.
    if (live && !this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    }
  }

  private nextLine(): Line | undefined {
    while (this.initialIdx < this.initial.length) {
      const s = this.initial[this.initialIdx++];
      if (this.matches(s.obj, s)) return { type: 'ADDED', s };
    }
    if (this.bookmarkAfterInitial !== undefined) {
      const rv = this.bookmarkAfterInitial;
      this.bookmarkAfterInitial = undefined;
      this.initial = [];
      return { type: 'BOOKMARK', rv };
    }
    if (this.queueHead === this.queue.length) return undefined;
    const l = this.queue[this.queueHead++];
    // Array.shift() is O(n): a slow reader's backlog would make every line cost the backlog.
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead >= 4096 && this.queueHead * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return l;
  }

  private encode(l: Line): string {
    const { enc, table } = this.p;
    if (l.type === 'BOOKMARK') {
      const obj = table
        ? tableJson(enc.info.store, table, { resourceVersion: String(l.rv) }, [], false)
        : enc.bookmark(l.rv, true);
      return `{"type":"BOOKMARK","object":${obj}}\n`;
    }
    if (table) {
      const row = rowJson(enc.info.store, l.s.obj, Date.now(), table, () => enc.object(l.s));
      const obj = tableJson(enc.info.store, table, { resourceVersion: String(l.s.rv) }, [row], this.firstTable);
      this.firstTable = false;
      return `{"type":"${l.type}","object":${obj}}\n`;
    }
    return `{"type":"${l.type}","object":${enc.watchObject(l.s)}}\n`;
  }

  /** Writes what is pending, in batches, respecting backpressure and the injected faults. */
  private pump(): void {
    if (this.closed || this.waitingDrain || this.stalled) return;
    const { dropWatchAfterEvents: dropN, stallWatchAfterEvents: stallN } = this.p.faults;
    let buf = '';
    for (;;) {
      if (stallN !== undefined && this.sentEvents >= stallN) {
        this.stalled = true;
        break;
      }
      if (dropN !== undefined && this.sentEvents >= dropN) {
        if (buf) this.res.write(buf);
        this.drop();
        return;
      }
      const l = this.nextLine();
      if (!l) break;
      buf += this.encode(l);
      if (l.type !== 'BOOKMARK') this.sentEvents++;
      if (buf.length >= BATCH_BYTES) {
        const ok = this.res.write(buf);
        buf = '';
        if (!ok) {
          this.waitingDrain = true;
          this.res.once('drain', () => {
            this.waitingDrain = false;
            this.pump();
          });
          return;
        }
      }
    }
    if (buf) this.res.write(buf);
  }

  /** Ends the response cleanly (timeout, server shutdown): the client sees a normal end. */
  end(): void {
    if (this.closed) return;
    if (!this.stalled) this.pump();
    this.res.end();
    this.finish();
  }

  /**
   * Drops the connection (fault injection): what was written is flushed, then the socket is
   * closed without the final chunk, so the client sees a premature close, not a clean end.
   */
  drop(): void {
    if (this.closed) return;
    const sock = this.res.socket;
    // After this turn: the response corks its socket for the rest of the tick, and on Node 24 a
    // socket ended while corked loses what the response wrote just before (the client saw 0 of
    // the N events). Ended a turn later, everything written is flushed before the FIN.
    if (sock) setImmediate(() => sock.end());
    else this.res.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.queue = [];
    this.queueHead = 0;
    this.initial = [];
    this.onEnd(this);
  }
}
