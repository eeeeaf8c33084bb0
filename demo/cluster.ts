// Builders for the Kubernetes objects the demo serves: pure functions from a small state
// record to the JSON a real API server would return (apiVersion/kind, metadata with uid,
// labels and ownerReferences, spec, status). The live model that mutates them is workloads.ts.
import type { KubeObject } from './types.js';

export type OwnerRef = NonNullable<KubeObject['metadata']['ownerReferences']>[number];
export type CondStatus = 'True' | 'False' | 'Unknown';

let lastMs = NaN;
let lastText = '';
/** metav1.Time (whole seconds); memoised because one step formats the same instant many times. */
export const time = (d: Date): string => {
  const ms = d.getTime();
  if (ms !== lastMs) {
    lastMs = ms;
    lastText = d.toISOString().slice(0, 19) + 'Z';
  }
  return lastText;
};

function meta(
  name: string,
  namespace: string | undefined,
  uid: string,
  created: Date,
  labels?: Record<string, string>,
  owner?: OwnerRef,
  annotations?: Record<string, string>,
): KubeObject['metadata'] {
  const m: KubeObject['metadata'] = { name, uid, creationTimestamp: time(created) };
  if (namespace !== undefined) m.namespace = namespace;
  if (labels) m.labels = labels;
  if (annotations) m.annotations = annotations;
  if (owner) m.ownerReferences = [owner];
  return m;
}

/** The reference a controller puts on what it creates (controller + blockOwnerDeletion). */
export function controllerRef(apiVersion: string, kind: string, name: string, uid: string): OwnerRef {
  return { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true };
}

// ---- Namespace ----
export function namespaceObject(name: string, uid: string, created: Date): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(name, undefined, uid, created, { 'kubernetes.io/metadata.name': name }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

// ---- Node ----
export interface Taint { key: string; effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule'; value?: string; timeAdded?: string }
export interface NodeState {
  name: string;
  uid: string;
  index: number; // 1-based; drives the node IP and pod CIDR
  zone: string;
  created: Date;
  cpu: number; // cores
  memoryKi: number;
  ready: CondStatus;
  readySince: Date;
  memoryPressure: boolean;
  diskPressure: boolean;
  pressureSince: Date;
  taints: Taint[];
}

const READY_TEXT: Record<CondStatus, [string, string]> = {
  True: ['KubeletReady', 'kubelet is posting ready status'],
  False: ['KubeletNotReady', 'PLEG is not healthy: pleg was last seen active 3m12.415s ago; threshold is 3m0s'],
  Unknown: ['NodeStatusUnknown', 'Kubelet stopped posting node status.'],
};

export function nodeObject(n: NodeState, now: Date): KubeObject {
  const cond = (type: string, status: CondStatus, reason: string, message: string, since: Date) => ({
    type,
    status,
    // A node whose kubelet stopped posting keeps its last heartbeat.
    lastHeartbeatTime: time(n.ready === 'Unknown' ? n.readySince : now),
    lastTransitionTime: time(since),
    reason,
    message,
  });
  const unknown = n.ready === 'Unknown';
  const pressure = (type: string, on: boolean, okReason: string, okMsg: string, badReason: string, badMsg: string) =>
    unknown
      ? cond(type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', n.readySince)
      : cond(type, on ? 'True' : 'False', on ? badReason : okReason, on ? badMsg : okMsg, n.pressureSince);
  const allocCpu = n.cpu * 1000 - 90;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(n.name, undefined, n.uid, n.created, {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': n.cpu >= 8 ? 'm6i.2xlarge' : 'm6i.xlarge',
      'topology.kubernetes.io/zone': n.zone,
    }, undefined, {
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    }),
    spec: { podCIDR: `10.244.${n.index}.0/24`, podCIDRs: [`10.244.${n.index}.0/24`], ...(n.taints.length ? { taints: n.taints } : {}) },
    status: {
      capacity: { cpu: String(n.cpu), 'ephemeral-storage': '101430960Ki', 'hugepages-2Mi': '0', memory: `${n.memoryKi}Ki`, pods: '110' },
      allocatable: { cpu: `${allocCpu}m`, 'ephemeral-storage': '93478772582', 'hugepages-2Mi': '0', memory: `${n.memoryKi - 1150976}Ki`, pods: '110' },
      conditions: [
        pressure('MemoryPressure', n.memoryPressure, 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'),
        pressure('DiskPressure', n.diskPressure, 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'KubeletHasDiskPressure', 'kubelet has disk pressure'),
        pressure('PIDPressure', false, 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'KubeletHasInsufficientPID', ''),
        cond('Ready', n.ready, READY_TEXT[n.ready][0], READY_TEXT[n.ready][1], n.readySince),
      ],
      addresses: [
        { type: 'InternalIP', address: `10.0.${n.index}.${10 + n.index}` },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: n.uid,
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1021-aws',
        kubeProxyVersion: 'v1.32.4',
        kubeletVersion: 'v1.32.4',
        machineID: n.uid.replace(/-/g, ''),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        systemUUID: n.uid,
      },
    },
  };
}

export const nodeIp = (n: NodeState): string => `10.0.${n.index}.${10 + n.index}`;

// ---- Pod ----
export interface ContainerSpec {
  name: string;
  image: string;
  cpu: string; // request
  memory: string; // request
  memoryLimit: string;
  port?: number;
  /** Readiness/liveness HTTP paths; absent for batch containers. */
  probes?: { readiness: string; liveness: string };
}

export type ContainerPhase =
  | { state: 'waiting'; reason: string; message?: string }
  | { state: 'running'; since: Date }
  | { state: 'terminated'; reason: string; exitCode: number; since: Date; finished: Date };

export interface PodState {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  owner: OwnerRef;
  created: Date;
  container: ContainerSpec;
  /** Extra volumes besides the projected service-account token (kube-api-access-xxxxx). */
  volumes: Array<{ name: string; claim?: string; configMap?: string }>;
  tokenVolume: string;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  nodeName?: string;
  hostIP?: string;
  podIP?: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  startTime?: Date;
  ready: boolean;
  containerState: ContainerPhase;
  restartCount: number;
  lastTerminated?: { reason: string; exitCode: number; since: Date; finished: Date };
  containerId?: string;
  imageId?: string;
  /** Unschedulable message, or eviction message (phase Failed, reason Evicted). */
  unschedulable?: string;
  evicted?: string;
  resourceVersion?: string;
  /** Deleted from the API: recurring occurrences about it stop. */
  gone?: boolean;
  /** The built spec, reused while nodeName and volumes stay the same (specs rarely change). */
  specCache?: { node: string | undefined; volumes: PodState['volumes']; spec: Record<string, unknown> };
}

/** What every pod gets from admission: the default not-ready/unreachable tolerations. */
const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function containerSpecJson(c: ContainerSpec): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { cpu: c.cpu, memory: c.memory }, limits: { memory: c.memoryLimit } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  if (c.port) spec.ports = [{ containerPort: c.port, name: 'http', protocol: 'TCP' }];
  if (c.probes && c.port) {
    const probe = (path: string, extra: Record<string, number>) => ({
      httpGet: { path, port: c.port, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
      ...extra,
    });
    spec.readinessProbe = probe(c.probes.readiness, {});
    spec.livenessProbe = probe(c.probes.liveness, { initialDelaySeconds: 15 });
  }
  return spec;
}

function containerStatusJson(p: PodState): Record<string, unknown> {
  const s = p.containerState;
  const state =
    s.state === 'running'
      ? { running: { startedAt: time(s.since) } }
      : s.state === 'waiting'
        ? { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } }
        : { terminated: { exitCode: s.exitCode, reason: s.reason, startedAt: time(s.since), finishedAt: time(s.finished), containerID: p.containerId } };
  const last = p.lastTerminated;
  return {
    name: p.container.name,
    image: p.container.image,
    imageID: p.imageId ?? '',
    ...(p.containerId ? { containerID: p.containerId } : {}),
    ready: p.ready,
    started: s.state === 'running',
    restartCount: p.restartCount,
    state,
    lastState: last
      ? { terminated: { exitCode: last.exitCode, reason: last.reason, startedAt: time(last.since), finishedAt: time(last.finished), containerID: p.containerId } }
      : {},
  };
}

export function podObject(p: PodState, now: Date): KubeObject {
  const scheduled = p.nodeName !== undefined;
  const since = time(p.startTime ?? p.created);
  const c = (type: string, status: boolean, extra: Record<string, string> = {}) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: extra.at ?? since,
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.message ? { message: extra.message } : {}),
  });
  const notReady: Record<string, string> = p.containerState.state === 'running' ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${p.container.name}]` };
  const conditions = !scheduled
    ? [c('PodScheduled', false, { reason: 'Unschedulable', message: p.unschedulable ?? '', at: time(p.created) })]
    : [
        c('PodReadyToStartContainers', p.phase !== 'Failed'),
        c('Initialized', true),
        c('Ready', p.ready, p.ready ? {} : notReady),
        c('ContainersReady', p.ready, p.ready ? {} : notReady),
        c('PodScheduled', true),
      ];
  const generateName = p.owner.kind === 'StatefulSet' ? undefined : `${p.name.slice(0, p.name.lastIndexOf('-'))}-`;
  const m = meta(p.name, p.namespace, p.uid, p.created, p.labels, p.owner);
  if (generateName) m.generateName = generateName;
  if (p.resourceVersion) m.resourceVersion = p.resourceVersion;
  const status: Record<string, unknown> = { phase: p.phase, conditions, qosClass: 'Burstable' };
  if (p.evicted) Object.assign(status, { reason: 'Evicted', message: p.evicted });
  if (scheduled) {
    Object.assign(status, {
      hostIP: p.hostIP,
      hostIPs: [{ ip: p.hostIP }],
      ...(p.podIP ? { podIP: p.podIP, podIPs: [{ ip: p.podIP }] } : {}),
      startTime: since,
      containerStatuses: [containerStatusJson(p)],
    });
  }
  void now;
  if (!p.specCache || p.specCache.node !== p.nodeName || p.specCache.volumes !== p.volumes) {
    p.specCache = { node: p.nodeName, volumes: p.volumes, spec: podSpec(p, scheduled) };
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: m, spec: p.specCache.spec, status };
}

function podSpec(p: PodState, scheduled: boolean): Record<string, unknown> {
  return {
      containers: [
        {
          ...containerSpecJson(p.container),
          volumeMounts: [
            ...p.volumes.map((v) => ({ name: v.name, mountPath: v.claim ? '/var/lib/data' : '/etc/config' })),
            { name: p.tokenVolume, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
          ],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      ...(scheduled ? { nodeName: p.nodeName } : {}),
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: p.restartPolicy,
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: DEFAULT_TOLERATIONS,
      volumes: [
        ...p.volumes.map((v) =>
          v.claim ? { name: v.name, persistentVolumeClaim: { claimName: v.claim } } : { name: v.name, configMap: { name: v.configMap, defaultMode: 420 } },
        ),
        {
          name: p.tokenVolume,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ],
  };
}

// ---- Workload controllers ----
export interface WorkloadState {
  namespace: string;
  name: string;
  uid: string;
  created: Date;
  labels: Record<string, string>;
  container: ContainerSpec;
  replicas: number;
  /** Counts as the controller last observed them (status.*). */
  ready: number;
  updated: number;
  generation: number;
}

const templates = new WeakMap<ContainerSpec, Map<string, unknown>>();
/** Pod templates are rebuilt on every scale otherwise; they only change with the container. */
function podTemplate(labels: Record<string, string>, c: ContainerSpec) {
  let byLabels = templates.get(c);
  if (!byLabels) templates.set(c, (byLabels = new Map()));
  const key = `${labels.app}|${labels['pod-template-hash'] ?? ''}`;
  let t = byLabels.get(key);
  if (!t) byLabels.set(key, (t = { metadata: { labels }, spec: { containers: [containerSpecJson(c)], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 } }));
  return t;
}

export function deploymentObject(d: WorkloadState, revision: number, progressing: { ok: boolean; rs: string; at: Date }): KubeObject {
  const unavailable = Math.max(0, d.replicas - d.ready);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...meta(d.name, d.namespace, d.uid, d.created, d.labels, undefined, { 'deployment.kubernetes.io/revision': String(revision) }), generation: d.generation },
    spec: {
      replicas: d.replicas,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: d.labels.app } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: podTemplate({ app: d.labels.app! }, d.container),
    },
    status: {
      observedGeneration: d.generation,
      replicas: Math.max(d.replicas, d.updated),
      updatedReplicas: d.updated,
      readyReplicas: d.ready,
      availableReplicas: d.ready,
      ...(unavailable ? { unavailableReplicas: unavailable } : {}),
      conditions: [
        {
          type: 'Available',
          status: d.ready >= d.replicas - Math.floor(d.replicas / 4) ? 'True' : 'False',
          reason: d.ready >= d.replicas - Math.floor(d.replicas / 4) ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: d.ready >= d.replicas - Math.floor(d.replicas / 4) ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
          lastUpdateTime: time(progressing.at),
          lastTransitionTime: time(progressing.at),
        },
        progressing.ok
          ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${progressing.rs}" has successfully progressed.`, lastUpdateTime: time(progressing.at), lastTransitionTime: time(d.created) }
          : { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${progressing.rs}" has timed out progressing.`, lastUpdateTime: time(progressing.at), lastTransitionTime: time(progressing.at) },
      ],
    },
  };
}

export interface ReplicaSetState extends WorkloadState {
  hash: string;
  revision: number;
  deployment: OwnerRef;
}

export function replicaSetObject(rs: ReplicaSetState): KubeObject {
  const labels = { app: rs.labels.app!, 'pod-template-hash': rs.hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      ...meta(rs.name, rs.namespace, rs.uid, rs.created, labels, rs.deployment, {
        'deployment.kubernetes.io/desired-replicas': String(rs.replicas),
        'deployment.kubernetes.io/max-replicas': String(rs.replicas + 1),
        'deployment.kubernetes.io/revision': String(rs.revision),
      }),
      generation: rs.generation,
    },
    spec: { replicas: rs.replicas, selector: { matchLabels: labels }, template: podTemplate(labels, rs.container) },
    status: { replicas: rs.updated, fullyLabeledReplicas: rs.updated, readyReplicas: rs.ready, availableReplicas: rs.ready, observedGeneration: rs.generation },
  };
}

export function statefulSetObject(s: WorkloadState, claim?: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { ...meta(s.name, s.namespace, s.uid, s.created, s.labels), generation: s.generation },
    spec: {
      replicas: s.replicas,
      serviceName: s.name,
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: { app: s.labels.app } },
      template: podTemplate({ app: s.labels.app! }, s.container),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      ...(claim
        ? { volumeClaimTemplates: [{ metadata: { name: claim }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '20Gi' } } } }] }
        : {}),
    },
    status: { observedGeneration: s.generation, replicas: s.replicas, readyReplicas: s.ready, availableReplicas: s.ready, currentReplicas: s.replicas, updatedReplicas: s.updated },
  };
}

export function daemonSetObject(s: WorkloadState, nodes: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { ...meta(s.name, s.namespace, s.uid, s.created, s.labels), generation: s.generation },
    spec: {
      selector: { matchLabels: { app: s.labels.app } },
      template: podTemplate({ app: s.labels.app! }, s.container),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    },
    status: {
      currentNumberScheduled: nodes,
      desiredNumberScheduled: nodes,
      numberAvailable: s.ready,
      numberReady: s.ready,
      ...(nodes - s.ready > 0 ? { numberUnavailable: nodes - s.ready } : {}),
      numberMisscheduled: 0,
      observedGeneration: s.generation,
      updatedNumberScheduled: nodes,
    },
  };
}

export interface CronJobState { namespace: string; name: string; uid: string; created: Date; schedule: string; container: ContainerSpec; lastSchedule?: Date; active: string[] }

export function cronJobObject(cj: CronJobState): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { ...meta(cj.name, cj.namespace, cj.uid, cj.created, { app: cj.name }), generation: 1 },
    spec: {
      schedule: cj.schedule,
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      suspend: false,
      jobTemplate: { spec: { backoffLimit: 2, template: { spec: { containers: [containerSpecJson(cj.container)], restartPolicy: 'OnFailure' } } } },
    },
    status: {
      ...(cj.active.length ? { active: cj.active.map((name) => ({ apiVersion: 'batch/v1', kind: 'Job', name, namespace: cj.namespace })) } : {}),
      ...(cj.lastSchedule ? { lastScheduleTime: time(cj.lastSchedule), lastSuccessfulTime: time(cj.lastSchedule) } : {}),
    },
  };
}

export interface JobState { namespace: string; name: string; uid: string; created: Date; owner?: OwnerRef; container: ContainerSpec; succeeded: number; failed: number; active: number; completed?: Date }

export function jobObject(j: JobState): KubeObject {
  const labels = { 'batch.kubernetes.io/controller-uid': j.uid, 'batch.kubernetes.io/job-name': j.name, 'controller-uid': j.uid, 'job-name': j.name };
  const done = j.completed !== undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...meta(j.name, j.namespace, j.uid, j.created, labels, j.owner), generation: 1 },
    spec: {
      backoffLimit: 2,
      completionMode: 'NonIndexed',
      completions: 1,
      parallelism: 1,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': j.uid } },
      template: { metadata: { labels }, spec: { containers: [containerSpecJson(j.container)], restartPolicy: 'OnFailure' } },
    },
    status: {
      startTime: time(j.created),
      ...(j.active ? { active: j.active } : {}),
      ...(j.succeeded ? { succeeded: j.succeeded } : {}),
      ...(j.failed ? { failed: j.failed } : {}),
      ...(done && j.succeeded
        ? {
            completionTime: time(j.completed!),
            conditions: [
              { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: time(j.completed!), lastTransitionTime: time(j.completed!) },
              { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: time(j.completed!), lastTransitionTime: time(j.completed!) },
            ],
          }
        : {}),
      ...(done && !j.succeeded
        ? { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: time(j.completed!), lastTransitionTime: time(j.completed!) }] }
        : {}),
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    },
  };
}

// ---- Service, PVC, HPA ----
export function serviceObject(namespace: string, name: string, uid: string, created: Date, port: number, clusterIP: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, namespace, uid, created, { app: name }),
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: port }],
      selector: { app: name },
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  };
}

export interface PvcState { namespace: string; name: string; uid: string; created: Date; volume?: string; size: string; labels?: Record<string, string> }

export function pvcObject(p: PvcState): KubeObject {
  const bound = p.volume !== undefined;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(p.name, p.namespace, p.uid, p.created, p.labels, undefined, bound
      ? { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com', 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' }
      : { 'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com', 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: p.size } },
      storageClassName: 'gp3',
      volumeMode: 'Filesystem',
      ...(bound ? { volumeName: p.volume } : {}),
    },
    status: bound ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: p.size } } : { phase: 'Pending' },
  };
}

export interface HpaState {
  namespace: string;
  name: string;
  uid: string;
  created: Date;
  target: string; // Deployment name
  min: number;
  max: number;
  targetCpu: number;
  current: number;
  desired: number;
  /** Current average utilisation; undefined while metrics are unavailable. */
  cpu?: number;
  lastScale?: Date;
}

export function hpaObject(h: HpaState, now: Date): KubeObject {
  const metricsOk = h.cpu !== undefined;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(h.name, h.namespace, h.uid, h.created),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: h.target },
      minReplicas: h.min,
      maxReplicas: h.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: h.targetCpu } } }],
    },
    status: {
      currentReplicas: h.current,
      desiredReplicas: h.desired,
      ...(h.lastScale ? { lastScaleTime: time(h.lastScale) } : {}),
      currentMetrics: metricsOk ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: h.cpu, averageValue: `${Math.round((h.cpu! * 250) / 100)}m` } } }] : [{ type: '' }],
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: time(h.created) },
        metricsOk
          ? { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: time(now) }
          : { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API', lastTransitionTime: time(now) },
        { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: time(h.created) },
      ],
    },
  };
}
