// From Options to a live Session: the embedded demo cluster when asked, the kubeconfig, the API
// group, the event source feeding the aggregate store, and GET-only object access. Every front
// end (TUI, plain printer) starts here, so a demo run and a real cluster share every line below.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig, type ClusterConnection } from '../kube/config.js';
import { resolveApiGroup } from '../kube/discovery.js';
import { KubeError, toKubeError } from '../kube/errors.js';
import { getJson } from '../kube/http.js';
import { dependents, getObject, owners, type KubeObject, type ObjectResult } from '../kube/objects.js';
import { EventSource, namespacesFor } from '../kube/source.js';
import type { SourceStatus } from '../kube/types.js';
import type { Options } from '../options.js';
import { AggregateStore } from '../store/aggregate.js';
import { sanitize, sanitizeDeep } from '../model/sanitize.js';
import type { FetchedObject, ObjectAccess, ObjectRefLike, Session } from '../session/types.js';
import { startStats } from './stats-out.js';

export interface OpenedSession extends Session {
  /** Resolves once every watched scope completed its first list (rejects on a fatal error). */
  whenSynced(): Promise<void>;
  /** --once: list every scope and resolve; no watch is started. */
  listOnce(): Promise<void>;
  /** Starts list+watch (the TUI and --plain). */
  start(): void;
  /** The error that stopped the source, if any. */
  failure(): unknown;
}

/**
 * How long start-up waits for discovery before showing the screen anyway: an unreachable server
 * or a bad credential usually says so sooner (one clear line on the normal screen); a server that
 * says nothing must not leave the terminal blank, so after this the TUI shows `connecting to …`.
 */
const PREFLIGHT_MS = 1000;

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

export async function openSession(opts: Options): Promise<OpenedSession> {
  const demo = opts.demo ? await startEmbeddedDemo(opts) : undefined;
  try {
    const conn = loadKubeconfig({ kubeconfig: demo?.kubeconfig ?? opts.kubeconfig, context: demo ? undefined : opts.context });
    // Also the preflight: an unreachable server or a bad credential is one clear line at start-up,
    // not a status that keeps retrying. `--api core|events` asks /version instead of discovery.
    // A server still silent after PREFLIGHT_MS is left to the source, which keeps asking and says so.
    const connectingSince = Date.now();
    const asking = new AbortController();
    const discover = async (signal: AbortSignal) => {
      const group = await resolveApiGroup(conn, opts.api, signal);
      if (opts.api !== 'auto') await getJson(conn, '/version', { signal }).catch((e: unknown) => Promise.reject(toKubeError(e)));
      return group;
    };
    const first = discover(asking.signal);
    first.catch(() => {}); // a late failure is the source's to retry
    const early = await within(first, PREFLIGHT_MS);
    if (early !== undefined && 'error' in early) throw early.error;
    const apiGroup = early?.value;
    // The demo cluster's story spans namespaces: show all of it unless told otherwise.
    const scope = opts.demo && !opts.namespace ? { allNamespaces: true } : opts;
    let namespaces = namespacesFor(scope, conn);
    const store = new AggregateStore({ maxGroups: opts.maxGroups, maxBytes: opts.maxMemory });
    let firstUsed = false;
    const stats = opts.stats === undefined ? undefined : startStats(opts.stats, store);
    const listeners = new Set<(s: SourceStatus) => void>();
    let failure: unknown;
    let synced: () => void;
    let failed: (e: unknown) => void;
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
      onBatch: (changes) => {
        store.apply(changes);
        stats?.live.batch(changes, Date.now());
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

    return {
      store,
      context: demo ? 'kevtui-demo' : conn.contextName,
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
          source = sourceFor(namespaces);
          source.start();
          for (const fn of listeners) fn(source.status);
        });
        rescoping = run.catch(() => {});
        return run;
      },
      status: () => source.status,
      onStatus(fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      start: () => source.start(),
      async listOnce() {
        await source.listOnce();
      },
      whenSynced: () => syncedPromise,
      failure: () => failure,
      async stop() {
        asking.abort();
        await source.stop();
        stats?.stop();
        conn.close(); // a plugin an object lookup still waits for must not outlive the session
        await demo?.close();
      },
    };
  } catch (err) {
    await demo?.close();
    throw err;
  }
}

/** KEVTUI_SLOW_SERVER_MS: after how long without an answer the status says so (tests shorten it). */
function slowServerMs(): number | undefined {
  const v = Number(process.env.KEVTUI_SLOW_SERVER_MS);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}
