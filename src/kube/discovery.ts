// Which events API to watch (events.k8s.io/v1 when the server offers it, for --api auto), and
// resource lookups for kinds kube/kinds.ts does not know (CRDs), from the server's discovery.
import type { ApiGroup } from '../model/event.js';
import type { ClusterConnection } from './config.js';
import { ApiStatusError, toKubeError } from './errors.js';
import { getJson } from './http.js';
import { splitApiVersion, type KindInfo } from './kinds.js';

interface ApiResourceList {
  groupVersion?: string;
  resources?: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[]; shortNames?: string[] }>;
}

/** --api auto|core|events → the API group to watch. Throws KubeError when the server cannot be asked. */
export async function resolveApiGroup(conn: ClusterConnection, choice: 'auto' | 'core' | 'events', signal?: AbortSignal): Promise<ApiGroup> {
  if (choice !== 'auto') return choice;
  return (await offersEventsV1(conn, signal)) ? 'events' : 'core';
}

/** Does the server serve list+watch on events.k8s.io/v1 events? */
export async function offersEventsV1(conn: ClusterConnection, signal?: AbortSignal): Promise<boolean> {
  try {
    const list = await getJson<ApiResourceList>(conn, '/apis/events.k8s.io/v1', { signal });
    const ev = list.resources?.find((r) => r.name === 'events');
    return !!ev && (!ev.verbs || (ev.verbs.includes('list') && ev.verbs.includes('watch')));
  } catch (e) {
    // Not served (404) or discovery refused: core/v1 events always exist.
    if (e instanceof ApiStatusError && (e.code === 404 || e.code === 403)) return false;
    if (e instanceof ApiStatusError && e.code >= 500) return false;
    throw e instanceof ApiStatusError ? toKubeError(e) : e;
  }
}

const cache = new WeakMap<ClusterConnection, Map<string, Promise<ApiResourceList | undefined>>>();

/** The resource serving `kind` in `apiVersion`, from discovery (cached per connection). */
export async function discoverKind(conn: ClusterConnection, kind: string, apiVersion: string, signal?: AbortSignal): Promise<KindInfo | undefined> {
  const { group, version } = splitApiVersion(apiVersion);
  if (!version) return undefined;
  const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
  let perConn = cache.get(conn);
  if (!perConn) cache.set(conn, (perConn = new Map()));
  let p = perConn.get(path);
  if (!p) {
    p = getJson<ApiResourceList>(conn, path, { signal }).catch((e) => {
      perConn!.delete(path);
      if (e instanceof ApiStatusError && e.code === 404) return undefined;
      throw e;
    });
    perConn.set(path, p);
  }
  const list = await p;
  const r = list?.resources?.find((x) => x.kind === kind && !x.name.includes('/'));
  return r ? { kind: r.kind, group, version, plural: r.name, namespaced: r.namespaced, shortNames: r.shortNames ?? [] } : undefined;
}
