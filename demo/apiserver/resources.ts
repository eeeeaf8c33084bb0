// The resources the demo API server serves: one table that routing, discovery, RBAC
// messages and Status texts all read, so a kind is described exactly once.
import type { ObjectResource } from '../types.js';

/** Storage name of a collection: 'events' or one of the object kinds. */
export type StoreResource = 'events' | ObjectResource;

export interface ResourceInfo {
  /** Plural as in URLs. */
  name: string;
  /** Which stored collection backs it (both event groups share 'events'). */
  store: StoreResource;
  group: string; // '' = core
  version: string;
  kind: string;
  singularName: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
}

const READ = ['get', 'list', 'watch'];
const EVENT_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: ResourceInfo[] = [
  { name: 'events', store: 'events', group: '', version: 'v1', kind: 'Event', singularName: 'event', namespaced: true, shortNames: ['ev'], verbs: EVENT_VERBS },
  { name: 'namespaces', store: 'namespaces', group: '', version: 'v1', kind: 'Namespace', singularName: 'namespace', namespaced: false, shortNames: ['ns'], verbs: READ },
  { name: 'nodes', store: 'nodes', group: '', version: 'v1', kind: 'Node', singularName: 'node', namespaced: false, shortNames: ['no'], verbs: READ },
  { name: 'persistentvolumeclaims', store: 'persistentvolumeclaims', group: '', version: 'v1', kind: 'PersistentVolumeClaim', singularName: 'persistentvolumeclaim', namespaced: true, shortNames: ['pvc'], verbs: READ },
  { name: 'pods', store: 'pods', group: '', version: 'v1', kind: 'Pod', singularName: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], verbs: READ },
  { name: 'services', store: 'services', group: '', version: 'v1', kind: 'Service', singularName: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], verbs: READ },
  { name: 'daemonsets', store: 'daemonsets', group: 'apps', version: 'v1', kind: 'DaemonSet', singularName: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], verbs: READ },
  { name: 'deployments', store: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', singularName: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], verbs: READ },
  { name: 'replicasets', store: 'replicasets', group: 'apps', version: 'v1', kind: 'ReplicaSet', singularName: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], verbs: READ },
  { name: 'statefulsets', store: 'statefulsets', group: 'apps', version: 'v1', kind: 'StatefulSet', singularName: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'], verbs: READ },
  { name: 'horizontalpodautoscalers', store: 'horizontalpodautoscalers', group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', singularName: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], verbs: READ },
  { name: 'cronjobs', store: 'cronjobs', group: 'batch', version: 'v1', kind: 'CronJob', singularName: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], verbs: READ },
  { name: 'jobs', store: 'jobs', group: 'batch', version: 'v1', kind: 'Job', singularName: 'job', namespaced: true, categories: ['all'], verbs: READ },
  { name: 'events', store: 'events', group: 'events.k8s.io', version: 'v1', kind: 'Event', singularName: 'event', namespaced: true, shortNames: ['ev'], verbs: EVENT_VERBS },
];

/** Group/versions in the order /apis lists them (core is served under /api). */
export const GROUP_VERSIONS: Array<{ group: string; version: string }> = [
  { group: 'apps', version: 'v1' },
  { group: 'events.k8s.io', version: 'v1' },
  { group: 'autoscaling', version: 'v2' },
  { group: 'batch', version: 'v1' },
];

export function findResource(group: string, version: string, name: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.name === name);
}

/** The resource that stores objects of a collection (its canonical group/version). */
export function infoForStore(store: StoreResource): ResourceInfo {
  return RESOURCES.find((r) => r.store === store)!;
}

export function apiVersionOf(r: ResourceInfo): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** `pods`, `deployments.apps`, `events.events.k8s.io`: how Status messages name a resource. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group === '' ? r.name : `${r.name}.${r.group}`;
}
