// `incident` (the default): a bad rollout of shop/web and what follows, told one event per step
// over several namespaces, with steady Normal churn around it.
//   step ~30   web → v2.5.0, a tag that does not exist: ErrImagePull / ImagePullBackOff
//   step ~150  hotfix v2.5.1 pulls fine but is OOMKilled: CrashLoopBackOff, kernel-monitor OOMKilling
//   step ~300  node-4 runs out of memory: evictions (metrics-server among them) → HPAs lose metrics
//   step ~380  node-4 goes NotReady; ~440 taint eviction, replacements: FailedScheduling, Multi-Attach
//   step ~600  metrics return, HPA scales web to 6; ~900 rollback; ~1200 node-4 recovers
//   then waves every 450 steps: liveness failures, a failing backup Job, a registry-auth pull failure.
import type { NodeState, PodState, ReplicaSetState, Taint } from '../cluster.js';
import * as msg from '../messages.js';
import type { ObjectRef } from '../recorder.js';
import type { ClusterWriter, Rng, Scenario } from '../types.js';
import type { Deployment } from '../workloads.js';
import { Background } from './background.js';
import type { PodSlot } from './kit.js';
import { Pool, Script, type Emit } from './plan.js';
import { buildWorld, type World } from './world.js';

const BACKOFFS = ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s'];

class Incident {
  private story = new Script();
  private pool = new Pool();
  private bg: Background;
  private n = 0;
  private timers: Array<{ at: number; run: () => void }> = [];
  private wave = 0;

  constructor(private w: World) {
    this.bg = new Background(w, { blips: true, rollouts: [w.cart, w.api], rolloutFrom: 0.96 });
    this.after(30, () => this.badRollout());
    this.after(150, () => this.hotfix());
    this.after(300, () => this.memoryPressure());
    this.after(380, () => this.nodeNotReady());
    this.after(440, () => this.taintEviction());
    this.after(600, () => this.metricsBack());
    this.after(900, () => this.rollback());
    this.after(1200, () => this.nodeRecovers());
    this.after(1500, () => this.nextWave());
  }

  private get kit() {
    return this.w.kit;
  }

  /** Runs `run` once the step count reaches now + steps. */
  private after(steps: number, run: () => void): void {
    const at = this.n + steps;
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > at) i--;
    this.timers.splice(i, 0, { at, run });
  }

  private now = new Date(0);

  step(at: Date): void {
    this.now = at;
    this.n++;
    while (this.timers.length && this.timers[0]!.at <= this.n) this.timers.shift()!.run();
    const rec = this.kit.rec;
    const before = rec.writes;
    // A step is exactly one occurrence; an emit that finds nothing to do yields to the next source.
    for (let tries = 0; tries < 8 && rec.writes === before; tries++) this.choose(tries)(at);
  }

  private choose(tries: number): Emit {
    const rng = this.kit.rng;
    if (this.story.length && tries < 4 && rng.next() < 0.6) return this.story.shift()!;
    if (this.pool.size && tries < 6 && rng.next() < 0.45) return this.pool.pick(rng)!;
    return this.bg.next(this.now);
  }

  // ---- helpers ----
  private kubelet(p: PodState) {
    return this.kit.kubelet(p.nodeName ?? 'node-1');
  }
  private podEvent(p: PodState, type: 'Normal' | 'Warning', reason: string, message: string, at: Date, container = true) {
    if (p.gone) return; // the kubelet says nothing more about a deleted pod
    this.kubelet(p).event(this.kit.c.podRef(p, container), type, reason, message, at);
  }
  private webRef(): ObjectRef {
    return this.kit.c.ref('Deployment', 'apps/v1', this.w.web.w);
  }
  private node4(): NodeState {
    return this.w.nodes[3]!;
  }

  /** The kubelet's image-pull failure loop for one pod, as pool entries. */
  private pullLoop(id: string, p: PodState, err: string): void {
    const image = p.container.image;
    const forms: Array<[number, 'Normal' | 'Warning', string, string]> = [
      [3, 'Normal', 'BackOff', msg.backOffPull(image)],
      [3, 'Warning', 'Failed', msg.errorOf('ImagePullBackOff')],
      [1, 'Normal', 'Pulling', msg.pulling(image)],
      [1, 'Warning', 'Failed', msg.failedPull(image, err)],
      [1, 'Warning', 'Failed', msg.errorOf('ErrImagePull')],
    ];
    forms.forEach(([weight, type, reason, message], i) => this.pool.add(`${id}/${i}`, weight, (at) => this.podEvent(p, type, reason, message, at)));
  }

  /** The first failed pull of a pod: four events, then the loop. */
  private failPull(slot: PodSlot, id: string, err: (image: string) => string): Emit[] {
    const p = () => slot.pod!;
    return [
      (at) => this.podEvent(p(), 'Normal', 'Pulling', msg.pulling(p().container.image), at),
      (at) => {
        const e = err(p().container.image);
        this.kit.c.waiting(p(), 'ErrImagePull', e, at);
        this.podEvent(p(), 'Warning', 'Failed', msg.failedPull(p().container.image, e), at);
      },
      (at) => this.podEvent(p(), 'Warning', 'Failed', msg.errorOf('ErrImagePull'), at),
      (at) => {
        this.kit.c.waiting(p(), 'ImagePullBackOff', msg.backOffPull(p().container.image), at);
        this.podEvent(p(), 'Normal', 'BackOff', msg.backOffPull(p().container.image), at);
      },
      (at) => {
        this.podEvent(p(), 'Warning', 'Failed', msg.errorOf('ImagePullBackOff'), at);
        this.pullLoop(id, p(), err(p().container.image));
      },
    ];
  }

  /** A container that is OOMKilled shortly after every start: CrashLoopBackOff for good. */
  private crashLoop(p: PodState): void {
    const id = `crash/${p.name}`;
    const oom = (at: Date) => {
      const node = p.nodeName!;
      this.kit.kernelMonitor(node).event({ kind: 'Node', name: node, uid: node }, 'Warning', 'OOMKilling',
        msg.kernelOom(1000 + this.kit.rng.int(60000), 'node', 780000 + this.kit.rng.int(9000)), at);
      const b = BACKOFFS[Math.min(p.restartCount, BACKOFFS.length - 1)]!;
      this.kit.c.crash(p, 'OOMKilled', 137, b, msg.crashLoopWaiting(b, p.container.name, p.name, p.namespace, p.uid), at);
    };
    this.pool.add(`${id}/backoff`, 4, (at) => this.podEvent(p, 'Warning', 'BackOff', msg.backOffRestart(p.container.name, p.name, p.namespace, p.uid), at));
    this.pool.add(`${id}/ready`, 1, (at) => this.podEvent(p, 'Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(503)), at));
    this.pool.add(`${id}/restart`, 1, (at) => this.podEvent(p, 'Normal', 'Pulled', msg.alreadyPresent(p.container.image), at));
    this.pool.add(`${id}/created`, 1, (at) => this.podEvent(p, 'Normal', 'Created', msg.created(p.container.name), at));
    this.pool.add(`${id}/started`, 1, (at) => this.podEvent(p, 'Normal', 'Started', msg.started(p.container.name), at));
    this.pool.add(`${id}/oom`, 1, oom);
  }

  /** The first OOM cycles of a freshly started pod, then the loop. */
  private firstCrashes(slot: PodSlot): Emit[] {
    const p = () => slot.pod!;
    const oom = (at: Date) => {
      const node = p().nodeName!;
      this.kit.kernelMonitor(node).event({ kind: 'Node', name: node, uid: node }, 'Warning', 'OOMKilling',
        msg.kernelOom(1000 + this.kit.rng.int(60000), 'node', 780000 + this.kit.rng.int(9000)), at);
      const b = BACKOFFS[Math.min(p().restartCount, BACKOFFS.length - 1)]!;
      this.kit.c.crash(p(), 'OOMKilled', 137, b, msg.crashLoopWaiting(b, p().container.name, p().name, p().namespace, p().uid), at);
    };
    const restart: Emit[] = [
      (at) => this.podEvent(p(), 'Normal', 'Pulled', msg.alreadyPresent(p().container.image), at),
      (at) => this.podEvent(p(), 'Normal', 'Created', msg.created(p().container.name), at),
      (at) => {
        this.kit.c.start(p(), at);
        this.kit.c.waiting(p(), 'Running', undefined, at);
        this.kit.c.start(p(), at);
        p().ready = false;
        this.kit.c.putPod(p(), at);
        this.podEvent(p(), 'Normal', 'Started', msg.started(p().container.name), at);
      },
    ];
    return [
      (at) => this.podEvent(p(), 'Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(503)), at),
      (at) => this.podEvent(p(), 'Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(503)), at),
      oom,
      ...restart,
      (at) => this.podEvent(p(), 'Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(503)), at),
      oom,
      (at) => {
        this.podEvent(p(), 'Warning', 'BackOff', msg.backOffRestart(p().container.name, p().name, p().namespace, p().uid), at);
        this.crashLoop(p());
      },
    ];
  }

  /** replicaset-controller replaces a pod; the scheduler cannot place it. */
  private pendingPod(d: Deployment, rs: ReplicaSetState): Emit[] {
    const slot: PodSlot = {};
    return [
      this.kit.rsCreate(d, rs, slot),
      (at) => {
        const p = slot.pod!;
        const note = this.unschedulable();
        p.unschedulable = note;
        this.pendingByName.set(p.name, p);
        this.kit.c.putPod(p, at);
        const fail = (t: Date) => this.kit.scheduler.eventf(this.kit.c.podRef(p), undefined, 'Warning', 'FailedScheduling', 'Scheduling', this.unschedulable(), t);
        fail(at);
        this.pool.add(`pending/${p.name}`, 2, fail);
      },
    ];
  }

  /** The scheduler's diagnosis for a 500m pod while node-4 is tainted and the rest are full. */
  private unschedulable(): string {
    const n4 = this.node4();
    const total = this.w.nodes.length;
    const reasons: Record<string, number> = {};
    const pre: Record<string, number> = {};
    const tainted = n4.taints.find((t) => t.effect === 'NoSchedule');
    if (tainted) {
      reasons[msg.untoleratedTaint(tainted.key)] = 1;
      pre[msg.PREEMPTION_NOT_HELPFUL] = 1;
    }
    const full = tainted ? total - 1 : total;
    reasons['Insufficient cpu'] = full;
    pre[msg.NO_VICTIMS] = full;
    return msg.fitError(total, reasons, pre);
  }

  // ---- the story ----
  private badRollout(): void {
    const { web } = this.w;
    const slot: PodSlot = {};
    let rs: ReplicaSetState;
    this.story.push(
      (at) => {
        rs = this.kit.c.newReplicaSet(web, { ...web.w.container, image: 'ghcr.io/acme/shop-web:v2.5.0' }, at);
        this.kit.scaleRs(web, rs, 1)(at);
      },
      (at) => this.kit.rsCreate(web, rs, slot)(at),
      this.kit.scheduled(slot),
      ...this.failPull(slot, 'pull/web', msg.pullNotFound),
    );
    this.badPod = slot;
  }
  private badPod: PodSlot = {};
  private crashRs?: ReplicaSetState;

  private hotfix(): void {
    const { web } = this.w;
    const old = web.replicaSets[1]!;
    const slot: PodSlot = {};
    let rs: ReplicaSetState;
    this.story.push(
      (at) => {
        this.pool.removePrefix('pull/web');
        rs = this.crashRs = this.kit.c.newReplicaSet(web, { ...web.w.container, image: 'ghcr.io/acme/shop-web:v2.5.1' }, at);
        web.progressing = { ok: false, rs: rs.name, at };
        this.kit.scaleRs(web, rs, 1)(at);
      },
      this.kit.scaleRs(web, old, 0),
      this.kit.rsDelete(web, old, () => this.badPod.pod)[0]!,
      (at) => this.kit.rsCreate(web, rs, slot)(at),
      this.kit.scheduled(slot, () => this.kit.pickNode('node-4')),
      ...this.kit.startup(slot, true),
      (at) => {
        // rsDelete left the container-less pod's deletion to us (the kubelet never started it).
        if (this.badPod.pod) this.kit.c.deletePod(this.badPod.pod);
        this.podEvent(slot.pod!, 'Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(503)), at);
        slot.pod!.ready = false;
        this.kit.c.putPod(slot.pod!, at);
      },
      ...this.firstCrashes(slot),
    );
  }

  private memoryPressure(): void {
    const n4 = this.node4();
    const k = this.kit;
    const nodeEvent = (type: 'Normal' | 'Warning', reason: string, message: string) => (at: Date) =>
      k.kubelet(n4.name).event(k.c.kubeletNodeRef(n4), type, reason, message, at);
    const victims = () => k.c.podsOn(n4.name).filter((p) => p.owner.kind === 'ReplicaSet' && (p.labels.app === 'metrics-server' || p.labels.app === 'worker'));
    const evicted: PodState[] = [];
    this.story.push(
      (at) => {
        n4.memoryPressure = true;
        n4.pressureSince = at;
        n4.taints = [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule', timeAdded: at.toISOString().slice(0, 19) + 'Z' }];
        k.c.putNode(n4, at);
        nodeEvent('Normal', 'NodeHasInsufficientMemory', msg.nodeStatusNow(n4.name, 'NodeHasInsufficientMemory'))(at);
      },
      nodeEvent('Warning', 'EvictionThresholdMet', msg.reclaiming('memory')),
    );
    for (let i = 0; i < 2; i++) {
      this.story.push(
        (at) => {
          const p = victims()[0];
          if (!p) return;
          evicted.push(p);
          const usage = 600_000 + k.rng.int(400_000);
          const m = msg.evictedMemory('100Mi', 40_000 + k.rng.int(60_000), p.container.name, usage, p.container.memory);
          k.c.evict(p, m, at);
          this.podEvent(p, 'Warning', 'Evicted', m, at, false);
        },
        (at) => {
          const p = evicted[i];
          if (p) this.podEvent(p, 'Normal', 'Killing', msg.stopping(p.container.name), at);
        },
      );
    }
    // Replacements land elsewhere; metrics-server comes back but is not ready for a while.
    for (const d of [this.w.metrics, this.w.worker]) {
      const slot: PodSlot = {};
      this.story.push(
        (at) => {
          d.current.ready = Math.max(0, d.current.ready - 1);
          k.rsCreate(d, d.current, slot)(at);
          d.current.updated--;
        },
        k.scheduled(slot, () => k.pickNode(n4.name)),
        ...k.startup(slot, true),
      );
      if (d === this.w.metrics) {
        this.story.push((at) => {
          const p = slot.pod!;
          p.ready = false;
          k.c.putPod(p, at);
          const fail = (t: Date) => this.podEvent(p, 'Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(500)), t);
          fail(at);
          this.pool.add('metrics/ready', 1, fail);
          this.metricsPod = p;
        });
      }
    }
    // Both HPAs lose their metrics as soon as metrics-server is gone.
    for (const h of [this.w.hpaWeb, this.w.hpaCart]) {
      const ref = () => k.c.ref('HorizontalPodAutoscaler', 'autoscaling/v2', h);
      const getMetric = (at: Date) => k.ctrl('horizontal-pod-autoscaler').event(ref(), 'Warning', 'FailedGetResourceMetric', msg.NO_CPU_METRICS, at);
      const compute = (at: Date) => k.ctrl('horizontal-pod-autoscaler').event(ref(), 'Warning', 'FailedComputeMetricsReplicas', msg.invalidMetrics(msg.NO_CPU_METRICS), at);
      this.story.push(
        (at) => {
          h.cpu = undefined;
          k.c.putHpa(h, at);
          getMetric(at);
          this.pool.add(`hpa/${h.name}/get`, 1, getMetric);
        },
        (at) => {
          compute(at);
          this.pool.add(`hpa/${h.name}/compute`, 1, compute);
        },
      );
    }
  }
  private metricsPod?: PodState;

  private nodeNotReady(): void {
    const n4 = this.node4();
    const k = this.kit;
    this.story.push(
      (at) => {
        n4.ready = 'False';
        n4.readySince = at;
        const added = at.toISOString().slice(0, 19) + 'Z';
        const taints: Taint[] = [
          { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: added },
          { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: added },
        ];
        n4.taints = taints;
        k.c.putNode(n4, at);
        k.kubelet(n4.name).event(k.c.kubeletNodeRef(n4), 'Normal', 'NodeNotReady', msg.nodeStatusNow(n4.name, 'NodeNotReady'), at);
      },
      (at) => k.ctrl('node-controller').event(k.c.nodeRef(n4), 'Normal', 'NodeNotReady', msg.nodeStatusNow(n4.name, 'NodeNotReady'), at),
    );
    // MarkPodsNotReady: a Warning on every pod still bound to the node.
    this.story.push((at) => {
      for (const p of [...k.c.podsOn(n4.name)]) {
        p.ready = false;
        k.c.putPod(p, at);
        this.story.push((t) => k.ctrl('node-controller').event(k.c.podRef(p), 'Warning', 'NodeNotReady', msg.NODE_IS_NOT_READY, t));
      }
      this.story.shift()!(at);
    });
  }

  private taintEviction(): void {
    const n4 = this.node4();
    const k = this.kit;
    const { web, grafana } = this.w;
    this.story.push((at) => {
      // DaemonSet pods tolerate not-ready/unreachable forever; everything else goes after 300 s.
      const victims = k.c.podsOn(n4.name).filter((p) => p.owner.kind !== 'DaemonSet');
      for (const p of victims) {
        this.story.push((t) => {
          k.ctrl('taint-eviction-controller').event({ apiVersion: 'v1', kind: 'Pod', namespace: p.namespace, name: p.name }, 'Normal', 'TaintManagerEviction',
            msg.markingForDeletion(p.namespace, p.name), t);
          k.c.deletePod(p);
        });
        const d = p.labels.app === 'web' ? web : p.labels.app === 'grafana' ? grafana : undefined;
        if (d === web) {
          const rs = web.replicaSets.find((r) => r.uid === p.owner.uid)!;
          rs.ready = Math.max(0, rs.ready - 1);
          rs.updated--;
          this.story.push(...this.pendingPod(web, rs));
        } else if (d === grafana) this.story.push(...this.grafanaMove(p));
      }
      this.story.shift()!(at);
    });
  }

  /** RWO volume still attached to node-4: Multi-Attach, then the kubelet's mount timeout loop. */
  private grafanaMove(old: PodState): Emit[] {
    const k = this.kit;
    const d = this.w.grafana;
    const slot: PodSlot = {};
    const vol = this.w.grafanaPvc.volume!;
    return [
      (at) => {
        d.current.ready = 0;
        k.rsCreate(d, d.current, slot)(at);
        d.current.updated--;
        slot.pod!.volumes = [{ name: 'storage', claim: 'grafana' }];
        k.c.putPod(slot.pod!, at);
      },
      k.scheduled(slot, () => k.c.node('node-2')),
      (at) => {
        k.ctrl('attachdetach-controller').event(k.c.podRef(slot.pod!), 'Warning', 'FailedAttachVolume', msg.multiAttach(vol, [old.name]), at);
        this.grafanaPod = slot.pod;
      },
      (at) => {
        const p = slot.pod!;
        const fail = (t: Date) => this.podEvent(p, 'Warning', 'FailedMount', msg.unableToMount(['storage'], ['storage']), t, false);
        fail(at);
        this.pool.add('grafana/mount', 1, fail);
      },
    ];
  }
  private grafanaPod?: PodState;

  private metricsBack(): void {
    const k = this.kit;
    const { web, hpaWeb, hpaCart } = this.w;
    const rs1 = web.replicaSets[0]!;
    this.story.push((at) => {
      this.pool.remove('metrics/ready');
      this.pool.removePrefix('hpa/');
      const p = this.metricsPod;
      if (p) {
        p.ready = true;
        k.c.putPod(p, at);
      }
      hpaCart.cpu = 48;
      k.c.putHpa(hpaCart, at);
      hpaWeb.cpu = 96;
      hpaWeb.current = web.w.replicas;
      hpaWeb.desired = 6;
      // currentReplicas catches up on the next sync, once the Deployment has scaled.
      hpaWeb.lastScale = at;
      k.c.putHpa(hpaWeb, at);
      k.ctrl('horizontal-pod-autoscaler').event(k.c.ref('HorizontalPodAutoscaler', 'autoscaling/v2', hpaWeb), 'Normal', 'SuccessfulRescale', msg.newSize(6, msg.CPU_ABOVE), at);
    });
    // Proportional scaling across the old and the (crashing) new ReplicaSet: 6 + maxSurge 1.
    this.story.push(
      (at) => {
        web.w.replicas = 6;
        k.scaleRs(web, rs1, 5)(at);
      },
      (at) => this.crashRs && k.scaleRs(web, this.crashRs, 2)(at),
      ...this.pendingPod(web, rs1),
      ...this.pendingPod(web, rs1),
    );
    const slot: PodSlot = {};
    this.story.push(
      (at) => this.crashRs && k.rsCreate(web, this.crashRs, slot)(at),
      k.scheduled(slot, () => k.pickNode('node-4')),
      ...k.startup(slot, false),
      ...this.firstCrashes(slot),
    );
    // Six minutes after node-4 went away the attach/detach controller force-detaches the volume.
    this.after(80, () => this.grafanaRecovers());
  }

  private grafanaRecovers(): void {
    const k = this.kit;
    const slot: PodSlot = {};
    this.story.push(
      (at) => {
        this.pool.remove('grafana/mount');
        slot.pod = this.grafanaPod;
        if (slot.pod) k.ctrl('attachdetach-controller').event(k.c.podRef(slot.pod), 'Normal', 'SuccessfulAttachVolume', msg.attachSucceeded(this.w.grafanaPvc.volume!), at);
      },
      ...k.startup(slot, true),
      (at) => {
        this.w.grafana.current.ready = 1;
        k.c.putReplicaSet(this.w.grafana.current);
        k.c.putDeployment(this.w.grafana);
        // One more dashboard-provisioning readiness failure while the plugin cache warms up.
        if (slot.pod) this.podEvent(slot.pod, 'Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(503)), at);
      },
    );
  }

  /** `kubectl rollout undo`: the old template becomes current again, the crashing RS goes to 0. */
  private rollback(): void {
    const k = this.kit;
    const { web } = this.w;
    const rs1 = web.replicaSets[0]!;
    const bad = this.crashRs;
    this.story.push((at) => {
      web.current = rs1;
      web.revision++;
      rs1.revision = web.revision;
      web.w.container = rs1.container;
      web.w.generation++;
      k.c.putReplicaSet(rs1);
      k.c.putDeployment(web);
      if (bad) k.scaleRs(web, bad, 0)(at);
    });
    if (bad) {
      for (let i = 0; i < 2; i++) {
        let victim: PodState | undefined;
        this.story.push(...k.rsDelete(web, bad, () => {
          victim = k.c.podsOn('node-1').concat(k.c.podsOn('node-2'), k.c.podsOn('node-3'), k.c.podsOn('node-5')).find((p) => p.owner.uid === bad.uid);
          if (victim) this.pool.removePrefix(`crash/${victim.name}`);
          return victim;
        }));
      }
    }
    this.story.push(
      (at) => {
        web.progressing = { ok: true, rs: rs1.name, at };
        this.w.hpaWeb.current = 6;
        k.c.putHpa(this.w.hpaWeb, at);
        k.scaleRs(web, rs1, 6)(at);
      },
      ...this.pendingPod(web, rs1),
    );
  }

  private nodeRecovers(): void {
    const n4 = this.node4();
    const k = this.kit;
    const nodeEvent = (reason: string, message: string) => (at: Date) => k.kubelet(n4.name).event(k.c.kubeletNodeRef(n4), 'Normal', reason, message, at);
    this.story.push(
      (at) => {
        n4.ready = 'True';
        n4.readySince = at;
        n4.memoryPressure = false;
        n4.pressureSince = at;
        n4.taints = [];
        k.c.putNode(n4, at);
        nodeEvent('Starting', 'Starting kubelet.')(at);
      },
      nodeEvent('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods'),
      nodeEvent('NodeHasSufficientMemory', msg.nodeStatusNow(n4.name, 'NodeHasSufficientMemory')),
      nodeEvent('NodeHasNoDiskPressure', msg.nodeStatusNow(n4.name, 'NodeHasNoDiskPressure')),
      nodeEvent('NodeHasSufficientPID', msg.nodeStatusNow(n4.name, 'NodeHasSufficientPID')),
      nodeEvent('NodeReady', msg.nodeStatusNow(n4.name, 'NodeReady')),
      // kube-proxy records its start on the Node through events.k8s.io, with an empty note.
      (at) => k.kubeProxy(n4.name).eventf(k.c.kubeletNodeRef(n4), undefined, 'Normal', 'Starting', 'StartKubeProxy', '', at),
      (at) => {
        // Pending web pods finally fit: on node-4.
        const web = this.w.web;
        const pending = web.replicaSets[0]!;
        const pods = this.pendingWebPods();
        for (const p of pods) {
          this.pool.remove(`pending/${p.name}`);
          this.pendingByName.delete(p.name);
          const slot: PodSlot = { pod: p };
          this.story.push(k.scheduled(slot, () => n4), ...k.startup(slot, pods.indexOf(p) === 0), (t) => {
            pending.ready++;
            k.c.putReplicaSet(pending);
            k.c.putDeployment(web);
            void t;
          });
        }
        this.story.shift()?.(at);
      },
    );
  }
  private pendingWebPods(): PodState[] {
    return this.pendingNames().map((name) => this.pendingByName.get(name)!).filter(Boolean);
  }
  private pendingByName = new Map<string, PodState>();
  private pendingNames(): string[] {
    return [...this.pendingByName.keys()];
  }

  // ---- waves after the main story ----
  private nextWave(): void {
    const waves = [() => this.livenessWave(), () => this.backupFails(), () => this.registryAuthWave()];
    waves[this.wave++ % waves.length]!();
    this.after(450, () => this.nextWave());
  }

  /** payments/api under load: liveness timeouts, a restart, lingering probe failures. */
  private livenessWave(): void {
    const k = this.kit;
    const pods = k.podsOf(this.w.api.current);
    const p = pods.length ? k.rng.pick(pods) : undefined;
    if (!p?.podIP) return;
    const url = `http://${p.podIP}:${p.container.port}${p.container.probes!.liveness}`;
    const live = (at: Date) => this.podEvent(p, 'Warning', 'Unhealthy', msg.probeFailed('Liveness', msg.httpTimeout(url)), at);
    const ready = (at: Date) => this.podEvent(p, 'Warning', 'Unhealthy',
      msg.probeFailed('Readiness', msg.httpTimeout(`http://${p.podIP}:${p.container.port}${p.container.probes!.readiness}`)), at);
    this.story.push(ready, live, live, live,
      (at) => this.podEvent(p, 'Normal', 'Killing', msg.failedLiveness(p.container.name), at),
      (at) => this.podEvent(p, 'Normal', 'Pulled', msg.alreadyPresent(p.container.image), at),
      (at) => this.podEvent(p, 'Normal', 'Created', msg.created(p.container.name), at),
      (at) => {
        p.restartCount++;
        p.lastTerminated = { reason: 'Error', exitCode: 137, since: p.created, finished: at };
        k.c.start(p, at);
        this.podEvent(p, 'Normal', 'Started', msg.started(p.container.name), at);
        this.pool.add(`live/${p.name}`, 1, live);
        this.pool.add(`live/${p.name}/ready`, 1, ready);
      },
    );
    this.after(400, () => this.pool.removePrefix(`live/${p.name}`));
  }

  /** The hourly pg-backup Job fails three times and hits its backoffLimit. */
  private backupFails(): void {
    const k = this.kit;
    const cj = this.w.backup;
    const run = k.cronRun(cj, k.cronSlot(cj, this.now) ?? new Date(Math.floor(this.now.getTime() / 3_600_000) * 3_600_000 + 3_600_000));
    // Keep creation, scheduling and start (first 6), then fail instead of completing.
    const slotPod = () => k.c.podsOn('node-1').concat(k.c.podsOn('node-2'), k.c.podsOn('node-3'), k.c.podsOn('node-4'), k.c.podsOn('node-5'))
      .find((p) => p.labels['job-name'] !== undefined && p.namespace === cj.namespace && p.container.name === 'pg-backup' && p.phase === 'Running');
    const back = (at: Date) => {
      const p = slotPod();
      if (!p) return;
      const b = BACKOFFS[Math.min(p.restartCount, BACKOFFS.length - 1)]!;
      k.c.crash(p, 'Error', 1, b, msg.crashLoopWaiting(b, p.container.name, p.name, p.namespace, p.uid), at);
      this.podEvent(p, 'Warning', 'BackOff', msg.backOffRestart(p.container.name, p.name, p.namespace, p.uid), at);
      k.c.start(p, at);
    };
    let jobName = '';
    this.story.push(...run.slice(0, 6), back, back, back, (at) => {
      const p = slotPod();
      if (!p) return;
      jobName = p.labels['job-name']!;
      k.c.crash(p, 'Error', 1, '5m0s', '', at);
      p.phase = 'Failed';
      k.c.putPod(p, at);
      k.ctrl('job-controller').event({ kind: 'Job', namespace: cj.namespace, name: jobName, uid: p.owner.uid, apiVersion: 'batch/v1' }, 'Warning', 'BackoffLimitExceeded', msg.BACKOFF_LIMIT, at);
    }, (at) => {
      cj.active = [];
      k.c.putCronJob(cj);
      k.ctrl('cronjob-controller').event(k.c.ref('CronJob', 'batch/v1', cj), 'Warning', 'SawCompletedJob', msg.sawCompletedJob(jobName, 'Failed'), at);
    });
  }

  /** A worker rollout from a repository the pull secret no longer covers; fixed 300 steps later. */
  private registryAuthWave(): void {
    const k = this.kit;
    const d = this.w.worker;
    const old = d.current;
    const slot: PodSlot = {};
    let rs: ReplicaSetState;
    const version = `v3.9.${this.wave}`;
    this.story.push(
      (at) => {
        rs = k.c.newReplicaSet(d, { ...d.w.container, image: `ghcr.io/acme/payments-worker:${version}` }, at);
        k.scaleRs(d, rs, 1)(at);
      },
      (at) => k.rsCreate(d, rs, slot)(at),
      k.scheduled(slot),
      ...this.failPull(slot, 'pull/worker', msg.pullUnauthorized),
    );
    this.after(300, () => {
      const replicas = d.w.replicas;
      const start = k.startup(slot, true);
      this.story.push(
        (at) => {
          this.pool.removePrefix('pull/worker');
          start[0]!(at);
        },
        ...start.slice(1, -1),
        (at) => {
          start[start.length - 1]!(at);
          rs.ready++;
          k.c.putReplicaSet(rs);
        },
      );
      for (let i = 1; i <= replicas; i++) {
        this.story.push(
          (at) => k.scaleRs(d, old, Math.max(0, replicas - i))(at),
          ...k.rsDelete(d, old, () => k.podsOf(old)[0]),
        );
        if (i < replicas) this.story.push((at) => k.scaleRs(d, rs, i + 1)(at), ...k.rsPods(d, rs, 1, false).emits);
      }
    });
  }

}

export function incidentScenario(): Scenario {
  let incident: Incident | undefined;
  return {
    name: 'incident',
    description: 'A bad rollout of shop/web (ImagePullBackOff, then an OOMKilled hotfix), node-4 failing under memory pressure, evictions, FailedScheduling, a stuck volume and blind HPAs — amid steady CronJob and scaling noise',
    setup(c: ClusterWriter, rng: Rng, at: Date) {
      incident = new Incident(buildWorld(c, rng, at));
    },
    step(_c: ClusterWriter, _rng: Rng, at: Date) {
      if (!incident) throw new Error('incident: step() called before setup()');
      incident.step(at);
    },
  };
}
