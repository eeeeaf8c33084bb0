// From Options to a live Session: the embedded demo cluster when asked, the kubeconfig, the API
// group, the event source feeding the aggregate store, and GET-only object access. Every front
// end (TUI, plain printer) starts here, so a demo run and a real cluster share every line below.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connection, loadKubeconfig, type ClusterConnection } from '../kube/config.js';
import { resolveApiGroup } from '../kube/discovery.js';
import { KubeError, toKubeError } from '../kube/errors.js';
import { getJson } from '../kube/http.js';
import { dependents, getObject, owners, type KubeObject, type ObjectResult } from '../kube/objects.js';
import { EventSource } from '../kube/source.js';
import { namespacesFor, type ResolvedContext } from '../kube/kubeconfig.js';
import { redact } from '../kube/redact.js';
import type { SourceChange, SourceStatus } from '../kube/types.js';
import type { Options } from '../options.js';
import { AggregateStore } from '../store/aggregate.js';
import { sanitize, sanitizeDeep } from '../model/sanitize.js';
import type { FetchedObject, ObjectAccess, ObjectRefLike, OpenedSession } from '../session/types.js';
import { startStats } from './stats-out.js';
import { Recorder, recordLines } from '../record/writer.js';

/** What a session opened by another (`:ctx`) inherits, and who hears of the switch. */
export interface SessionHooks {
  /** The session now in use (the front end stops this one when it quits). */
  onSwitch?(next: OpenedSession): void;
  /** The kubeconfig is read: whom the session is about to ask (the full screen says so meanwhile). */
  onConnecting?(c: { context: string; cluster: string; namespaces: string[]; server: string }): void;
  /** The scope the user chose (-A, -n, :ns); unset: the context's own namespace. */
  namespaces?: readonly string[];
  /** How long to wait for the server's first answer; past it, a switch gives up (see below). */
  preflightMs?: number;
  /** A server still silent after `preflightMs` is an error, not a `connecting…` screen. */
  mustAnswer?: boolean;
  /** Gives up waiting for the server (the session that asked for the switch is stopping). */
  signal?: AbortSignal;
  /**
   * One cluster of several in one view (run/multi-session): its events go into this shared store
   * tagged with `cluster`, no --stats of its own, and a server that refuses at start is not an
   * error to throw but a status to show while the source keeps trying.
   */
  member?: { store: AggregateStore; cluster: string; onBatch?(changes: readonly SourceChange[]): void };
  /** --record: the recording a `:ctx` keeps writing to. */
  recorder?: Recorder;
  /** The kubeconfig already read and its context resolved (the full screen does so before it draws). */
  resolved?: ResolvedContext;
}

/**
 * How long a new session waits for discovery: an unreachable server or a bad credential usually
 * says so sooner, and is then one clear line (the full screen leaves for it); a server still
 * silent after this is left to the source, which keeps asking and says so (`connecting to …`).
 */
const PREFLIGHT_MS = 1000;

/**
 * `:ctx` keeps the current cluster on screen until the other one has answered: a user who asked
 * for a silent server is better served by one line and the cluster they had than by a screen
 * saying `connecting…` with nothing to go back to. KEVTUI_SWITCH_WAIT_MS shortens it in tests.
 */
const SWITCH_WAIT_MS = 10_000;

/** Settles as `p` did within `ms`, or undefined: still waiting. */
function within<T>(p: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then((value) => ({ value }), (error: unknown) => ({ error })),
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** What `--demo` preloads and generates when the user gives no numbers: a lively first screen. */
const DEMO_DEFAULTS = { events: 1500, rate: 10 };

async function startEmbeddedDemo(opts: Options): Promise<{ kubeconfig: string; close(): Promise<void> }> {
  // Imported lazily: a real-cluster run never loads the demo cluster.
  const { startDemoServer } = await import('../../demo/server.js');
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-demo-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const flags = opts.demoFlags;
  const server = await startDemoServer({
    ...flags,
    port: 0,
    kubeconfigOut: kubeconfig,
    events: flags.events ?? DEMO_DEFAULTS.events,
    rate: flags.rate ?? DEMO_DEFAULTS.rate,
  });
  return {
    kubeconfig,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function toFetched(r: ObjectResult): FetchedObject {
  // Fetched objects are server text too: sanitised once, here, like events in model/normalize.
  if ('object' in r) return { ok: true, object: sanitizeDeep(r.object) as Record<string, unknown> };
  if ('gone' in r) return { ok: false, gone: true, message: '' };
  if ('forbidden' in r) return { ok: false, forbidden: true, message: r.forbidden };
  return { ok: false, error: true, message: r.error };
}

function refOf(o: KubeObject): ObjectRefLike {
  return { apiVersion: sanitize(o.apiVersion), kind: sanitize(o.kind), namespace: sanitize(o.metadata.namespace), name: sanitize(o.metadata.name) };
}

function objectAccess(conn: ClusterConnection): ObjectAccess {
  const fetchObject = async (ref: ObjectRefLike) => getObject(conn, ref);
  return {
    get: async (ref) => toFetched(await fetchObject(ref)),
    async owners(ref) {
      const self = await fetchObject(ref);
      if (!('object' in self)) return [];
      return (await owners(conn, self.object)).map(({ ref: o, result }) => ({
        ref: { apiVersion: sanitize(o.apiVersion), kind: sanitize(o.kind), namespace: sanitize(self.object.metadata.namespace), name: sanitize(o.name) },
        result: toFetched(result),
      }));
    },
    async dependents(ref) {
      const self = await fetchObject(ref);
      if (!('object' in self)) return [];
      const r = await dependents(conn, self.object);
      return 'objects' in r ? r.objects.map(refOf) : [];
    },
  };
}

export async function openSession(opts: Options, hooks: SessionHooks = {}): Promise<OpenedSession> {
  if (hooks.member === undefined && (opts.contexts !== undefined || opts.allContexts)) {
    const { openMultiSession } = await import('./multi-session.js');
    return openMultiSession(opts, hooks);
  }
  const member = hooks.member;
  const demo = opts.demo ? await startEmbeddedDemo(opts) : undefined;
  try {
    const conn = hooks.resolved !== undefined ? connection(hooks.resolved) : loadKubeconfig({ kubeconfig: demo?.kubeconfig ?? opts.kubeconfig, context: demo ? undefined : opts.context });
    // The demo cluster's story spans namespaces: show all of it unless told otherwise.
    const scope = opts.demo && !opts.namespace ? { allNamespaces: true } : opts;
    let namespaces = hooks.namespaces !== undefined ? [...hooks.namespaces] : namespacesFor(scope, conn);
    hooks.onConnecting?.({
      context: demo ? 'kevtui-demo' : conn.contextName,
      cluster: demo ? 'kevtui-demo' : conn.clusterName,
      namespaces,
      server: redact(conn.server),
    });
    // Also the preflight: an unreachable server or a bad credential is one clear line at start-up,
    // not a status that keeps retrying. `--api core|events` asks /version instead of discovery.
    // A server still silent after PREFLIGHT_MS is left to the source, which keeps asking and says so.
    const connectingSince = Date.now();
    const asking = new AbortController();
    const giveUp = () => asking.abort();
    hooks.signal?.addEventListener('abort', giveUp, { once: true });
    if (hooks.signal?.aborted === true) giveUp();
    const discover = async (signal: AbortSignal) => {
      const group = await resolveApiGroup(conn, opts.api, signal);
      if (opts.api !== 'auto') await getJson(conn, '/version', { signal }).catch((e: unknown) => Promise.reject(toKubeError(e)));
      return group;
    };
    const first = discover(asking.signal);
    first.catch(() => {}); // a late failure is the source's to retry
    const waitMs = hooks.preflightMs ?? PREFLIGHT_MS;
    const early = await within(first, waitMs);
    hooks.signal?.removeEventListener('abort', giveUp);
    if (early !== undefined && 'error' in early && member === undefined) {
      conn.close(); // a failed :ctx keeps running: this connection's sockets must not linger
      throw early.error;
    }
    if (early === undefined && hooks.mustAnswer === true) {
      asking.abort();
      conn.close();
      throw new KubeError('unreachable', `no answer from ${conn.server} in ${Math.round(waitMs / 1000)} s`);
    }
    const apiGroup = early !== undefined && 'value' in early ? early.value : undefined;
    // Whether the user picked the scope (else another context gets its own default namespace).
    let scopeChosen = hooks.namespaces !== undefined || opts.allNamespaces || opts.namespace !== undefined;
    // Nothing here shows the raw events: the full screen fetches one when its YAML is asked for.
    const store = member?.store ?? new AggregateStore({ maxGroups: opts.maxGroups, maxBytes: opts.maxMemory, keepRaw: false });
    const notices = new Set<(line: string) => void>();
    const recorder = (hooks.recorder ?? (opts.record !== undefined ? new Recorder(opts.record, { maxBytes: opts.recordMax }) : undefined))?.retain();
    const stopHearing = recorder?.onProblem((line) => notices.forEach((fn) => fn(line)));
    const contextName = demo ? 'kevtui-demo' : conn.contextName;
    let firstUsed = false;
    const stats = opts.stats === undefined || member !== undefined ? undefined : startStats(opts.stats, store);
    const listeners = new Set<(s: SourceStatus) => void>();
    let failure: unknown;
    let synced: () => void;
    let failed: (e: unknown) => void;
    let hold: (() => Promise<void> | undefined) | undefined;
    const syncedPromise = new Promise<void>((resolve, reject) => {
      synced = resolve;
      failed = reject;
    });
    syncedPromise.catch(() => {}); // observed through whenSynced() or failure()

    const sourceFor = (namespaces: string[]) => new EventSource({
      connection: conn,
      namespaces,
      // Still asking: the source waits for this answer (and asks again if it fails).
      apiGroup: apiGroup ?? ((signal) => (firstUsed ? discover(signal) : ((firstUsed = true), first))),
      connectingSince,
      slowServerMs: slowServerMs(),
      fieldSelector: opts.fieldSelector,
      types: opts.types,
      forObject: opts.forObject,
      maxBodyBytes: opts.maxBodyBytes,
      hold: () => hold?.(),
      onBatch: (changes) => {
        if (member !== undefined) tagCluster(changes, member.cluster);
        // Recorded as applied, batch by batch: a replay of the file rebuilds this very store.
        recorder?.write(recordLines(changes, Date.now(), contextName));
        store.apply(changes);
        stats?.live.batch(changes, Date.now());
        member?.onBatch?.(changes);
      },
      onStatus: (s) => {
        stats?.status(s.state);
        if (s.state === 'watching') synced();
        if (s.state === 'error' || s.state === 'forbidden') failed(new KubeError(s.state === 'forbidden' ? 'forbidden' : 'server', s.detail));
        for (const fn of listeners) fn(s);
      },
      onError: (err) => {
        failure = err;
        failed(err);
      },
    });
    let source = sourceFor(namespaces);
    let rescoping = Promise.resolve();
    let stopping: Promise<void> | undefined;
    const switches = new Set<AbortController>();
    const stop = () =>
      (stopping ??= (async () => {
        for (const c of switches) c.abort();
        asking.abort();
        await rescoping; // a :ns under way must not start a source after this
        await source.stop();
        stats?.stop();
        conn.close(); // a plugin an object lookup still waits for must not outlive the session
        recorder?.release(); // the last one flushes: a failure then is still this session's news
        stopHearing?.();
        await demo?.close();
      })());

    const session: OpenedSession = {
      store,
      context: contextName,
      cluster: demo ? 'kevtui-demo' : conn.clusterName,
      get namespaces() {
        return namespaces;
      },
      get apiGroup() {
        return source.status.apiGroup;
      },
      objects: objectAccess(conn),
      stats: stats?.live,
      contexts: demo ? ['kevtui-demo'] : conn.contexts,
      async namespaceNames() {
        const list = await getJson<{ items?: Array<{ metadata?: { name?: unknown } }> }>(conn, '/api/v1/namespaces');
        return (list.items ?? []).map((n) => sanitize(typeof n.metadata?.name === 'string' ? n.metadata.name : '')).filter((n) => n !== '');
      },
      rescope(next) {
        // The store keeps its groups; the new source's list re-delivers the scope's events, which
        // the store counts by uid (no double counting), and its sync only concerns that scope.
        // Chained: two quick :ns must not both replace the same source (one would never stop).
        const run = rescoping.then(async () => {
          await source.stop();
          namespaces = [...next];
          scopeChosen = true;
          source = sourceFor(namespaces);
          source.start();
          for (const fn of listeners) fn(source.status);
        });
        rescoping = run.catch(() => {});
        return run;
      },
      onNotice(fn) {
        // Said before anyone listened (an unwritable --record file at start-up): said now.
        if (recorder?.problem !== undefined) fn(recorder.problem);
        notices.add(fn);
        return () => notices.delete(fn);
      },
      status: () => source.status,
      onStatus(fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      start: () => source.start(),
      holdReading(gate) {
        hold = gate;
      },
      async listOnce() {
        await source.listOnce();
      },
      whenSynced: () => syncedPromise,
      failure: () => failure,
      async switchContext(name) {
        if (demo) throw new KubeError('unknown-context', `context "${name}" not found: the demo cluster has one context, kevtui-demo`);
        if (stopping !== undefined) throw new KubeError('server', 'this session is stopped');
        await rescoping;
        // This session keeps running until the other cluster answers; a failure leaves it as it was.
        const next = await openAnswering({ ...opts, context: name }, { onSwitch: hooks.onSwitch, namespaces: scopeChosen ? namespaces : undefined, recorder }, switches);
        return handOver(next, listeners, stop, hooks);
      },
      async changeContexts(change) {
        if (demo) throw new KubeError('unknown-context', 'the demo cluster has one context, kevtui-demo');
        if ('remove' in change) throw new KubeError('server', `only context ${session.context} is watched (:ctx NAME switches)`);
        if (change.add === session.context) throw new KubeError('server', `already watching context ${change.add}`);
        // A session over both clusters, with a fresh store (its lists re-deliver this one's events).
        const next = await openSession({ ...opts, context: undefined, contexts: [session.context, change.add] }, {
          onSwitch: hooks.onSwitch,
          namespaces: scopeChosen ? namespaces : undefined,
        });
        next.start();
        return handOver(next, listeners, stop, hooks);
      },
      stop,
    };
    return session;
  } catch (err) {
    await demo?.close();
    throw err;
  }
}

/** Marks a batch as `cluster`'s (events are fresh objects per delivery: tagged in place). */
function tagCluster(changes: SourceChange[], cluster: string): void {
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (c.kind === 'synced') changes[i] = { ...c, cluster };
    else c.event.cluster = cluster;
  }
}

/**
 * `:ctx`: the session of `options`, started, once its cluster has answered (firstAnswer).
 * Quitting meanwhile (the asking session's stop aborts `switches`) cancels the attempt, which
 * must not outlive the session that asked.
 */
export async function openAnswering(options: Options, hooks: SessionHooks, switches: Set<AbortController>): Promise<OpenedSession> {
  const cancel = new AbortController();
  const cancelled = () => new KubeError('server', `stopped while connecting to context "${options.context}"`);
  switches.add(cancel);
  try {
    const next = await openSession(options, { ...hooks, preflightMs: switchWaitMs(), mustAnswer: true, signal: cancel.signal }).catch((e: unknown) =>
      Promise.reject(cancel.signal.aborted ? cancelled() : e),
    );
    try {
      if (cancel.signal.aborted) throw cancelled();
      next.start();
      await firstAnswer(next, switchWaitMs(), cancel.signal);
    } catch (e) {
      await next.stop().catch(() => {});
      throw cancel.signal.aborted ? cancelled() : e;
    }
    return next;
  } finally {
    switches.delete(cancel);
  }
}

/** The front end moves on to `next`: the old cluster's last word (`stopped`) is nobody's news. */
export async function handOver(next: OpenedSession, listeners: Set<unknown>, stop: () => Promise<void>, hooks: SessionHooks): Promise<OpenedSession> {
  listeners.clear();
  await stop().catch(() => {});
  hooks.onSwitch?.(next);
  return next;
}

/**
 * Resolves once `s` has listed a first page of events (or watches); rejects when it stops on an
 * error or a 403, or has listed nothing after `ms`: a server that answers discovery is not yet
 * one that serves events (a proxy's 404, RBAC that forbids listing them).
 */
export function firstAnswer(s: OpenedSession, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let last = s.status();
    const abandon = () => done(new KubeError('server', 'cancelled'));
    const done = (err?: Error) => {
      clearTimeout(timer);
      off();
      signal.removeEventListener('abort', abandon);
      if (err) reject(err);
      else resolve();
    };
    const check = (st: SourceStatus) => {
      last = st;
      if (st.state === 'watching' || (st.state === 'listing' && st.listed !== undefined)) done();
      else if (st.state === 'error' || st.state === 'forbidden') done(new KubeError(st.state === 'forbidden' ? 'forbidden' : 'server', st.detail || st.state));
    };
    const timer = setTimeout(() => done(new KubeError('unreachable', `no events listed in ${Math.round(ms / 1000)} s${last.detail ? ` (${last.detail})` : ''}`)), ms);
    const off = s.onStatus(check);
    signal.addEventListener('abort', abandon, { once: true });
    if (signal.aborted) abandon();
    check(last);
  });
}

export function switchWaitMs(): number {
  const v = Number(process.env.KEVTUI_SWITCH_WAIT_MS);
  return Number.isFinite(v) && v > 0 ? v : SWITCH_WAIT_MS;
}

/** KEVTUI_SLOW_SERVER_MS: after how long without an answer the status says so (tests shorten it). */
function slowServerMs(): number | undefined {
  const v = Number(process.env.KEVTUI_SLOW_SERVER_MS);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}
