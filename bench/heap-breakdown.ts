// Where the heap (and the typed arrays outside it) goes at G groups: one process lists N demo events through the real source into
// the store, then drops one kind of retained data at a time and reports the heap after a full GC.
// Run: npm run build && node --expose-gc --import tsx bench/heap-breakdown.ts   (env: EVENTS=137000)
import { newContext, demoServer, MiB } from './harness.js';
import { loadKubeconfig } from '../src/kube/config.js';
import { EventSource } from '../src/kube/source.js';
import { AggregateStore } from '../src/store/aggregate.js';
import { EventView } from '../src/store/view.js';
import type { SourceChange } from '../src/kube/types.js';
import { liveHeap } from './stats.js';

const heap = liveHeap;
heap(); // without --expose-gc: say so before starting a server
const strip = (c: SourceChange): SourceChange => {
  if (c.kind === 'synced') return c;
  const e = c.event;
  const o = { ...e.object };
  return { kind: c.kind, event: { uid: e.uid, namespace: e.namespace, name: e.name, resourceVersion: e.resourceVersion, object: o, related: e.related, reason: e.reason, message: e.message, type: e.type, component: e.component, instance: e.instance, action: e.action, count: e.count, firstSeen: e.firstSeen, lastSeen: e.lastSeen, apiGroup: e.apiGroup, cluster: e.cluster, raw: {}, rawBytes: 0 } };
};
const N = Number(process.env.EVENTS ?? 137_000);
const ctx = newContext(false);
const server = await demoServer(ctx, { rate: 0, events: N });
try {
  const base = heap();
  const conn = loadKubeconfig({ kubeconfig: server.kubeconfig });
  const store = new AggregateStore({ maxGroups: 10 * N, keepRaw: process.env.KEEP_RAW === "1" });
  const src = new EventSource({
    connection: conn, namespaces: [''], apiGroup: 'core',
    onBatch: (c) => store.apply(process.env.STRIP ? c.map(strip) : c), onStatus: () => {}, onError: (e) => console.error(e),
  } as ConstructorParameters<typeof EventSource>[0]);
  await src.listOnce();
  await src.stop();
  conn.close();
  const t = store.totals();
  const afterStore = heap();
  console.log(`${t.groups} groups, ${t.liveEvents} live events; store estimate ${MiB(t.bytes)} MiB`);
  console.log(`heap: empty ${MiB(base)} MiB, store ${MiB(afterStore - base)} MiB (${Math.round((afterStore - base) / t.groups)} B/group)`);
  if (process.env.SNAP) (await import('node:v8')).writeHeapSnapshot(process.env.SNAP + '-store.heapsnapshot');
  const view = new EventView(store);
  view.compute({ query: '', warningsOnly: false, sort: 'triage' }, Date.now());
  const afterView = heap();
  if (process.env.SNAP) (await import('node:v8')).writeHeapSnapshot(process.env.SNAP + '-view.heapsnapshot');
  console.log(`view (triage, no query): +${MiB(afterView - afterStore)} MiB`);
  view.compute({ query: 'backoff pod', warningsOnly: false, sort: 'triage' }, Date.now());
  const afterQuery = heap();
  console.log(`a fuzzy query (haystacks, prepared texts): +${MiB(afterQuery - afterView)} MiB`);
  if (process.env.SNAP) (await import('node:v8')).writeHeapSnapshot(process.env.SNAP + '-query.heapsnapshot');
  // The raw objects: each group's latest replaced by its normalised fields alone.
  for (const g of store.groups()) {
    const e = g.latest;
    (g as { latest: unknown }).latest = {
      uid: e.uid, namespace: e.namespace, name: e.name, resourceVersion: e.resourceVersion, object: e.object, related: e.related,
      reason: e.reason, message: e.message, type: e.type, component: e.component, instance: e.instance, action: e.action,
      count: e.count, firstSeen: e.firstSeen, lastSeen: e.lastSeen, apiGroup: e.apiGroup, cluster: e.cluster, raw: {},
    };
  }
  view.compute({ query: 'backoff pods', warningsOnly: false, sort: 'triage' }, Date.now());
  const noRaw = heap();
  console.log(`without the raw objects: -${MiB(afterQuery - noRaw)} MiB (${Math.round((afterQuery - noRaw) / t.groups)} B/group)`);
  const v2 = view as unknown as Record<string, unknown>;
  for (const k of Object.keys(v2)) v2[k] = undefined;
  const noView = heap();
  console.log(`without the view: -${MiB(noRaw - noView)} MiB; store alone ${MiB(noView - base)} MiB`);
} finally {
  await server.stop();
}
