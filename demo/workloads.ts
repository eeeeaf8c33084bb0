// The simulated cluster's live state: nodes, workloads and their pods, kept in memory so a
// scenario step can pick a pod or node in O(1), and written through the ClusterWriter on
// every change (so watches see pods go Pending → Running → CrashLoopBackOff, nodes go NotReady).
import {
  controllerRef, cronJobObject, daemonSetObject, deploymentObject, hpaObject, jobObject, namespaceObject, nodeIp, nodeObject,
  podObject, pvcObject, replicaSetObject, serviceObject, statefulSetObject,
  type ContainerSpec, type CronJobState, type HpaState, type JobState, type NodeState, type OwnerRef, type PodState,
  type PvcState, type ReplicaSetState, type WorkloadState,
} from './cluster.js';
import { containerId, podIp, podTemplateHash, randSuffix, uid } from './names.js';
import type { ObjectRef } from './recorder.js';
import type { ClusterWriter, Rng } from './types.js';

export interface Deployment {
  w: WorkloadState;
  revision: number;
  current: ReplicaSetState;
  replicaSets: ReplicaSetState[];
  progressing: { ok: boolean; rs: string; at: Date };
}

/** Pods in a list with O(1) add, remove and random pick (swap-remove). */
class PodSet {
  private list: PodState[] = [];
  private index = new Map<PodState, number>();
  add(p: PodState) {
    if (this.index.has(p)) return;
    this.index.set(p, this.list.length);
    this.list.push(p);
  }
  delete(p: PodState) {
    const i = this.index.get(p);
    if (i === undefined) return;
    const last = this.list.pop()!;
    if (last !== p) {
      this.list[i] = last;
      this.index.set(last, i);
    }
    this.index.delete(p);
  }
  pick(rng: Rng): PodState | undefined {
    return this.list.length ? this.list[rng.int(this.list.length)] : undefined;
  }
  get size() {
    return this.list.length;
  }
  values(): readonly PodState[] {
    return this.list;
  }
}

export class SimCluster {
  readonly nodes: NodeState[] = [];
  /** Running pods, for noise such as probe blips. */
  readonly running = new PodSet();
  private byNode = new Map<string, PodSet>();
  private digests = new Map<string, string>();
  private clusterIps = 10;

  constructor(readonly writer: ClusterWriter, readonly rng: Rng) {}

  // ---- references for events ----
  podRef(p: PodState, container = false): ObjectRef {
    const r: ObjectRef = { kind: 'Pod', namespace: p.namespace, name: p.name, uid: p.uid, apiVersion: 'v1' };
    if (p.resourceVersion) r.resourceVersion = p.resourceVersion;
    if (container) r.fieldPath = `spec.containers{${p.container.name}}`;
    return r;
  }
  /** The kubelet names its Node by name and uses the name as UID (kl.nodeRef). */
  kubeletNodeRef(n: NodeState): ObjectRef {
    return { kind: 'Node', name: n.name, uid: n.name };
  }
  nodeRef(n: NodeState): ObjectRef {
    return { kind: 'Node', name: n.name, uid: n.uid, apiVersion: 'v1' };
  }
  ref(kind: string, apiVersion: string, w: { namespace: string; name: string; uid: string }): ObjectRef {
    return { kind, namespace: w.namespace, name: w.name, uid: w.uid, apiVersion };
  }

  // ---- namespaces and nodes ----
  namespace(name: string, at: Date): void {
    this.writer.putObject('namespaces', namespaceObject(name, uid(this.rng), at));
  }

  addNode(name: string, zone: string, cpu: number, at: Date): NodeState {
    const n: NodeState = {
      name, uid: uid(this.rng), index: this.nodes.length + 1, zone, created: at, cpu, memoryKi: cpu * 4 * 1024 * 1024 - 33792,
      ready: 'True', readySince: at, memoryPressure: false, diskPressure: false, pressureSince: at, taints: [],
    };
    this.nodes.push(n);
    this.byNode.set(name, new PodSet());
    this.putNode(n, at);
    return n;
  }
  putNode(n: NodeState, at: Date): void {
    this.writer.putObject('nodes', nodeObject(n, at));
  }
  node(name: string): NodeState {
    return this.nodes.find((n) => n.name === name)!;
  }
  schedulable(): NodeState[] {
    return this.nodes.filter((n) => n.ready === 'True' && !n.taints.some((t) => t.effect !== 'PreferNoSchedule'));
  }
  podsOn(node: string): readonly PodState[] {
    return this.byNode.get(node)?.values() ?? [];
  }

  // ---- pods ----
  newPod(owner: OwnerRef, namespace: string, name: string, container: ContainerSpec, labels: Record<string, string>, at: Date,
    opts: { volumes?: PodState['volumes']; restartPolicy?: PodState['restartPolicy'] } = {}): PodState {
    const p: PodState = {
      namespace, name, uid: uid(this.rng), labels, owner, created: at, container,
      volumes: opts.volumes ?? [], tokenVolume: `kube-api-access-${randSuffix(this.rng)}`, restartPolicy: opts.restartPolicy ?? 'Always',
      phase: 'Pending', ready: false, containerState: { state: 'waiting', reason: 'ContainerCreating' }, restartCount: 0,
    };
    this.putPod(p, at);
    return p;
  }
  putPod(p: PodState, at: Date): void {
    const stored = this.writer.putObject('pods', podObject(p, at));
    p.resourceVersion = stored.metadata.resourceVersion;
  }
  bind(p: PodState, n: NodeState, at: Date): void {
    p.nodeName = n.name;
    p.hostIP = nodeIp(n);
    p.podIP = podIp(this.rng, n.index);
    p.startTime = at;
    p.unschedulable = undefined;
    this.byNode.get(n.name)!.add(p);
    this.putPod(p, at);
  }
  /** Container created and started by the kubelet. */
  start(p: PodState, at: Date): void {
    p.phase = 'Running';
    p.containerId = containerId(this.rng);
    p.imageId = this.digest(p.container.image);
    p.containerState = { state: 'running', since: at };
    p.ready = true;
    this.running.add(p);
    this.putPod(p, at);
  }
  /** Container exited; restartable pods wait in CrashLoopBackOff. */
  crash(p: PodState, reason: 'OOMKilled' | 'Error', exitCode: number, backoff: string, waitingMessage: string, at: Date): void {
    const since = p.containerState.state === 'running' ? p.containerState.since : at;
    p.lastTerminated = { reason, exitCode, since, finished: at };
    p.restartCount++;
    p.ready = false;
    p.containerState = { state: 'waiting', reason: 'CrashLoopBackOff', message: waitingMessage };
    void backoff;
    this.running.delete(p);
    this.putPod(p, at);
  }
  waiting(p: PodState, reason: string, message: string | undefined, at: Date): void {
    p.ready = false;
    p.containerState = message ? { state: 'waiting', reason, message } : { state: 'waiting', reason };
    this.running.delete(p);
    this.putPod(p, at);
  }
  complete(p: PodState, at: Date): void {
    const since = p.containerState.state === 'running' ? p.containerState.since : at;
    p.phase = 'Succeeded';
    p.ready = false;
    p.containerState = { state: 'terminated', reason: 'Completed', exitCode: 0, since, finished: at };
    this.running.delete(p);
    this.putPod(p, at);
  }
  /** Kubelet eviction: the pod object stays, Failed with reason Evicted. */
  evict(p: PodState, message: string, at: Date): void {
    const since = p.containerState.state === 'running' ? p.containerState.since : at;
    p.phase = 'Failed';
    p.ready = false;
    p.evicted = message;
    p.containerState = { state: 'terminated', reason: 'ContainerStatusUnknown', exitCode: 137, since, finished: at };
    this.running.delete(p);
    if (p.nodeName) this.byNode.get(p.nodeName)?.delete(p);
    this.putPod(p, at);
  }
  deletePod(p: PodState): void {
    p.gone = true;
    this.running.delete(p);
    if (p.nodeName) this.byNode.get(p.nodeName)?.delete(p);
    this.writer.deleteObject('pods', p.namespace, p.name);
  }
  digest(image: string): string {
    let d = this.digests.get(image);
    if (!d) this.digests.set(image, (d = `${image.split(':')[0]}@sha256:${this.rng.hex(64)}`));
    return d;
  }

  // ---- Deployments and ReplicaSets ----
  deployment(namespace: string, name: string, container: ContainerSpec, replicas: number, at: Date): Deployment {
    const w: WorkloadState = { namespace, name, uid: uid(this.rng), created: at, labels: { app: name }, container, replicas, ready: 0, updated: 0, generation: 1 };
    const d: Deployment = { w, revision: 0, current: undefined as unknown as ReplicaSetState, replicaSets: [], progressing: { ok: true, rs: '', at } };
    this.newReplicaSet(d, container, at);
    return d;
  }
  /** A new ReplicaSet for a changed template, revision+1, starting at 0 replicas. */
  newReplicaSet(d: Deployment, container: ContainerSpec, at: Date): ReplicaSetState {
    d.revision++;
    const hash = podTemplateHash(this.rng);
    const rs: ReplicaSetState = {
      namespace: d.w.namespace, name: `${d.w.name}-${hash}`, uid: uid(this.rng), created: at, labels: { app: d.w.labels.app! }, container,
      replicas: 0, ready: 0, updated: 0, generation: 1, hash, revision: d.revision,
      deployment: controllerRef('apps/v1', 'Deployment', d.w.name, d.w.uid),
    };
    d.current = rs;
    d.replicaSets.push(rs);
    // revisionHistoryLimit: 10 old ReplicaSets are kept, older ones garbage-collected.
    while (d.replicaSets.length > 11) {
      const gone = d.replicaSets.splice(1, 1)[0]!;
      this.writer.deleteObject('replicasets', gone.namespace, gone.name);
    }
    d.w.container = container;
    d.w.generation++;
    d.progressing = { ok: true, rs: rs.name, at };
    this.putReplicaSet(rs);
    this.putDeployment(d);
    return rs;
  }
  putReplicaSet(rs: ReplicaSetState): void {
    this.writer.putObject('replicasets', replicaSetObject(rs));
  }
  putDeployment(d: Deployment): void {
    d.w.updated = d.current.updated;
    d.w.ready = d.replicaSets.reduce((s, r) => s + r.ready, 0);
    this.writer.putObject('deployments', deploymentObject(d.w, d.revision, d.progressing));
  }
  /** A pod of a ReplicaSet: `<rs>-<5 chars>`, labelled with the template hash. */
  rsPod(rs: ReplicaSetState, at: Date): PodState {
    return this.newPod(controllerRef('apps/v1', 'ReplicaSet', rs.name, rs.uid), rs.namespace, `${rs.name}-${randSuffix(this.rng)}`, rs.container,
      { app: rs.labels.app!, 'pod-template-hash': rs.hash }, at);
  }

  // ---- other workloads ----
  workload(namespace: string, name: string, container: ContainerSpec, replicas: number, at: Date): WorkloadState {
    return { namespace, name, uid: uid(this.rng), created: at, labels: { app: name }, container, replicas, ready: 0, updated: replicas, generation: 1 };
  }
  putStatefulSet(s: WorkloadState, claim?: string): void {
    this.writer.putObject('statefulsets', statefulSetObject(s, claim));
  }
  putDaemonSet(s: WorkloadState): void {
    this.writer.putObject('daemonsets', daemonSetObject(s, this.nodes.length));
  }
  cronJob(namespace: string, name: string, schedule: string, container: ContainerSpec, at: Date): CronJobState {
    const cj: CronJobState = { namespace, name, uid: uid(this.rng), created: at, schedule, container, active: [] };
    this.putCronJob(cj);
    return cj;
  }
  putCronJob(cj: CronJobState): void {
    this.writer.putObject('cronjobs', cronJobObject(cj));
  }
  job(cj: CronJobState, name: string, at: Date): JobState {
    const j: JobState = { namespace: cj.namespace, name, uid: uid(this.rng), created: at, owner: controllerRef('batch/v1', 'CronJob', cj.name, cj.uid), container: cj.container, succeeded: 0, failed: 0, active: 1 };
    this.putJob(j);
    return j;
  }
  putJob(j: JobState): void {
    this.writer.putObject('jobs', jobObject(j));
  }
  service(namespace: string, name: string, port: number, at: Date): void {
    this.clusterIps++;
    this.writer.putObject('services', serviceObject(namespace, name, uid(this.rng), at, port, `10.96.${Math.floor(this.clusterIps / 250)}.${this.clusterIps % 250}`));
  }
  pvc(namespace: string, name: string, size: string, bound: boolean, at: Date): PvcState {
    const p: PvcState = { namespace, name, uid: uid(this.rng), created: at, size };
    if (bound) p.volume = `pvc-${p.uid}`;
    this.writer.putObject('persistentvolumeclaims', pvcObject(p));
    return p;
  }
  hpa(namespace: string, name: string, min: number, max: number, current: number, at: Date): HpaState {
    const h: HpaState = { namespace, name, uid: uid(this.rng), created: at, target: name, min, max, targetCpu: 70, current, desired: current, cpu: 45 };
    this.putHpa(h, at);
    return h;
  }
  putHpa(h: HpaState, at: Date): void {
    this.writer.putObject('horizontalpodautoscalers', hpaObject(h, at));
  }
}
