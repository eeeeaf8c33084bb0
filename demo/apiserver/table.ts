// Server-side Tables (meta.k8s.io Table) as kube-apiserver's printers build them
// (pkg/printers/internalversion/printers.go, always "wide" on the server): kubectl asks for them
// and prints exactly these columns; without them it only shows NAME and AGE.
import type { CoreEvent, KubeObject } from '../types.js';
import { shapeMeta } from './convert.js';
import type { StoreResource } from './resources.js';
import { since } from './time.js';

export interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const col = (name: string, description = '', priority = 0, type = 'string', format = ''): Column => ({ name, type, format, description, priority });
const nameCol = () => col('Name', NAME_DOC, 0, 'string', 'name');
const ageCol = () => col('Age', AGE_DOC, 0, 'string');

const EVENT_COLUMNS: Column[] = [
  col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
  col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
  col('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
  col('Object', 'The object that this event is about.'),
  col(
    'Subobject',
    'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
    1,
  ),
  col('Source', 'The component reporting this event. Should be a short machine understandable string.', 1),
  col('Message', 'A human-readable description of the status of this operation.'),
  col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
  col('Count', 'The number of times this event has occurred.', 1),
  col('Name', NAME_DOC, 1, 'string', 'name'),
];

/** printEvent, wide: Last Seen, Type, Reason, Object, Subobject, Source, Message, First Seen, Count, Name. */
function eventCells(ev: CoreEvent, now: number): unknown[] {
  const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = since(ev.series.lastObservedTime, now);
    count = ev.series.count;
  } else if (count === 0) {
    count = 1; // singleton events have no count in the new API
  }
  const io = ev.involvedObject ?? {};
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  const source = instance ? `${component}, ${instance}` : component;
  return [last, ev.type ?? '', ev.reason ?? '', target, io.fieldPath ?? '', source, (ev.message ?? '').trim(), first, count, ev.metadata.name];
}

// ---- the other kinds: the columns kubectl users know, computed from what the demo stores ----

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const age = (o: KubeObject, now: number) => since(o.metadata.creationTimestamp, now);
const orNone = (v: unknown) => (v === undefined || v === null || v === '' ? '<none>' : String(v));

function podStatus(o: Obj): { ready: string; status: string; restarts: string } {
  const containers: Obj[] = o.spec?.containers ?? [];
  const statuses: Obj[] = o.status?.containerStatuses ?? [];
  let reason: string = o.status?.reason || o.status?.phase || 'Unknown';
  let restarts = 0;
  let ready = 0;
  for (const cs of statuses) {
    restarts += cs.restartCount ?? 0;
    if (cs.ready && cs.state?.running) ready++;
    const waiting = cs.state?.waiting?.reason;
    const terminated = cs.state?.terminated;
    if (waiting && waiting !== 'ContainerCreating') reason = waiting;
    else if (waiting && reason === 'Pending') reason = waiting;
    else if (terminated) reason = terminated.reason || (terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`);
  }
  if (o.metadata?.deletionTimestamp) reason = 'Terminating';
  return { ready: `${ready}/${containers.length || statuses.length}`, status: reason, restarts: String(restarts) };
}

const selectorString = (sel: Obj | undefined) =>
  sel ? Object.entries((sel.matchLabels ?? sel) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',') || '<none>' : '<none>';
const images = (o: Obj) => ((o.spec?.template?.spec?.containers ?? []) as Obj[]);

interface Printer {
  columns: Column[];
  cells(o: Obj, now: number): unknown[];
}

const PRINTERS: Partial<Record<StoreResource, Printer>> = {
  namespaces: {
    columns: [nameCol(), col('Status', 'The status of the namespace'), ageCol()],
    cells: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o as KubeObject, now)],
  },
  nodes: {
    columns: [nameCol(), col('Status', 'The status of the node'), col('Roles', 'The roles of the node'), ageCol(), col('Version', 'Kubelet Version reported by the node.'), col('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1), col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1), col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1)],
    cells: (o, now) => {
      const ready = (o.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
      let st = ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown';
      if (o.spec?.unschedulable) st += ',SchedulingDisabled';
      const roles = Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).join(',') || '<none>';
      const ip = (o.status?.addresses ?? []).find((a: Obj) => a.type === 'InternalIP')?.address;
      const info = o.status?.nodeInfo ?? {};
      return [o.metadata.name, st, roles, age(o as KubeObject, now), info.kubeletVersion ?? '', orNone(ip), orNone(info.osImage), orNone(info.containerRuntimeVersion)];
    },
  },
  pods: {
    columns: [nameCol(), col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 'The aggregate status of the containers in this pod.'), col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'), ageCol(), col('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1), col('Node', "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.", 1), col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1), col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1)],
    cells: (o, now) => {
      const p = podStatus(o);
      return [o.metadata.name, p.ready, p.status, p.restarts, age(o as KubeObject, now), orNone(o.status?.podIP), orNone(o.spec?.nodeName), orNone(o.status?.nominatedNodeName), '<none>'];
    },
  },
  services: {
    columns: [nameCol(), col('Type', 'The type of the service.'), col('Cluster-IP', 'The IP address of the service.'), col('External-IP', 'The external IP address of the service.'), col('Port(s)', 'The ports of the service.'), ageCol(), col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', 1)],
    cells: (o, now) => {
      const ports = ((o.spec?.ports ?? []) as Obj[]).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
      return [o.metadata.name, o.spec?.type ?? 'ClusterIP', orNone(o.spec?.clusterIP), '<none>', ports, age(o as KubeObject, now), selectorString(o.spec?.selector)];
    },
  },
  persistentvolumeclaims: {
    columns: [nameCol(), col('Status', 'The status of the persistent volume claim.'), col('Volume', 'The persistent volume bound to this claim.'), col('Capacity', 'The capacity of the volume.'), col('Access Modes', 'The access modes of the volume.'), col('StorageClass', 'The storage class of the claim.'), col('VolumeAttributesClass', 'The volume attributes class of the claim.'), ageCol(), col('VolumeMode', 'The volume mode of the claim.', 1)],
    cells: (o, now) => {
      const modes = ((o.status?.accessModes ?? o.spec?.accessModes ?? []) as string[]).map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m).join(',');
      const bound = o.status?.phase === 'Bound';
      return [o.metadata.name, o.status?.phase ?? 'Pending', o.spec?.volumeName ?? '', bound ? (o.status?.capacity?.storage ?? '') : '', bound ? modes : '', o.spec?.storageClassName ?? '<unset>', '<unset>', age(o as KubeObject, now), o.spec?.volumeMode ?? 'Filesystem'];
    },
  },
  deployments: {
    columns: [nameCol(), col('Ready', 'Number of the pod with ready state'), col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'), col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'), ageCol(), col('Containers', 'Names of each container in the template.', 1), col('Images', 'Images referenced by each container in the template.', 1), col('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1)],
    cells: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, o.status?.updatedReplicas ?? 0, o.status?.availableReplicas ?? 0, age(o as KubeObject, now), images(o).map((c) => c.name).join(','), images(o).map((c) => c.image).join(','), selectorString(o.spec?.selector)],
  },
  replicasets: {
    columns: [nameCol(), col('Desired', 'Number of desired pods.'), col('Current', 'Number of actual replicas.'), col('Ready', 'The number of ready replicas for this replica set.'), ageCol(), col('Containers', 'Names of each container in the template.', 1), col('Images', 'Images referenced by each container in the template.', 1), col('Selector', 'Selector is a label query over pods that should match the replica count.', 1)],
    cells: (o, now) => [o.metadata.name, o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o as KubeObject, now), images(o).map((c) => c.name).join(','), images(o).map((c) => c.image).join(','), selectorString(o.spec?.selector)],
  },
  statefulsets: {
    columns: [nameCol(), col('Ready', 'Number of the pod with ready state'), ageCol(), col('Containers', 'Names of each container in the template.', 1), col('Images', 'Images referenced by each container in the template.', 1)],
    cells: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, age(o as KubeObject, now), images(o).map((c) => c.name).join(','), images(o).map((c) => c.image).join(',')],
  },
  daemonsets: {
    columns: [nameCol(), col('Desired', 'The total number of nodes that should be running the daemon pod.'), col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'), col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'), col('Up-to-date', 'The total number of nodes that are running updated daemon pod'), col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'), col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'), ageCol(), col('Containers', 'Names of each container in the template.', 1), col('Images', 'Images referenced by each container in the template.', 1), col('Selector', 'A label query over pods that are managed by the daemon set.', 1)],
    cells: (o, now) => {
      const st = o.status ?? {};
      const ns = Object.entries((o.spec?.template?.spec?.nodeSelector ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
      return [o.metadata.name, st.desiredNumberScheduled ?? 0, st.currentNumberScheduled ?? 0, st.numberReady ?? 0, st.updatedNumberScheduled ?? 0, st.numberAvailable ?? 0, ns, age(o as KubeObject, now), images(o).map((c) => c.name).join(','), images(o).map((c) => c.image).join(','), selectorString(o.spec?.selector)];
    },
  },
  jobs: {
    columns: [nameCol(), col('Status', 'Status of the job.'), col('Completions', 'The completion status of the job.'), col('Duration', 'Time required to complete the job.'), ageCol(), col('Containers', 'Names of each container in the template.', 1), col('Images', 'Images referenced by each container in the template.', 1), col('Selector', 'A label query over pods that should match the pod count.', 1)],
    cells: (o, now) => {
      const conds = (o.status?.conditions ?? []) as Obj[];
      const st = conds.find((c) => c.type === 'Complete' && c.status === 'True') ? 'Complete' : conds.find((c) => c.type === 'Failed' && c.status === 'True') ? 'Failed' : 'Running';
      const start = o.status?.startTime ? Date.parse(o.status.startTime) : undefined;
      const end = o.status?.completionTime ? Date.parse(o.status.completionTime) : now;
      const dur = start ? since(new Date(start).toISOString(), end) : '';
      return [o.metadata.name, st, `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`, dur, age(o as KubeObject, now), images(o).map((c) => c.name).join(','), images(o).map((c) => c.image).join(','), selectorString(o.spec?.selector)];
    },
  },
  cronjobs: {
    columns: [nameCol(), col('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'), col('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'), col('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'), col('Active', 'A list of pointers to currently running jobs.'), col('Last Schedule', 'Information when was the last time the job was successfully scheduled.'), ageCol()],
    cells: (o, now) => [o.metadata.name, o.spec?.schedule ?? '', o.spec?.timeZone ?? '<none>', o.spec?.suspend ? 'True' : 'False', (o.status?.active ?? []).length, o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : '<none>', age(o as KubeObject, now)],
  },
  horizontalpodautoscalers: {
    columns: [nameCol(), col('Reference', 'Reference to the target object.'), col('Targets', 'Target of the HPA metrics.'), col('MinPods', 'Minimum number of replicas.'), col('MaxPods', 'Maximum number of replicas.'), col('Replicas', 'Current number of replicas.'), ageCol()],
    cells: (o, now) => {
      const ref = o.spec?.scaleTargetRef ?? {};
      return [o.metadata.name, `${ref.kind ?? ''}/${ref.name ?? ''}`, '<unknown>', o.spec?.minReplicas ?? 1, o.spec?.maxReplicas ?? 0, o.status?.currentReplicas ?? 0, age(o as KubeObject, now)];
    },
  },
};

export function tableColumns(r: StoreResource): Column[] {
  return r === 'events' ? EVENT_COLUMNS : (PRINTERS[r]?.columns ?? [nameCol(), ageCol()]);
}

export function tableCells(r: StoreResource, o: KubeObject, now: number): unknown[] {
  if (r === 'events') return eventCells(o as CoreEvent, now);
  const p = PRINTERS[r];
  return p ? p.cells(o as Obj, now) : [o.metadata.name, age(o, now)];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRequest {
  /** meta.k8s.io/v1 or meta.k8s.io/v1beta1, from the Accept header. */
  apiVersion: string;
  includeObject: IncludeObject;
}

/** One row as JSON; `fullObject` is the object's serialisation when includeObject=Object. */
export function rowJson(r: StoreResource, o: KubeObject, now: number, t: TableRequest, fullObject: () => string): string {
  const cells = JSON.stringify(tableCells(r, o, now));
  if (t.includeObject === 'None') return `{"cells":${cells}}`;
  if (t.includeObject === 'Object') return `{"cells":${cells},"object":${fullObject()}}`;
  const pom = { kind: 'PartialObjectMetadata', apiVersion: t.apiVersion, metadata: shapeMeta(o.metadata) };
  return `{"cells":${cells},"object":${JSON.stringify(pom)}}`;
}

/** A Table document from prepared row JSON; columnDefinitions null in watch events after the first. */
export function tableJson(r: StoreResource, t: TableRequest, listMeta: Record<string, unknown>, rows: string[], withColumns: boolean): string {
  const cols = withColumns ? JSON.stringify(tableColumns(r)) : 'null';
  return `{"kind":"Table","apiVersion":${JSON.stringify(t.apiVersion)},"metadata":${JSON.stringify(listMeta)},"columnDefinitions":${cols},"rows":[${rows.join(',')}]}`;
}
