// The kinds kevtui knows how to fetch without discovery: kind ⇄ group/version/plural, with
// kubectl's short names, so `--for deploy/web` and "jump to owner" need no extra request.
export interface KindInfo {
  kind: string;
  group: string; // '' = core
  version: string;
  plural: string;
  namespaced: boolean;
  shortNames: readonly string[];
}

const k = (kind: string, group: string, version: string, plural: string, namespaced: boolean, ...shortNames: string[]): KindInfo => ({ kind, group, version, plural, namespaced, shortNames });

export const KNOWN_KINDS: readonly KindInfo[] = [
  k('Pod', '', 'v1', 'pods', true, 'po'),
  k('Node', '', 'v1', 'nodes', false, 'no'),
  k('Namespace', '', 'v1', 'namespaces', false, 'ns'),
  k('Service', '', 'v1', 'services', true, 'svc'),
  k('Endpoints', '', 'v1', 'endpoints', true, 'ep'),
  k('ConfigMap', '', 'v1', 'configmaps', true, 'cm'),
  k('Secret', '', 'v1', 'secrets', true),
  k('ServiceAccount', '', 'v1', 'serviceaccounts', true, 'sa'),
  k('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', true, 'pvc'),
  k('PersistentVolume', '', 'v1', 'persistentvolumes', false, 'pv'),
  k('ReplicationController', '', 'v1', 'replicationcontrollers', true, 'rc'),
  k('Event', '', 'v1', 'events', true, 'ev'),
  k('Event', 'events.k8s.io', 'v1', 'events', true),
  k('Deployment', 'apps', 'v1', 'deployments', true, 'deploy'),
  k('ReplicaSet', 'apps', 'v1', 'replicasets', true, 'rs'),
  k('StatefulSet', 'apps', 'v1', 'statefulsets', true, 'sts'),
  k('DaemonSet', 'apps', 'v1', 'daemonsets', true, 'ds'),
  k('ControllerRevision', 'apps', 'v1', 'controllerrevisions', true),
  k('Job', 'batch', 'v1', 'jobs', true),
  k('CronJob', 'batch', 'v1', 'cronjobs', true, 'cj'),
  k('HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', true, 'hpa'),
  k('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', true, 'pdb'),
  k('Ingress', 'networking.k8s.io', 'v1', 'ingresses', true, 'ing'),
  k('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', true, 'netpol'),
  k('StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', false, 'sc'),
  k('Lease', 'coordination.k8s.io', 'v1', 'leases', true),
  k('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', true),
];

/** Splits `apps/v1` → {group:'apps', version:'v1'}, `v1` → core. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * A kind as a user or an event spells it: `Pod`, `pod`, `pods`, `po`, `deployment.apps`,
 * `deployments.apps`. With apiVersion, the group must match too.
 */
export function findKind(text: string, apiVersion?: string): KindInfo | undefined {
  let name = text.trim();
  let group: string | undefined = apiVersion !== undefined && apiVersion !== '' ? splitApiVersion(apiVersion).group : undefined;
  const dot = name.indexOf('.');
  if (dot !== -1) {
    group = name.slice(dot + 1).toLowerCase();
    name = name.slice(0, dot);
  }
  const lower = name.toLowerCase();
  return KNOWN_KINDS.find(
    (x) => (group === undefined || x.group === group) && (x.kind.toLowerCase() === lower || x.plural === lower || x.shortNames.includes(lower)),
  );
}

/** The Kind as events name it (`Pod` for `po`); unknown kinds keep their spelling, first letter capitalised. */
export function canonicalKind(text: string): string {
  const known = findKind(text);
  if (known) return known.kind;
  const name = text.split('.')[0] ?? text;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
