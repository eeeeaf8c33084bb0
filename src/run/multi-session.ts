// Several kubeconfig contexts in one view (--context a,b,c, --all-contexts, :ctx +NAME): one
// single-cluster session per context, all feeding one store with their events tagged by context,
// and one Session over them. Each cluster keeps its own connection, source and retries, so one
// that is unreachable, forbidden or hung only shows in its own status.
import { wantedContexts } from '../kube/kubeconfig.js';
import { KubeError } from '../kube/errors.js';
import type { SourceStatus } from '../kube/types.js';
import { shortClusterNames } from '../model/cluster-names.js';
import { sanitize } from '../model/sanitize.js';
import type { Options } from '../options.js';
import { AggregateStore } from '../store/aggregate.js';
import type { ClusterState, ObjectAccess, OpenedSession } from '../session/types.js';
import { handOver, openAnswering, openSession, type SessionHooks } from './session.js';
import { startStats } from './stats-out.js';
import { Recorder } from '../record/writer.js';

/**
 * How long --plain and --once wait for the slowest clusters once one has listed its events: a
 * silent server must not hold back the others' output. KEVTUI_CLUSTER_WAIT_MS shortens it in tests.
 */
const CLUSTER_WAIT_MS = 10_000;

interface Member {
  readonly name: string;
  /** Unset when the context could not even be opened (a kubeconfig problem): `status` says why. */
  session?: OpenedSession;
  status: SourceStatus;
  off?: () => void;
}

const failed = (s: SourceStatus) => s.state === 'error' || s.state === 'forbidden';

function errorStatus(err: unknown, namespaces: string[] = []): SourceStatus {
  const detail = sanitize(err instanceof Error ? err.message : String(err));
  const forbidden = err instanceof KubeError && err.code === 'forbidden';
  return { state: forbidden ? 'forbidden' : 'error', apiGroup: 'core', namespaces, detail, malformed: 0, reconnects: 0, relists: 0 };
}

/** `a ● b ● c ✗ forbidden`, or when many `19 watching · 1 failing: c (forbidden)`: plain text. */
export function clustersSummary(clusters: readonly ClusterState[]): string {
  const counts = new Map<string, number>();
  for (const c of clusters) counts.set(c.status.state, (counts.get(c.status.state) ?? 0) + 1);
  const bad = clusters.filter((c) => failed(c.status));
  const parts = [...counts].filter(([state]) => state !== 'error' && state !== 'forbidden').map(([state, n]) => `${n} ${state}`);
  if (bad.length > 0) parts.push(`${bad.length} failing: ${bad.map((c) => `${c.label} (${c.status.state === 'forbidden' ? 'forbidden' : c.status.detail})`).join(', ')}`);
  return parts.join(' · ');
}

export async function openMultiSession(opts: Options, hooks: SessionHooks = {}): Promise<OpenedSession> {
  const { known, wanted } = wantedContexts(opts);

  // The default group cap is per cluster (20 clusters of 5,000 events make 76,000 groups); the
  // byte budget (--max-memory) stays the whole view's, so memory is bounded either way.
  const maxGroups = opts.maxGroupsChosen === true ? opts.maxGroups : opts.maxGroups * Math.max(1, wanted.length);
  const store = new AggregateStore({ maxGroups, maxBytes: opts.maxMemory, keepRaw: false });
  const stats = opts.stats === undefined ? undefined : startStats(opts.stats, store);
  // One --record file for every cluster (each line names its context); the members share it.
  const recorder = (hooks.recorder ?? (opts.record !== undefined ? new Recorder(opts.record, { maxBytes: opts.recordMax }) : undefined))?.retain();
  // The scope the user chose (-A, -n, :ns); unset: each context watches its own namespace.
  let chosen: string[] | undefined = hooks.namespaces !== undefined ? [...hooks.namespaces] : opts.allNamespaces ? [''] : opts.namespace !== undefined ? [opts.namespace] : undefined;
  let members: Member[] = [];
  let labels = new Map<string, string>();
  let running: 'no' | 'watch' = 'no';
  let hold: (() => Promise<void> | undefined) | undefined;
  let stopping: Promise<void> | undefined;
  const listeners = new Set<(s: SourceStatus) => void>();
  const switches = new Set<AbortController>();

  const publish = () => {
    const s = combined();
    stats?.status(s.state);
    for (const fn of listeners) fn(s);
  };
  const relabel = () => {
    labels = shortClusterNames(members.map((m) => m.name));
  };
  const open = async (name: string): Promise<Member> => {
    const m: Member = { name, status: { state: 'connecting', apiGroup: 'core', namespaces: chosen ?? [], detail: 'connecting', malformed: 0, reconnects: 0, relists: 0 } };
    try {
      const session = await openSession({ ...opts, context: name, contexts: undefined, allContexts: false, stats: undefined }, {
        member: { store, cluster: name, ...(stats !== undefined ? { onBatch: (changes) => stats.live.batch(changes, Date.now()) } : {}) },
        ...(recorder !== undefined ? { recorder } : {}),
        ...(chosen !== undefined ? { namespaces: chosen } : {}),
        preflightMs: 0, // the source says how the server is doing; start-up waits for no one
      });
      m.session = session;
      session.holdReading?.(() => hold?.());
      m.status = session.status();
      m.off = session.onStatus((s) => {
        m.status = s;
        publish();
      });
    } catch (err) {
      m.status = errorStatus(err, chosen);
    }
    return m;
  };

  const clusters = (): ClusterState[] => members.map((m) => ({ name: m.name, label: labels.get(m.name) ?? m.name, status: m.status }));

  /** One status for old callers: failing only when every cluster fails; else the one still on its way, or watching. */
  function combined(): SourceStatus {
    if (members.length === 1) return members[0]!.status;
    const all = members.map((m) => m.status);
    const pending = all.find((s) => !failed(s) && s.state !== 'watching' && s.state !== 'stopped');
    const base = all.every(failed) ? all[0]! : pending ?? all.find((s) => s.state === 'watching') ?? all[0]!;
    const sum = (k: 'malformed' | 'reconnects' | 'relists') => all.reduce((n, s) => n + s[k], 0);
    return { ...base, namespaces: [...namespacesNow()], detail: clustersSummary(clusters()), malformed: sum('malformed'), reconnects: sum('reconnects'), relists: sum('relists') };
  }

  function namespacesNow(): readonly string[] {
    if (chosen !== undefined) return chosen;
    const all = new Set<string>();
    for (const m of members) for (const ns of m.session?.namespaces ?? []) all.add(ns);
    return all.has('') ? [''] : [...all];
  }

  const stopMember = async (m: Member) => {
    m.off?.();
    await m.session?.stop().catch(() => {});
  };

  const stop = () =>
    (stopping ??= (async () => {
      for (const c of switches) c.abort();
      await Promise.all(members.map(stopMember));
      stats?.stop();
      recorder?.release();
    })());

  /** Settles once every cluster watches or failed, or one watches and the others had CLUSTER_WAIT_MS. */
  function settled(): Promise<void> {
    return new Promise((resolve, reject) => {
      const since = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        const broken = members.find((m) => m.session?.failure() !== undefined);
        if (broken !== undefined) return done(broken.session!.failure());
        const all = members.map((m) => m.status);
        const any = all.some((s) => s.state === 'watching');
        if (all.every((s) => s.state === 'watching' || failed(s))) return any ? done() : done(new KubeError(all[0]!.state === 'forbidden' ? 'forbidden' : 'server', `no cluster could be watched: ${clustersSummary(clusters())}`));
        if (any && Date.now() - since >= clusterWaitMs()) done();
      };
      const done = (err?: unknown) => {
        clearInterval(timer);
        listeners.delete(check);
        if (err !== undefined) reject(err);
        else resolve();
      };
      listeners.add(check);
      timer = setInterval(check, 250);
      check();
    });
  }

  members = await Promise.all(wanted.map(open));
  relabel();

  const session: OpenedSession = {
    store,
    get context() {
      return members.map((m) => m.name).join(',');
    },
    get cluster() {
      return `${members.length} cluster${members.length === 1 ? '' : 's'}`;
    },
    get namespaces() {
      return namespacesNow();
    },
    get apiGroup() {
      return (members.find((m) => m.session !== undefined)?.session?.apiGroup) ?? 'core';
    },
    get objects() {
      return session.objectsFor!(members[0]?.name ?? '');
    },
    objectsFor(cluster) {
      return members.find((m) => m.name === cluster)?.session?.objects ?? unreachable(cluster);
    },
    clusters,
    stats: stats?.live,
    contexts: known,
    async namespaceNames() {
      const lists = await Promise.allSettled(members.map((m) => m.session?.namespaceNames?.() ?? Promise.resolve([])));
      const names = new Set<string>();
      for (const l of lists) if (l.status === 'fulfilled') for (const n of l.value) names.add(n);
      if (names.size === 0 && lists.every((l) => l.status === 'rejected')) throw (lists[0] as PromiseRejectedResult).reason;
      return [...names];
    },
    async rescope(next) {
      chosen = [...next];
      await Promise.all(members.map((m) => m.session?.rescope?.(next)));
      publish();
    },
    status: combined,
    onStatus(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    holdReading(gate) {
      hold = gate;
    },
    start() {
      running = 'watch';
      for (const m of members) m.session?.start();
      publish();
    },
    async listOnce() {
      // Every cluster lists at once; the slow ones get CLUSTER_WAIT_MS after the first is done.
      let firstDone: () => void = () => {};
      const one = new Promise<void>((r) => (firstDone = r));
      const gaveUp = new Set<Member>();
      const runs = members.map(async (m) => {
        if (m.session === undefined) return;
        try {
          await m.session.listOnce();
          if (gaveUp.has(m)) return;
          m.status = { ...m.session.status(), state: 'watching', detail: 'listed' };
          firstDone();
        } catch (err) {
          if (!gaveUp.has(m)) m.status = errorStatus(err, m.session.namespaces.slice());
        }
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(runs), one.then(() => new Promise<void>((r) => (timer = setTimeout(r, clusterWaitMs()))))]);
      clearTimeout(timer);
      for (const m of members) {
        if (m.status.state === 'watching' || failed(m.status)) continue;
        const last = m.status.detail;
        gaveUp.add(m);
        await stopMember(m);
        m.status = errorStatus(new KubeError('unreachable', `no complete list in ${Math.round(clusterWaitMs() / 1000)} s${last ? ` (${last})` : ''}`), chosen);
      }
      const broken = members.find((m) => m.session?.failure() !== undefined);
      if (broken !== undefined) throw broken.session!.failure();
      if (!members.some((m) => m.status.state === 'watching')) {
        throw new KubeError(members.every((m) => m.status.state === 'forbidden') ? 'forbidden' : 'server', `no cluster could be listed: ${clustersSummary(clusters())}`);
      }
    },
    whenSynced: settled,
    failure: () => members.find((m) => m.session?.failure() !== undefined)?.session?.failure(),
    async changeContexts(change) {
      if (stopping !== undefined) throw new KubeError('server', 'this session is stopped');
      if ('add' in change) {
        const name = change.add;
        if (!known.includes(name)) throw new KubeError('unknown-context', `context "${name}" not found in the kubeconfig (contexts: ${known.join(', ')})`);
        if (members.some((m) => m.name === name)) throw new KubeError('server', `already watching context ${name}`);
        const m = await open(name);
        if (stopping !== undefined) {
          await stopMember(m);
          throw new KubeError('server', 'this session is stopped');
        }
        members = [...members, m];
        relabel();
        if (running === 'watch') m.session?.start();
        publish();
        return session;
      }
      const m = members.find((x) => x.name === change.remove);
      if (m === undefined) throw new KubeError('unknown-context', `not watching context ${change.remove} (watching: ${members.map((x) => x.name).join(', ')})`);
      if (members.length === 1) throw new KubeError('server', `context ${m.name} is the only one watched (:ctx NAME switches)`);
      members = members.filter((x) => x !== m);
      relabel();
      await stopMember(m);
      // Its rows leave the view: the cluster is no longer watched, which is not expiry.
      store.forgetCluster(m.name);
      publish();
      return session;
    },
    async switchContext(name) {
      // `:ctx NAME` with several clusters: that cluster alone, as with one (it must answer first).
      if (stopping !== undefined) throw new KubeError('server', 'this session is stopped');
      const next = await openAnswering({ ...opts, context: name, contexts: undefined, allContexts: false }, {
        onSwitch: hooks.onSwitch,
        ...(chosen !== undefined ? { namespaces: chosen } : {}),
        ...(recorder !== undefined ? { recorder } : {}),
      }, switches);
      return handOver(next, listeners, stop, hooks);
    },
    stop,
  };
  return session;
}

/** Object access for a cluster that is not (or no longer) watched: every lookup says so. */
function unreachable(cluster: string): ObjectAccess {
  const message = `context ${cluster} is not watched`;
  return {
    get: async () => ({ ok: false, error: true, message }),
    owners: async () => [],
    dependents: async () => [],
  };
}

function clusterWaitMs(): number {
  const v = Number(process.env.KEVTUI_CLUSTER_WAIT_MS);
  return Number.isFinite(v) && v > 0 ? v : CLUSTER_WAIT_MS;
}
