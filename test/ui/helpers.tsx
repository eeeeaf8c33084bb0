// Builds a Session by hand for UI tests: a real AggregateStore fed with normalised, realistic
// core/v1 events, a settable source status, and an ObjectAccess backed by a Map of objects.
import { render } from 'ink-testing-library';
import { AggregateStore } from '../../src/store/aggregate.js';
import { normalize } from '../../src/model/normalize.js';
import type { KubeEvent } from '../../src/model/event.js';
import type { SourceStatus } from '../../src/kube/types.js';
import type { FetchedObject, ObjectAccess, ObjectRefLike, Session } from '../../src/session/types.js';
import { App, type AppProps } from '../../src/ui/App.js';
import { stripAnsi } from '../../src/ui/theme.js';

export const T0 = Date.parse('2025-05-01T10:10:00Z');
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

let uidSeq = 0;

export interface RawSpec {
  ns?: string;
  kind?: string;
  name: string;
  objNs?: string;
  reason: string;
  message: string;
  type?: string;
  component?: string;
  host?: string;
  count?: number;
  agoS?: number;
  firstAgoS?: number;
  related?: { kind: string; namespace?: string; name: string };
  fieldPath?: string;
}

/** A core/v1 Event as the API server sends it. */
export function rawEvent(p: RawSpec): Record<string, unknown> {
  const ns = p.ns ?? 'shop';
  const kind = p.kind ?? 'Pod';
  const uid = `uid-${++uidSeq}`;
  const last = T0 - (p.agoS ?? 10) * 1000;
  return {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: { name: `${p.name}.${(0x17c3e5a1b2c3d4e5n + BigInt(uidSeq)).toString(16)}`, namespace: ns, uid, resourceVersion: String(1000 + uidSeq), creationTimestamp: iso(T0 - (p.firstAgoS ?? p.agoS ?? 10) * 1000) },
    involvedObject: {
      kind, namespace: kind === 'Node' ? '' : (p.objNs ?? ns), name: p.name, uid: `obj-${p.name}`,
      apiVersion: kind === 'Pod' || kind === 'Node' ? 'v1' : 'apps/v1', ...(p.fieldPath ? { fieldPath: p.fieldPath } : {}),
    },
    reason: p.reason,
    message: p.message,
    source: { component: p.component ?? 'kubelet', ...(p.host ? { host: p.host } : {}) },
    firstTimestamp: iso(T0 - (p.firstAgoS ?? p.agoS ?? 10) * 1000),
    lastTimestamp: iso(last),
    count: p.count ?? 1,
    type: p.type ?? 'Normal',
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
    ...(p.related ? { related: { apiVersion: 'v1', ...p.related } } : {}),
  };
}

export function kubeEvent(p: RawSpec): KubeEvent {
  return normalize(rawEvent(p), 'core')!;
}

export const POD = 'web-7d9f8c6b5-x2k4q';
export const RS = 'web-7d9f8c6b5';

/** A small incident: a crash-looping pod, its owners, an unready node, scheduling trouble. */
export const SAMPLE: RawSpec[] = [
  { name: POD, reason: 'BackOff', type: 'Warning', host: 'node-a', count: 12, agoS: 10, firstAgoS: 600, fieldPath: 'spec.containers{web}',
    message: `Back-off restarting failed container web in pod ${POD}_shop(c0ffee00-1111-4222-8333-444455556666)` },
  { name: 'api-0', reason: 'Unhealthy', type: 'Warning', host: 'node-b', count: 3, agoS: 20, message: 'Readiness probe failed: 服务不可用 🚨 HTTP probe failed with statuscode: 503' },
  { ns: 'jobs', name: 'batch-job-abcde', reason: 'FailedScheduling', type: 'Warning', component: 'default-scheduler', agoS: 30, count: 7,
    message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.' },
  { name: POD, reason: 'Pulled', host: 'node-a', agoS: 60, message: 'Container image "nginx:1.27" already present on machine' },
  { ns: 'default', kind: 'Node', name: 'node-a', reason: 'NodeNotReady', component: 'node-controller', agoS: 120, message: 'Node node-a status is now: NodeNotReady' },
  { ns: 'jobs', name: 'low-prio-0', reason: 'Preempted', component: 'default-scheduler', agoS: 200, message: 'Preempted by pod jobs/high-prio-0 on node node-b',
    related: { kind: 'Pod', namespace: 'jobs', name: 'high-prio-0' } },
  { kind: 'ReplicaSet', name: RS, reason: 'SuccessfulCreate', component: 'replicaset-controller', agoS: 300, message: `Created pod: ${POD}` },
  { kind: 'Deployment', name: 'web', reason: 'ScalingReplicaSet', component: 'deployment-controller', agoS: 360, message: `Scaled up replica set ${RS} to 3` },
];

const owner = (kind: string, name: string) => ({ apiVersion: 'apps/v1', kind, name, uid: `obj-${name}`, controller: true });

export const OBJECTS: Record<string, unknown>[] = [
  {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: POD, namespace: 'shop', creationTimestamp: iso(T0 - 700_000), ownerReferences: [owner('ReplicaSet', RS)] },
    spec: { nodeName: 'node-a', containers: [{ name: 'web' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'web', ready: false, restartCount: 12, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }],
    },
  },
  {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: RS, namespace: 'shop', creationTimestamp: iso(T0 - 800_000), ownerReferences: [owner('Deployment', 'web')] },
    spec: { replicas: 3 }, status: { replicas: 3, readyReplicas: 2 },
  },
  {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', creationTimestamp: iso(T0 - 900_000) },
    spec: { replicas: 3 },
    status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }] },
  },
  {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: 'node-a', creationTimestamp: iso(T0 - 86_400_000) },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }, { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory' }] },
  },
];

export function objectAccess(objects: Record<string, unknown>[], forbidden: string[] = []): ObjectAccess & { calls: string[] } {
  const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ''}/${name}`;
  const byKey = new Map<string, Record<string, unknown>>();
  for (const o of objects) {
    const m = o.metadata as { name: string; namespace?: string };
    byKey.set(key(String(o.kind), m.namespace, m.name), o);
  }
  const calls: string[] = [];
  const get = async (ref: ObjectRefLike): Promise<FetchedObject> => {
    const k = key(ref.kind, ref.namespace, ref.name);
    calls.push(`get ${k}`);
    if (forbidden.includes(k)) return { ok: false, forbidden: true, message: `${ref.kind.toLowerCase()}s "${ref.name}" is forbidden: User "oncall" cannot get resource` };
    const o = byKey.get(k);
    return o === undefined ? { ok: false, gone: true, message: `${ref.kind.toLowerCase()}s "${ref.name}" not found` } : { ok: true, object: o };
  };
  const refOf = (o: Record<string, unknown>): ObjectRefLike => {
    const m = o.metadata as { name: string; namespace?: string };
    return { apiVersion: String(o.apiVersion), kind: String(o.kind), namespace: m.namespace ?? '', name: m.name };
  };
  return {
    calls,
    get,
    async owners(ref) {
      const out: Array<{ ref: ObjectRefLike; result: FetchedObject }> = [];
      let cur = await get(ref);
      while (cur.ok) {
        const refs = ((cur.object.metadata as { ownerReferences?: Array<{ kind: string; name: string; apiVersion: string }> }).ownerReferences ?? []);
        if (refs.length === 0) break;
        const o = refs[0]!;
        const next: ObjectRefLike = { apiVersion: o.apiVersion, kind: o.kind, namespace: ref.namespace ?? '', name: o.name };
        cur = await get(next);
        out.push({ ref: next, result: cur });
      }
      return out;
    },
    async dependents(ref) {
      const out: ObjectRefLike[] = [];
      const walk = (kind: string, name: string) => {
        for (const o of objects) {
          const m = o.metadata as { name: string; namespace?: string; ownerReferences?: Array<{ kind: string; name: string }> };
          if ((m.namespace ?? '') !== (ref.namespace ?? '')) continue;
          if ((m.ownerReferences ?? []).some((r) => r.kind === kind && r.name === name)) {
            out.push(refOf(o));
            walk(String(o.kind), m.name);
          }
        }
      };
      walk(ref.kind, ref.name);
      return out;
    },
  };
}

export interface TestSession extends Session {
  setStatus(s: Partial<SourceStatus>): void;
  add(...specs: RawSpec[]): void;
}

export function makeSession(opts: { events?: RawSpec[]; objects?: Record<string, unknown>[]; forbidden?: string[]; namespaces?: string[]; store?: AggregateStore } = {}): TestSession {
  const store = opts.store ?? new AggregateStore();
  const listeners = new Set<(s: SourceStatus) => void>();
  let status: SourceStatus = { state: 'watching', apiGroup: 'core', namespaces: opts.namespaces ?? [''], detail: '', malformed: 0, reconnects: 0, relists: 0 };
  const session: TestSession = {
    store,
    context: 'kind-prod',
    cluster: 'prod-eu1',
    namespaces: opts.namespaces ?? [''],
    apiGroup: 'core',
    status: () => status,
    onStatus(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    objects: objectAccess(opts.objects ?? OBJECTS, opts.forbidden ?? ['Pod/jobs/high-prio-0']),
    async stop() {},
    setStatus(s) {
      status = { ...status, ...s };
      for (const l of listeners) l(status);
    },
    add(...specs) {
      store.apply(specs.map((p) => ({ kind: 'upsert' as const, event: kubeEvent(p) })));
    },
  };
  if (opts.store === undefined) session.add(...(opts.events ?? SAMPLE));
  return session;
}

export const tick = () => new Promise<void>((r) => setImmediate(r));
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Harness {
  frame(): string;
  lines(): string[];
  press(...keys: string[]): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  settle(): Promise<void>;
  raw: string[];
  unmount(): void;
  stdout: { frames: string[] };
}

export async function renderApp(session: Session, size: { columns: number; rows: number } = { columns: 80, rows: 24 }, props: Partial<AppProps> = {}): Promise<Harness> {
  const raw: string[] = [];
  const r = render(<App session={session} clock={() => T0} writeRaw={(s) => raw.push(s)} osc52={{ tmux: false, screen: false }} {...props} />);
  const resize = async (columns: number, rows: number) => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
    r.stdout.emit('resize');
    await tick();
    await tick();
  };
  await resize(size.columns, size.rows);
  const frame = () => stripAnsi(r.lastFrame() ?? '');
  return {
    frame,
    lines: () => frame().split('\n'),
    async press(...keys: string[]) {
      for (const k of keys) {
        r.stdin.write(k);
        // Ink parses input on the next tick and React commits a tick later (a lone ESC is held
        // back one more tick to tell it from an escape sequence).
        await tick();
        await tick();
        if (k === '\x1b') await tick();
      }
    },
    resize,
    async settle() {
      await sleep(80);
      await tick();
    },
    raw,
    unmount: () => r.unmount(),
    stdout: r.stdout,
  };
}

export const KEY = {
  up: '\x1b[A', down: '\x1b[B', pgup: '\x1b[5~', pgdn: '\x1b[6~', home: '\x1b[H', end: '\x1b[F',
  enter: '\r', esc: '\x1b', backspace: '\x7f', ctrlZ: '\x1a', ctrlU: '\x15', ctrlD: '\x04', ctrlC: '\x03', ctrlW: '\x17',
};
