// The list+watch loop: list in pages, then watch from the list's resourceVersion, and keep
// doing that through dropped connections, stalls, 410s, 429s, 5xx and narrow RBAC, without
// losing, repeating or double-counting an event. Exactness rests on two things: the store keys
// events by uid (a re-delivered upsert replaces, never adds), and every completed list ends in a
// `synced` change naming what exists, so whatever vanished while we were away is dropped.
import type { ApiGroup, KubeEvent } from '../model/event.js';
import { normalize } from '../model/normalize.js';
import { fullJitter, jitteredTimeout, rewatchDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { ClusterConnection } from './config.js';
import { ApiStatusError, KubeError, oneLine, toKubeError } from './errors.js';
import { BodyTooLargeError, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_LINE_BYTES, getJson, isAbort, LineTooLongError, StreamBrokenError, streamLines } from './http.js';
import { formatBytes } from '../model/bytes.js';
import { planSelector, type SelectorInput } from './selectors.js';
import { redact } from './redact.js';
import type { SourceChange, SourceState, SourceStatus } from './types.js';

export interface EventSourceOptions extends SelectorInput {
  connection: ClusterConnection;
  /** [''] = all namespaces (cluster scope); otherwise one list+watch per namespace. */
  namespaces: string[];
  /** Or how to find it out (discovery still under way at start; asked again after a failure). */
  apiGroup: ApiGroup | ((signal: AbortSignal) => Promise<ApiGroup>);
  /** No answer from the server for this long is said in the status (default 10 s). */
  slowServerMs?: number;
  /** When kevtui began waiting for the server (default: start()). */
  connectingSince?: number;
  /** Where to look when a cluster-scope list is forbidden (default: the namespace list if readable, plus the context's namespace). */
  fallbackNamespaces?: string[];
  pageSize?: number;
  /** A list page larger than this is asked again with half the limit (default 256 MiB). */
  maxBodyBytes?: number;
  /** A watch line longer than this ends the watch and relists (default 16 MiB, at most maxBodyBytes). */
  maxLineBytes?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Asked of the server per watch, ±10 %, so quiet filtered watches restart before their resourceVersion ages out. */
  watchTimeoutSeconds?: number;
  /** No byte on a watch for this long → reconnect. */
  idleTimeoutMs?: number;
  /** Until response headers. */
  connectTimeoutMs?: number;
  /** Watch events are coalesced for this long, or until this many are pending. */
  batchIntervalMs?: number;
  batchMaxSize?: number;
  onBatch: (changes: SourceChange[]) => void;
  /** A consumer that cannot take more yet (a full stdout): watches stop reading until it settles. */
  hold?: () => Promise<void> | undefined;
  onStatus?: (status: SourceStatus) => void;
  /** Gets what onBatch/onStatus threw (the source stops: its consumer is in an unknown state). */
  onError?: (err: unknown) => void;
  random?: () => number;
}

/** One list+watch loop's view of itself, for the combined status. */
interface Scope {
  namespace: string;
  state: SourceState;
  detail: string;
  rv?: string;
  listed?: number;
  total?: number;
  attempt: number;
  /** Watches in a row that ended in a relist without delivering a single change. */
  barrenRelists: number;
  /** Lists abandoned in a row (a loop, a page too large): their backoff grows across good pages. */
  restarts: number;
  retryAt?: number;
  /** Cluster scope replaced by per-namespace loops after a 403. */
  replaced?: boolean;
}

/** What to do about an error. */
type Verdict =
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'relist'; delayMs: number; reason: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'fatal'; error: KubeError };

/** The consumer's callback threw: not a network problem, never retried. */
class ConsumerError extends Error {
  constructor(override readonly cause: unknown) {
    super('consumer failed');
  }
}

/** A list that cannot complete as the server answers it: once, fatal; otherwise a restart after a backoff. */
class ListAbandoned extends KubeError {
  constructor(message: string, hint: string) {
    super('server', message, hint);
  }
}

/** An ERROR line in a watch (other than 410): the stream is broken, the next request decides. */
class InStreamError extends ApiStatusError {}

/** Pages in a row that bring no uid not already seen in this list: the server is going round in circles. */
const STALE_PAGES = 50;

/** Ends a watch from inside its line handler. */
class WatchEnd extends Error {
  constructor(readonly outcome: 'relist', readonly reason: string) {
    super(reason);
  }
}

interface WatchLine {
  type?: unknown;
  object?: { metadata?: { resourceVersion?: unknown }; kind?: unknown; code?: unknown; reason?: unknown; message?: unknown; details?: { retryAfterSeconds?: unknown } };
}

interface EventList {
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items?: unknown[];
}

export class EventSource {
  private readonly conn: ClusterConnection;
  private group: ApiGroup;
  private findGroup?: (signal: AbortSignal) => Promise<ApiGroup>;
  private groupFound?: Promise<void>;
  private fieldSelector?: string;
  private clientTypes?: ReadonlySet<string>;
  /** Until the server's first answer. */
  private unansweredSince?: number;
  private readonly backoffPolicy: BackoffPolicy;
  private readonly random: () => number;
  private readonly abort = new AbortController();
  private readonly scopes: Scope[] = [];
  private readonly loops: Promise<void>[] = [];
  private pending: SourceChange[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  private failed = false;
  private once = false;
  private fallback?: string;
  private fatal?: KubeError;
  private counters = { malformed: 0, reconnects: 0, relists: 0 };
  private lastStatus: SourceStatus;

  constructor(private readonly opts: EventSourceOptions) {
    this.conn = opts.connection;
    // Until discovery answers, core/v1 stands in (in the status only: nothing is asked with it).
    this.group = typeof opts.apiGroup === 'string' ? opts.apiGroup : 'core';
    if (typeof opts.apiGroup !== 'string') this.findGroup = opts.apiGroup;
    this.useGroup(this.group);
    this.backoffPolicy = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.random = opts.random ?? Math.random;
    this.unansweredSince = opts.connectingSince;
    this.lastStatus = this.computeStatus();
  }

  private useGroup(group: ApiGroup): void {
    this.group = group;
    const plan = planSelector(this.opts, group);
    this.fieldSelector = plan.fieldSelector;
    this.clientTypes = plan.clientTypes;
  }

  /** The API group once discovery has answered; every scope waits on the same request, a failure is retried by the loop. */
  private async groupReady(): Promise<void> {
    const find = this.findGroup;
    if (find === undefined) return;
    this.groupFound ??= find(this.abort.signal).then(
      (g) => {
        this.findGroup = undefined;
        this.useGroup(g);
        this.answered();
      },
      (e: unknown) => {
        this.groupFound = undefined;
        throw e;
      },
    );
    await this.groupFound;
  }

  /** The server said something: the wait for it is over. */
  private answered(): void {
    if (this.unansweredSince === undefined) return;
    this.unansweredSince = undefined;
    this.publish();
  }

  get status(): SourceStatus {
    return this.lastStatus;
  }

  /** Lists, then watches until stop(). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.unansweredSince ??= Date.now();
    for (const ns of unique(this.opts.namespaces.length ? this.opts.namespaces : [''])) this.spawn(ns);
    this.publish();
  }

  /** --once: list every scope (403 fallback included), deliver it through onBatch, resolve when synced. */
  async listOnce(): Promise<{ listed: number; namespaces: string[] }> {
    if (this.started || this.stopped) throw new Error('listOnce() on a source that already ran');
    this.once = true;
    this.start();
    // Loops may add loops (fallback), so wait until no new ones appear.
    for (let n = -1; n !== this.loops.length; ) {
      n = this.loops.length;
      await Promise.all(this.loops.slice());
    }
    this.flush();
    const readable = this.scopes.filter((s) => !s.replaced && s.state !== 'forbidden');
    if (this.fatal) throw this.fatal;
    if (this.failed) throw new KubeError('server', 'stopped: the event consumer failed');
    if (readable.length === 0) {
      const denied = this.scopes.find((s) => s.state === 'forbidden');
      throw new KubeError('forbidden', denied?.detail ?? 'no namespace is readable');
    }
    return { listed: readable.reduce((n, s) => n + (s.listed ?? 0), 0), namespaces: readable.map((s) => s.namespace) };
  }

  /** Aborts every request; resolves when every loop has ended. A stopped source never restarts. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.abort.abort();
    }
    clearTimeout(this.flushTimer);
    this.pending = [];
    let n = -1;
    while (n !== this.loops.length) {
      n = this.loops.length;
      await Promise.allSettled(this.loops.slice());
    }
    if (!this.failed && !this.fatal) this.publish();
  }

  // ---- loops ----

  private spawn(namespace: string): void {
    const scope: Scope = { namespace, state: 'connecting', detail: 'connecting', attempt: 0, barrenRelists: 0, restarts: 0 };
    this.scopes.push(scope);
    this.loops.push(this.run(scope).catch((e) => this.fail(e)));
  }

  private async run(scope: Scope): Promise<void> {
    while (!this.stopped) {
      try {
        await this.groupReady();
        if (scope.rv === undefined) {
          scope.rv = await this.list(scope);
          if (this.once) {
            this.set(scope, 'watching', 'listed');
            return;
          }
        }
        let ended = await this.watch(scope);
        if (typeof ended === 'object') {
          this.set(scope, 'reconnecting', `relisting: ${oneLine(ended.relist, 160)}`);
          ended = 'relist';
        }
        if (ended === 'relist') {
          scope.rv = undefined;
          this.counters.relists++;
          // A watch that 410s before delivering anything, again and again (a history shorter
          // than our reconnect), would otherwise relist every second: back off like an error.
          scope.barrenRelists++;
          const delay = scope.barrenRelists > 1 ? fullJitter(scope.barrenRelists, this.backoffPolicy, this.random) : rewatchDelay(this.random);
          await this.sleep(delay);
        } else if (ended === 'empty') {
          // Closed at once with nothing said (a proxy or LB in the way): back off, do not spin.
          await this.wait(scope, fullJitter(scope.attempt + 1, this.backoffPolicy, this.random), 'the server closed the watch at once');
        } else {
          // The server ended the watch (its timeout, or ours): resume from where we are.
          this.counters.reconnects++;
          await this.sleep(rewatchDelay(this.random));
        }
      } catch (e) {
        if (this.stopped || isAbort(e)) return;
        if (e instanceof ListAbandoned) scope.attempt = scope.restarts++;
        const v = this.classify(e, scope);
        if (v.kind === 'fatal') {
          this.fatal = v.error;
          this.set(scope, 'error', v.error.message);
          this.stopped = true;
          this.abort.abort();
          return;
        }
        if (v.kind === 'forbidden') {
          if (scope.namespace === '' && !this.fallback) {
            await this.fallBack(scope, v.message);
            return;
          }
          this.set(scope, 'forbidden', v.message);
          this.updateFallbackText();
          return;
        }
        if (v.kind === 'relist') {
          scope.rv = undefined;
          this.counters.relists++;
        }
        if (this.once && scope.attempt >= 6) {
          this.fatal = toKubeError(e);
          this.set(scope, 'error', this.fatal.message);
          return;
        }
        await this.wait(scope, v.delayMs, v.reason);
      }
    }
  }

  /** Lists every page; emits each as upserts, then `synced`; returns the list's resourceVersion. */
  private async list(scope: Scope): Promise<string> {
    const base = this.collectionPath(scope.namespace);
    const maxBytes = this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const where = scope.namespace ? `namespace ${scope.namespace}` : 'all namespaces';
    // Lists restarted because their continue token expired. The first restart keeps the list
    // exact; after that, the server's own continuation (below) guarantees progress.
    let expired = 0;
    restart: for (;;) {
      const seen = new Set<string>();
      // Every uid and continue token of this pass, to notice a server that goes round in circles
      // (a repeated token made 13,000 requests in 25 s before): a token never legitimately repeats.
      const uids = new Set<string>();
      const tokens = new Set<string>();
      let stale = 0;
      let limit = this.opts.pageSize ?? 500;
      let cont: string | undefined;
      let rv = '';
      scope.listed = 0;
      scope.total = undefined;
      // Before the server's first answer this is still connecting (the header says to what, and for how long).
      this.set(scope, this.unansweredSince === undefined ? 'listing' : 'connecting', 'listing');
      const fetchPage = (cont: string | undefined, limit: number): Promise<EventList> => {
        const q = new URLSearchParams({ limit: String(limit) });
        if (cont) q.set('continue', cont);
        if (this.fieldSelector) q.set('fieldSelector', this.fieldSelector);
        return getJson<EventList>(this.conn, `${base}?${q}`, {
          signal: this.abort.signal,
          timeoutMs: this.opts.connectTimeoutMs,
          maxBytes,
          // The server answered: from here on it is listing, however slowly the body comes.
          onHeaders: () => {
            this.unansweredSince = undefined;
            if (scope.state === 'connecting') this.set(scope, 'listing', scope.total !== undefined ? `listing ${scope.listed}/${scope.total}` : `listing ${scope.listed}`);
            else this.publish();
          },
        });
      };
      // The next page, asked for as soon as this one's continue token is known, so the server
      // makes it while this one is normalised and grouped (at 100k events the sequential list
      // waited 1.1 s of its 3.9 s for pages). One connection still serves both: this page's body
      // is read whole before it is parsed.
      let ahead: { cont: string; limit: number; page: Promise<EventList> } | undefined;
      for (;;) {
        let page: EventList;
        try {
          const next = ahead;
          ahead = undefined;
          page = await (next !== undefined && next.cont === cont && next.limit === limit ? next.page : fetchPage(cont, limit));
        } catch (e) {
          if (this.stopped || isAbort(e)) throw e;
          if (e instanceof BodyTooLargeError) {
            // Events near etcd's 1.5 MB limit make a 500-item page ~750 MB, more than one string can
            // hold: ask for the same page in smaller pieces (a continue token works with any limit).
            if (limit === 1) {
              throw new ListAbandoned(
                `the events list of ${where} has a page over ${formatBytes(maxBytes)} even one event at a time`,
                'raise --max-body-bytes, or narrow the list with --field-selector',
              );
            }
            limit = Math.max(1, Math.floor(limit / 2));
            this.set(scope, 'listing', `listing ${scope.listed} (a page was over ${formatBytes(maxBytes)}: asking for ${limit} at a time)`);
            continue;
          }
          // An expired continue token whose 410 carries the server's own token: once a fresh start
          // has also expired, finish the list from the next key at the current revision.
          // Restarting again could loop forever when the history is shorter than a full list
          // takes; `seen` is by uid, and the watch then starts from the last page's revision,
          // which every page after this one shares. What changed between the two revisions under
          // keys already listed is missed (as with kubectl), hence not on the first expiry.
          // A token handed out before is a loop, not progress: that falls through to a relist.
          if (cont && e instanceof ApiStatusError && e.code === 410 && expired++ > 0 && e.listContinue && e.listContinue !== cont && !tokens.has(e.listContinue)) {
            tokens.add(cont);
            cont = e.listContinue;
            continue;
          }
          const v = this.classify(e, scope);
          // An expired continue token: the list is no longer consistent, start it over.
          if (v.kind === 'relist') {
            this.counters.relists++;
            await this.sleep(v.delayMs);
            continue restart;
          }
          if (v.kind !== 'retry' || (this.once && scope.attempt >= 6)) throw e;
          await this.wait(scope, v.delayMs, v.reason);
          continue;
        }
        scope.attempt = 0;
        scope.retryAt = undefined;
        if (scope.state === 'connecting') scope.state = 'listing';
        this.answered();
        const items = Array.isArray(page.items) ? page.items : [];
        const following = page.metadata?.continue || undefined;
        // A token seen before is a loop (thrown below): not asked for again.
        if (following !== undefined && !tokens.has(following) && following !== cont) {
          ahead = { cont: following, limit, page: fetchPage(following, limit) };
          ahead.page.catch(() => {}); // read (and its error handled) on the next turn, or dropped with the list
          // The request is written from the event loop (the agent hands it its socket on a later
          // tick): let that happen before this page's work, or the server starts only after it.
          await new Promise<void>((r) => setImmediate(r));
        }
        const changes: SourceChange[] = [];
        let fresh = 0;
        for (const raw of items) {
          const uid = (raw as { metadata?: { uid?: unknown } } | null)?.metadata?.uid;
          if (typeof uid === 'string' && !uids.has(uid)) {
            uids.add(uid);
            fresh++;
          }
          const ev = this.toEvent(raw);
          if (!ev) continue;
          seen.add(ev.uid);
          changes.push({ kind: 'upsert', event: ev });
        }
        rv = page.metadata?.resourceVersion ?? rv;
        cont = following;
        scope.listed += items.length;
        const remaining = page.metadata?.remainingItemCount;
        scope.total = typeof remaining === 'number' ? scope.listed + remaining : cont ? undefined : scope.listed;
        if (cont) {
          stale = fresh ? 0 : stale + 1;
          const loop = tokens.has(cont) ? 'it sent the same continue token twice' : stale >= STALE_PAGES ? `${stale} pages in a row brought nothing new` : '';
          if (loop) {
            throw new ListAbandoned(
              `the events list of ${where} never ends: ${loop} (after ${tokens.size + 1} pages)`,
              'the API server or a proxy in front of it is misbehaving; try again later or another context',
            );
          }
          tokens.add(cont);
        }
        if (!cont) changes.push({ kind: 'synced', namespace: scope.namespace, seen });
        this.emitNow(changes);
        if (!cont) {
          scope.restarts = 0;
          return rv;
        }
        this.set(scope, 'listing', scope.total !== undefined ? `listing ${scope.listed}/${scope.total}` : `listing ${scope.listed}`);
      }
    }
  }

  /** Watches from scope.rv until the stream ends; 'relist' when the server says the rv is gone. */
  private async watch(scope: Scope): Promise<'ended' | 'empty' | 'relist' | { relist: string }> {
    const q = new URLSearchParams({
      watch: 'true',
      resourceVersion: scope.rv!,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(jitteredTimeout(this.opts.watchTimeoutSeconds ?? 300, this.random)),
    });
    if (this.fieldSelector) q.set('fieldSelector', this.fieldSelector);
    const startedAt = Date.now();
    let lines = 0;
    try {
      await streamLines(
        this.conn,
        `${this.collectionPath(scope.namespace)}?${q}`,
        (line) => {
          lines++;
          // An in-stream ERROR throws here, before anything counts as healthy.
          this.onWatchLine(scope, line);
          if (lines === 1 || Date.now() - startedAt > 5000) scope.attempt = 0; // healthy again
          scope.barrenRelists = 0;
        },
        {
          signal: this.abort.signal,
          timeoutMs: this.opts.connectTimeoutMs,
          idleTimeoutMs: this.opts.idleTimeoutMs,
          maxLineBytes: this.opts.maxLineBytes ?? Math.min(DEFAULT_MAX_LINE_BYTES, this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
          hold: this.opts.hold,
          onOpen: () => {
            this.unansweredSince = undefined;
            this.set(scope, 'watching', this.watchingText());
          },
        },
      );
      return lines === 0 && Date.now() - startedAt < 1000 ? 'empty' : 'ended';
    } catch (e) {
      if (e instanceof WatchEnd) return e.outcome;
      // Not an event (etcd caps those at ~1.5 MB), and where it ends is unknown: the list has the truth.
      if (e instanceof LineTooLongError) return { relist: e.message };
      if (e instanceof StreamBrokenError && e.idle) {
        // A stalled or merely quiet stream: not a failure, but resume through a new connection.
        return 'ended';
      }
      throw e;
    }
  }

  private onWatchLine(scope: Scope, line: string): void {
    let msg: WatchLine;
    try {
      msg = JSON.parse(line) as WatchLine;
    } catch {
      this.counters.malformed++;
      return;
    }
    const type = msg?.type;
    const obj = msg?.object;
    if (type === 'ERROR') {
      const code = typeof obj?.code === 'number' ? obj.code : 0;
      const message = typeof obj?.message === 'string' ? obj.message : 'watch error';
      // Only 410 (Expired/Gone) says our resourceVersion is unusable; any other code (0, 200,
      // 404, 5xx, even 401/403) breaks this stream only, and the reconnect's own answer decides.
      if (code === 410) throw new WatchEnd('relist', message);
      const retry = typeof obj?.details?.retryAfterSeconds === 'number' ? obj.details.retryAfterSeconds : undefined;
      throw new InStreamError(code, typeof obj?.reason === 'string' ? obj.reason : '', message, 'watch stream', retry);
    }
    if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED' && type !== 'BOOKMARK') {
      this.counters.malformed++;
      return;
    }
    const rv = obj?.metadata?.resourceVersion;
    if (typeof rv === 'string' && rv !== '') {
      // A resourceVersion below one we already saw: the server (or etcd) was restored. Our
      // picture may hold events that no longer exist, so relist and let `synced` clean up.
      if (scope.rv !== undefined && olderThan(rv, scope.rv)) throw new WatchEnd('relist', `resourceVersion went back from ${scope.rv} to ${rv}`);
      if (type === 'BOOKMARK') {
        scope.rv = rv;
        return;
      }
    } else if (type === 'BOOKMARK') {
      this.counters.malformed++;
      return;
    }
    // The stream position moves on even for what we drop (not an event, filtered by --types).
    if (typeof rv === 'string' && rv !== '') scope.rv = rv;
    const ev = this.toEvent(obj);
    if (ev === undefined) return;
    this.push({ kind: type === 'DELETED' ? 'delete' : 'upsert', event: ev });
  }

  /** normalize + the client-side --types filter; counts what is not an event. */
  private toEvent(raw: unknown): KubeEvent | undefined {
    const ev = normalize(raw, this.group);
    if (ev === undefined) {
      this.counters.malformed++;
      return undefined;
    }
    if (this.clientTypes && !this.clientTypes.has(ev.type)) return undefined;
    return ev;
  }

  /** Cluster-scope list forbidden: one loop per namespace we may read. */
  private async fallBack(scope: Scope, message: string): Promise<void> {
    scope.replaced = true;
    let candidates = this.opts.fallbackNamespaces;
    if (!candidates) {
      candidates = [];
      try {
        const list = await getJson<{ items?: Array<{ metadata?: { name?: string } }> }>(this.conn, '/api/v1/namespaces', { signal: this.abort.signal, timeoutMs: this.opts.connectTimeoutMs });
        for (const ns of list.items ?? []) if (ns.metadata?.name) candidates.push(ns.metadata.name);
      } catch (e) {
        if (this.stopped || isAbort(e)) return;
        // Not allowed to list namespaces either (the usual case): the context's namespace it is.
      }
      candidates = unique([this.conn.namespace, ...candidates.sort()]);
    }
    this.fallback = 'cluster-scope list forbidden';
    if (candidates.length === 0) {
      scope.replaced = false;
      this.set(scope, 'forbidden', message);
      return;
    }
    for (const ns of unique(candidates)) this.spawn(ns);
    this.updateFallbackText();
  }

  private updateFallbackText(): void {
    if (!this.fallback) return;
    const readable = this.scopes.filter((s) => !s.replaced && s.state !== 'forbidden').map((s) => s.namespace);
    this.fallback = readable.length
      ? `cluster-scope list forbidden; watching namespaces: ${readable.join(', ')}`
      : `cluster-scope list forbidden; no namespace is readable`;
    this.publish();
  }

  /** What an error means for the loop. */
  private classify(e: unknown, scope: Scope): Verdict {
    const attempt = scope.attempt + 1;
    if (e instanceof ApiStatusError) {
      const label = `${e.code} ${e.reason || ''}`.trim() + (e.message && e.message !== e.reason ? `: ${e.message}` : '');
      if (e.code === 410) return { kind: 'relist', delayMs: rewatchDelay(this.random), reason: 'resourceVersion expired (410), relisting' };
      if (e.code === 504 && (e.causes.includes('ResourceVersionTooLarge') || /too large resource version/i.test(e.message))) {
        return { kind: 'relist', delayMs: (e.retryAfterSeconds ?? 1) * 1000, reason: 'server is behind our resourceVersion (restored?), relisting' };
      }
      if (e.code === 429) {
        const delayMs = e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 + Math.floor(this.random() * 250) : fullJitter(attempt, this.backoffPolicy, this.random);
        return { kind: 'retry', delayMs: Math.min(delayMs, 5 * 60_000), reason: `429 too many requests${e.retryAfterSeconds !== undefined ? ` (Retry-After ${e.retryAfterSeconds}s)` : ''}` };
      }
      if (e instanceof InStreamError) {
        const delayMs = Math.max(fullJitter(attempt, this.backoffPolicy, this.random), (e.retryAfterSeconds ?? 0) * 1000);
        const why = e.code === 401 || e.code === 403 ? 'access refused inside the watch' : 'the server broke the watch';
        return { kind: 'retry', delayMs, reason: `${why} (ERROR ${label})` };
      }
      if (e.code >= 500 || e.code === 408) {
        const delayMs = Math.max(fullJitter(attempt, this.backoffPolicy, this.random), (e.retryAfterSeconds ?? 0) * 1000);
        return { kind: 'retry', delayMs, reason: label };
      }
      if (e.code === 403) return { kind: 'forbidden', message: e.message };
      return { kind: 'fatal', error: toKubeError(e) };
    }
    if (e instanceof ListAbandoned) return this.once ? { kind: 'fatal', error: e } : { kind: 'retry', delayMs: fullJitter(attempt, this.backoffPolicy, this.random), reason: e.message };
    if (e instanceof StreamBrokenError) return { kind: 'retry', delayMs: fullJitter(attempt, this.backoffPolicy, this.random), reason: e.message };
    if (e instanceof KubeError) {
      if (e.code === 'unreachable' || e.code === 'exec-plugin' || e.code === 'server') {
        return { kind: 'retry', delayMs: fullJitter(attempt, this.backoffPolicy, this.random), reason: e.message };
      }
      return { kind: 'fatal', error: e };
    }
    // Anything else is a bug in kevtui: say so instead of retrying forever.
    return { kind: 'fatal', error: new KubeError('server', `internal error: ${e instanceof Error ? e.message : String(e)}`) };
  }

  // ---- waiting ----

  private async wait(scope: Scope, delayMs: number, reason: string): Promise<void> {
    scope.attempt++;
    this.counters.reconnects++;
    scope.retryAt = Date.now() + delayMs;
    const secs = Math.max(1, Math.round(delayMs / 1000));
    this.set(scope, 'reconnecting', `reconnecting in ${secs}s (attempt ${scope.attempt}): ${oneLine(reason, 160)}`);
    await this.sleep(delayMs);
    scope.retryAt = undefined;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  // ---- batching ----

  private push(c: SourceChange): void {
    this.pending.push(c);
    if (this.pending.length >= (this.opts.batchMaxSize ?? 1000)) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.opts.batchIntervalMs ?? 25);
  }

  /** A list page goes out at once, after anything pending, so the order of changes is kept. */
  private emitNow(changes: SourceChange[]): void {
    for (const c of changes) this.pending.push(c);
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0 || this.stopped) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.opts.onBatch(batch);
    } catch (e) {
      // fail() stops every loop; nothing is retried on top of a consumer in an unknown state.
      this.fail(new ConsumerError(e));
    }
  }

  // ---- status ----

  private set(scope: Scope, state: SourceState, detail: string): void {
    scope.state = state;
    scope.detail = detail;
    this.publish();
  }

  private watchingText(): string {
    const watching = this.scopes.filter((s) => !s.replaced && s.state !== 'forbidden').map((s) => s.namespace);
    if (watching.length === 1 && watching[0] === '') return 'watching all namespaces';
    return `watching ${watching.length === 1 ? `namespace ${watching[0]}` : `${watching.length} namespaces`}`;
  }

  private computeStatus(): SourceStatus {
    const live = this.scopes.filter((s) => !s.replaced);
    const readable = live.filter((s) => s.state !== 'forbidden');
    const rank: Record<SourceState, number> = { error: 6, reconnecting: 5, listing: 4, connecting: 3, watching: 2, forbidden: 1, stopped: 0 };
    let lead: Scope | undefined;
    for (const s of readable) if (!lead || rank[s.state] > rank[lead.state]) lead = s;
    let state: SourceState;
    let detail: string;
    if (this.fatal) {
      state = 'error';
      detail = this.fatal.message;
    } else if (this.stopped && this.started) {
      state = 'stopped';
      detail = 'stopped';
    } else if (!lead) {
      const denied = live.find((s) => s.state === 'forbidden');
      state = denied ? 'forbidden' : 'connecting';
      detail = denied ? denied.detail : this.started ? 'connecting' : 'not started';
    } else {
      state = lead.state;
      detail = state === 'watching' ? this.watchingText() : lead.detail;
    }
    const listing = readable.filter((s) => s.state === 'listing' || (s.state === 'reconnecting' && s.listed !== undefined && s.rv === undefined));
    const listed = listing.reduce((n, s) => n + (s.listed ?? 0), 0);
    const total = listing.every((s) => s.total !== undefined) ? listing.reduce((n, s) => n + (s.total ?? 0), 0) : undefined;
    return {
      state,
      apiGroup: this.group,
      namespaces: readable.map((s) => s.namespace),
      detail,
      ...(listing.length ? { listed, total } : {}),
      ...(lead?.state === 'reconnecting' ? { attempt: lead.attempt, retryAt: lead.retryAt } : {}),
      ...(this.fallback ? { fallback: this.fallback } : {}),
      server: redact(this.conn.server),
      ...(this.unansweredSince !== undefined && !this.stopped ? { unansweredSince: this.unansweredSince, slowAfterMs: this.opts.slowServerMs ?? 10_000 } : {}),
      malformed: this.counters.malformed,
      reconnects: this.counters.reconnects,
      relists: this.counters.relists,
    };
  }

  private publish(): void {
    this.lastStatus = this.computeStatus();
    if (this.failed || !this.opts.onStatus) return;
    try {
      this.opts.onStatus(this.lastStatus);
    } catch (e) {
      this.fail(new ConsumerError(e));
    }
  }

  /** The consumer threw (or kevtui has a bug): stop, show it, hand it to onError. Never swallowed. */
  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const err = e instanceof ConsumerError ? e.cause : e;
    this.stopped = true;
    this.abort.abort();
    clearTimeout(this.flushTimer);
    this.pending = [];
    this.fatal = new KubeError('server', `stopped: ${err instanceof Error ? err.message : String(err)}`);
    this.lastStatus = this.computeStatus();
    try {
      this.opts.onStatus?.(this.lastStatus);
    } catch {
      // onStatus is what failed (or fails again); the error goes to onError below.
    }
    if (this.opts.onError) this.opts.onError(err);
    else
      setImmediate(() => {
        throw err;
      });
  }

  private collectionPath(namespace: string): string {
    const prefix = this.group === 'events' ? '/apis/events.k8s.io/v1' : '/api/v1';
    return namespace ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/events` : `${prefix}/events`;
  }
}

/** Numeric resourceVersions (etcd revisions) compared; opaque ones never count as older. */
function olderThan(a: string, b: string): boolean {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return a.length !== b.length ? a.length < b.length : a < b;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
