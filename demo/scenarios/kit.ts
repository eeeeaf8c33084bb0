// The cluster's components as event sources (kubelet per node, scheduler, controllers,
// node-problem-detector) and the short scripts they play together: a pod starting up, a
// ReplicaSet scaling, a CronJob run, a rolling update. Scenarios compose these.
import type { CronJobState, NodeState, PodState, ReplicaSetState } from '../cluster.js';
import * as msg from '../messages.js';
import { Recorders, type EventsRecorder, type LegacyRecorder } from '../recorder.js';
import type { ClusterWriter, Rng } from '../types.js';
import { SimCluster, type Deployment } from '../workloads.js';
import { cronJobChildName, randSuffix } from '../names.js';
import { interleave, type Emit } from './plan.js';

/** A pod that a later step will create: scripts are built before their objects exist. */
export interface PodSlot { pod?: PodState }

export class Kit {
  readonly c: SimCluster;
  readonly rec: Recorders;
  /** kube-scheduler writes through events.k8s.io; instance is `<controller>-<hostname>`. */
  readonly scheduler: EventsRecorder;
  private jobHistory = new Map<CronJobState, Array<{ job: string; pod?: PodState }>>();

  constructor(writer: ClusterWriter, readonly rng: Rng) {
    this.c = new SimCluster(writer, rng);
    this.rec = new Recorders(writer, rng);
    this.scheduler = this.rec.events('default-scheduler', 'default-scheduler-control-plane-1');
  }

  kubelet(node: string): LegacyRecorder {
    return this.rec.legacy('kubelet', node);
  }
  ctrl(component: string): LegacyRecorder {
    return this.rec.legacy(component);
  }
  kernelMonitor(node: string): LegacyRecorder {
    return this.rec.legacy('kernel-monitor', node);
  }
  kubeProxy(node: string): EventsRecorder {
    return this.rec.events('kube-proxy', `kube-proxy-${node}`);
  }

  /** A random schedulable node, or a given one. */
  pickNode(exclude?: string): NodeState {
    const ok = this.c.schedulable().filter((n) => n.name !== exclude);
    return ok.length ? this.rng.pick(ok) : this.rng.pick(this.c.nodes);
  }

  // ---- single occurrences ----
  scheduled(slot: PodSlot, node?: () => NodeState): Emit {
    return (at) => {
      const p = slot.pod!;
      const n = node ? node() : this.pickNode();
      this.c.bind(p, n, at);
      this.scheduler.eventf(this.c.podRef(p), undefined, 'Normal', 'Scheduled', 'Binding', msg.assigned(p.namespace, p.name, n.name), at);
    };
  }
  kubeletPod(slot: PodSlot, type: 'Normal' | 'Warning', reason: string, message: (p: PodState) => string, after?: (p: PodState, at: Date) => void): Emit {
    return (at) => {
      const p = slot.pod!;
      after?.(p, at);
      this.kubelet(p.nodeName ?? this.c.nodes[0]!.name).event(this.c.podRef(p, true), type, reason, message(p), at);
    };
  }
  /** Pull (or find present), create and start the container: the happy kubelet path. */
  startup(slot: PodSlot, pull: boolean): Emit[] {
    const image = () => slot.pod!.container.image;
    const out: Emit[] = [];
    if (pull) {
      out.push(this.kubeletPod(slot, 'Normal', 'Pulling', () => msg.pulling(image())));
      out.push(this.kubeletPod(slot, 'Normal', 'Pulled', () => {
        const secs = 0.6 + this.rng.next() * 9;
        return msg.pulled(image(), secs, secs + this.rng.next() * 0.4, 20_000_000 + this.rng.int(400_000_000));
      }));
    } else {
      out.push(this.kubeletPod(slot, 'Normal', 'Pulled', () => msg.alreadyPresent(image())));
    }
    out.push(this.kubeletPod(slot, 'Normal', 'Created', (p) => msg.created(p.container.name)));
    out.push(this.kubeletPod(slot, 'Normal', 'Started', (p) => msg.started(p.container.name), (p, at) => this.c.start(p, at)));
    return out;
  }

  // ---- ReplicaSets and Deployments ----
  /** deployment-controller scales a ReplicaSet and records it on the Deployment. */
  scaleRs(d: Deployment, rs: ReplicaSetState, to: number): Emit {
    return (at) => {
      const from = rs.replicas;
      rs.replicas = to;
      rs.generation++;
      this.c.putReplicaSet(rs);
      this.c.putDeployment(d);
      this.ctrl('deployment-controller').event(this.c.ref('Deployment', 'apps/v1', d.w), 'Normal', 'ScalingReplicaSet', msg.scaledRs(to > from ? 'up' : 'down', rs.name, from, to), at);
    };
  }
  /** replicaset-controller creates one pod (SuccessfulCreate on the ReplicaSet). */
  rsCreate(d: Deployment, rs: ReplicaSetState, slot: PodSlot): Emit {
    return (at) => {
      slot.pod = this.c.rsPod(rs, at);
      rs.updated++;
      // The Deployment's status follows when the pod becomes ready (one write, not two).
      this.c.putReplicaSet(rs);
      void d;
      this.ctrl('replicaset-controller').event(this.c.ref('ReplicaSet', 'apps/v1', rs), 'Normal', 'SuccessfulCreate', msg.createdPod(slot.pod.name), at);
    };
  }
  /** replicaset-controller deletes a pod; the kubelet then stops its container. */
  rsDelete(d: Deployment, rs: ReplicaSetState, pod: () => PodState | undefined): Emit[] {
    const slot: PodSlot = {};
    return [
      (at) => {
        const p = (slot.pod = pod());
        if (!p) return; // nothing left to delete: the step falls back to another occurrence
        rs.updated = Math.max(0, rs.updated - 1);
        if (p.ready) rs.ready = Math.max(0, rs.ready - 1);
        this.c.putReplicaSet(rs);
        this.c.putDeployment(d);
        this.ctrl('replicaset-controller').event(this.c.ref('ReplicaSet', 'apps/v1', rs), 'Normal', 'SuccessfulDelete', msg.deletedPod(p.name), at);
      },
      (at) => {
        const p = slot.pod;
        if (!p) return;
        this.kubelet(p.nodeName ?? this.c.nodes[0]!.name).event(this.c.podRef(p, true), 'Normal', 'Killing', msg.stopping(p.container.name), at);
        this.c.deletePod(p);
      },
    ];
  }
  /** Create `n` pods for a ReplicaSet and start them (interleaved by stage). */
  rsPods(d: Deployment, rs: ReplicaSetState, n: number, pull: boolean): { slots: PodSlot[]; emits: Emit[] } {
    const slots: PodSlot[] = [];
    const perPod: Emit[][] = [];
    for (let i = 0; i < n; i++) {
      const slot: PodSlot = {};
      slots.push(slot);
      const start = this.startup(slot, pull);
      const started = start[start.length - 1]!;
      start[start.length - 1] = (at) => {
        started(at);
        rs.ready++;
        this.c.putReplicaSet(rs);
        this.c.putDeployment(d);
      };
      perPod.push([this.rsCreate(d, rs, slot), this.scheduled(slot), ...start]);
    }
    return { slots, emits: interleave(perPod) };
  }
  /** Pods of a ReplicaSet currently known, oldest first (for scale-down). */
  podsOf(rs: ReplicaSetState): PodState[] {
    return this.c.running.values().filter((p) => p.owner.uid === rs.uid);
  }

  /** A healthy RollingUpdate (maxSurge 25% → 1, maxUnavailable 25% → 0 for small replica counts). */
  rollout(d: Deployment, image: string): Emit[] {
    const old = d.current;
    const replicas = d.w.replicas;
    const out: Emit[] = [];
    let rs: ReplicaSetState | undefined;
    const oldPods: PodState[] = [];
    out.push((at) => {
      oldPods.push(...this.podsOf(old));
      rs = this.c.newReplicaSet(d, { ...d.w.container, image }, at);
      this.scaleRs(d, rs, 1)(at);
    });
    for (let i = 1; i <= replicas; i++) {
      const slot: PodSlot = {};
      const start = this.startup(slot, i === 1);
      out.push((at) => this.rsCreate(d, rs!, slot)(at), this.scheduled(slot), ...start.slice(0, -1));
      out.push((at) => {
        start[start.length - 1]!(at);
        rs!.ready++;
        this.c.putReplicaSet(rs!);
        this.c.putDeployment(d);
      });
      out.push((at) => this.scaleRs(d, old, replicas - i)(at));
      const del = this.rsDelete(d, old, () => oldPods.shift());
      out.push(...del);
      if (i < replicas) out.push((at) => this.scaleRs(d, rs!, i + 1)(at));
    }
    return out;
  }

  // ---- CronJobs ----
  /**
   * The schedule slot due at `at` (every N minutes, or hourly), or undefined if that slot already
   * ran: a CronJob creates one Job per scheduled time, named after it.
   */
  cronSlot(cj: CronJobState, at: Date): Date | undefined {
    const m = /^\*\/(\d+) /.exec(cj.schedule);
    const period = (m ? Number(m[1]) : 60) * 60_000;
    const slot = new Date(Math.floor(at.getTime() / period) * period);
    return cj.lastSchedule && cj.lastSchedule.getTime() >= slot.getTime() ? undefined : slot;
  }

  /** One CronJob run: Job, pod, completion, history cleanup (successfulJobsHistoryLimit 3). */
  cronRun(cj: CronJobState, scheduled: Date): Emit[] {
    cj.lastSchedule = scheduled;
    const cjRef = () => this.c.ref('CronJob', 'batch/v1', cj);
    const slot: PodSlot = {};
    let job: ReturnType<SimCluster['job']> | undefined;
    const history = this.jobHistory.get(cj) ?? [];
    this.jobHistory.set(cj, history);
    const out: Emit[] = [
      (at) => {
        job = this.c.job(cj, cronJobChildName(cj.name, scheduled), at);
        cj.active = [job.name];
        this.c.putCronJob(cj);
        this.ctrl('cronjob-controller').event(cjRef(), 'Normal', 'SuccessfulCreate', msg.createdJob(job.name), at);
      },
      (at) => {
        slot.pod = this.c.newPod({ apiVersion: 'batch/v1', kind: 'Job', name: job!.name, uid: job!.uid, controller: true, blockOwnerDeletion: true },
          cj.namespace, `${job!.name}-${randSuffix(this.rng)}`, cj.container,
          { 'batch.kubernetes.io/controller-uid': job!.uid, 'batch.kubernetes.io/job-name': job!.name, 'controller-uid': job!.uid, 'job-name': job!.name }, at,
          { restartPolicy: 'OnFailure' });
        this.ctrl('job-controller').event(this.c.ref('Job', 'batch/v1', job!), 'Normal', 'SuccessfulCreate', msg.createdPod(slot.pod.name), at);
      },
      this.scheduled(slot),
      ...this.startup(slot, false),
      (at) => {
        this.c.complete(slot.pod!, at);
        job!.active = 0;
        job!.succeeded = 1;
        job!.completed = at;
        this.c.putJob(job!);
        this.ctrl('job-controller').event(this.c.ref('Job', 'batch/v1', job!), 'Normal', 'Completed', msg.JOB_COMPLETED, at);
      },
      (at) => {
        cj.active = [];
        this.c.putCronJob(cj);
        history.push({ job: job!.name, pod: slot.pod });
        this.ctrl('cronjob-controller').event(cjRef(), 'Normal', 'SawCompletedJob', msg.sawCompletedJob(job!.name, 'Complete'), at);
      },
    ];
    if (history.length >= 3) {
      out.push((at) => {
        const old = history.shift()!;
        this.c.writer.deleteObject('jobs', cj.namespace, old.job);
        if (old.pod) this.c.deletePod(old.pod);
        this.ctrl('cronjob-controller').event(cjRef(), 'Normal', 'SuccessfulDelete', msg.deletedJob(old.job), at);
      });
    }
    return out;
  }
}
