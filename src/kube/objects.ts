// GET-only access to the objects events talk about, for the UI's jumps: the object itself, its
// owner chain (Pod → ReplicaSet → Deployment), its dependents (Deployment → ReplicaSets → Pods),
// and a pod's node. Answers are data: a 404 is `{gone: true}`, a 403 `{forbidden: message}`.
import type { ClusterConnection } from './config.js';
import { discoverKind } from './discovery.js';
import { ApiStatusError, KubeError } from './errors.js';
import { getJson } from './http.js';
import { findKind, type KindInfo } from './kinds.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; ownerReferences?: OwnerReference[]; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ObjectQuery {
  apiVersion?: string;
  kind: string;
  /** '' or absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

export type ObjectResult = { object: KubeObject } | { gone: true } | { forbidden: string } | { error: string };
export type ObjectsResult = { objects: KubeObject[] } | { forbidden: string } | { error: string };

export interface LookupOptions {
  signal?: AbortSignal;
}

/** Table first (no request), then the server's discovery for anything else (CRDs). */
export async function resolveKind(conn: ClusterConnection, kind: string, apiVersion?: string, opts: LookupOptions = {}): Promise<KindInfo | undefined> {
  const known = findKind(kind, apiVersion);
  if (known) return known;
  if (!apiVersion) return undefined;
  return discoverKind(conn, kind, apiVersion, opts.signal);
}

export function resourcePath(info: KindInfo, namespace: string | undefined, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}

export async function getObject(conn: ClusterConnection, ref: ObjectQuery, opts: LookupOptions = {}): Promise<ObjectResult> {
  try {
    const info = await resolveKind(conn, ref.kind, ref.apiVersion, opts);
    if (!info) return { error: `unknown kind ${ref.kind}${ref.apiVersion ? ` (${ref.apiVersion})` : ''}` };
    const object = await getJson<KubeObject>(conn, resourcePath(info, ref.namespace, ref.name), { signal: opts.signal });
    return { object };
  } catch (e) {
    return failure(e);
  }
}

/** The owner chain, nearest first: each step follows the controller reference (else the first). */
export async function owners(conn: ClusterConnection, obj: KubeObject, opts: LookupOptions = {}): Promise<Array<{ ref: OwnerReference; result: ObjectResult }>> {
  const chain: Array<{ ref: OwnerReference; result: ObjectResult }> = [];
  const visited = new Set<string>();
  let cur: KubeObject | undefined = obj;
  while (cur && chain.length < 10) {
    const refs: OwnerReference[] = cur.metadata.ownerReferences ?? [];
    const ref = refs.find((r) => r.controller) ?? refs[0];
    if (!ref || visited.has(ref.uid)) break;
    visited.add(ref.uid);
    // Owners live in the same namespace (or are cluster-scoped; the path builder drops the namespace then).
    const result = await getObject(conn, { apiVersion: ref.apiVersion, kind: ref.kind, namespace: cur.metadata.namespace, name: ref.name }, opts);
    chain.push({ ref, result });
    cur = 'object' in result ? result.object : undefined;
  }
  return chain;
}

/** What each kind usually owns, walked down one level at a time. */
const CHILD_KINDS: Record<string, string[]> = {
  Deployment: ['ReplicaSet'],
  ReplicaSet: ['Pod'],
  StatefulSet: ['Pod'],
  DaemonSet: ['Pod'],
  ReplicationController: ['Pod'],
  Job: ['Pod'],
  CronJob: ['Job'],
};

/** Objects owned (transitively) by `obj` in its namespace: Deployment → its ReplicaSets → their Pods. */
export async function dependents(conn: ClusterConnection, obj: KubeObject, opts: LookupOptions = {}): Promise<ObjectsResult> {
  const ns = obj.metadata.namespace ?? '';
  const out: KubeObject[] = [];
  let level: KubeObject[] = [obj];
  try {
    for (let depth = 0; depth < 4 && level.length > 0; depth++) {
      const next: KubeObject[] = [];
      const kinds = new Set(level.flatMap((o) => CHILD_KINDS[o.kind ?? ''] ?? (depth === 0 ? ['Pod'] : [])));
      for (const kind of kinds) {
        const info = findKind(kind)!;
        const uids = new Set(level.map((o) => o.metadata.uid).filter((u): u is string => !!u));
        for (const child of await listAll(conn, resourcePath(info, ns), opts)) {
          if (child.metadata.ownerReferences?.some((r) => uids.has(r.uid))) {
            child.kind ??= info.kind;
            child.apiVersion ??= info.group ? `${info.group}/${info.version}` : info.version;
            next.push(child);
          }
        }
      }
      out.push(...next);
      level = next;
    }
    return { objects: out };
  } catch (e) {
    const f = failure(e);
    return 'gone' in f ? { objects: out } : (f as ObjectsResult);
  }
}

/** The Node a Pod runs on (spec.nodeName), or undefined when it is not scheduled. */
export async function nodeOf(conn: ClusterConnection, pod: KubeObject, opts: LookupOptions = {}): Promise<ObjectResult | undefined> {
  const spec = pod.spec as { nodeName?: unknown } | undefined;
  const nodeName = typeof spec?.nodeName === 'string' ? spec.nodeName : '';
  if (!nodeName) return undefined;
  return getObject(conn, { apiVersion: 'v1', kind: 'Node', name: nodeName }, opts);
}

async function listAll(conn: ClusterConnection, path: string, opts: LookupOptions): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let cont: string | undefined;
  do {
    const q = new URLSearchParams({ limit: '500' });
    if (cont) q.set('continue', cont);
    const page = await getJson<{ items?: KubeObject[]; metadata?: { continue?: string } }>(conn, `${path}?${q}`, { signal: opts.signal });
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

function failure(e: unknown): ObjectResult {
  if (e instanceof ApiStatusError) {
    if (e.code === 404) return { gone: true };
    if (e.code === 403) return { forbidden: e.message };
    return { error: `${e.code} ${e.reason}: ${e.message}`.replace(/ :/, ':') };
  }
  if (e instanceof KubeError) return { error: e.message };
  return { error: e instanceof Error ? e.message : String(e) };
}
