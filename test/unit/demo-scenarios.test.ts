// The simulated cluster and its scenarios, against an in-memory ClusterWriter: determinism,
// realistic fields, resolvable ownerReferences, recorder semantics (counts, series, combined
// messages, Node events in `default`) and the cost of 100,000 steps (printed, not asserted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../demo/rng.js';
import { podTemplateHash, randSuffix } from '../../demo/names.js';
import { COMBINED_PREFIX, Recorders } from '../../demo/recorder.js';
import { getScenario, scenarioNames } from '../../demo/scenarios/index.js';
import type { CoreEvent, KubeObject } from '../../demo/types.js';
import { MemWriter } from './demo-memwriter.js';

const T0 = Date.parse('2025-05-01T10:00:00Z');
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\.[0-9a-f]{16}$/;
const SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

function run(name: string, steps: number, seed = 42, spacingMs = 200, onStep?: (i: number, w: MemWriter) => void) {
  const w = new MemWriter();
  const s = getScenario(name);
  const rng = createRng(seed);
  s.setup(w, rng, new Date(T0));
  for (let i = 0; i < steps; i++) {
    s.step(w, rng, new Date(T0 + i * spacingMs));
    onStep?.(i + 1, w);
  }
  return w;
}

const source = (e: CoreEvent) => e.source?.component || e.reportingComponent || '';
const latest = (w: MemWriter) => [...w.events.values()];

test('rng is seeded, deterministic and in range', () => {
  const a = createRng(1);
  const b = createRng(1);
  const c = createRng(2);
  const xs = Array.from({ length: 50 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 50 }, () => b.next()));
  assert.notDeepEqual(xs, Array.from({ length: 50 }, () => c.next()));
  for (let i = 0; i < 1000; i++) {
    const n = a.int(7);
    assert.ok(Number.isInteger(n) && n >= 0 && n < 7);
  }
  assert.match(a.hex(16), /^[0-9a-f]{16}$/);
  assert.throws(() => a.pick([]));
});

test('names use the Kubernetes alphabets', () => {
  const rng = createRng(3);
  for (let i = 0; i < 200; i++) {
    assert.match(podTemplateHash(rng), /^[4-9bcdf]{10}$/);
    assert.match(randSuffix(rng), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  }
});

test('legacy recorder: names, exact repeats PATCH count, Node events in default', () => {
  const w = new MemWriter();
  const rec = new Recorders(w, createRng(1));
  const kubelet = rec.legacy('kubelet', 'node-1');
  const pod = { kind: 'Pod', namespace: 'shop', name: 'web-7d5bc9f8d6-x2x9k', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' };
  const first = kubelet.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod web-7d5bc9f8d6-x2x9k_shop(u1)', new Date(T0));
  assert.match(first.metadata.name, NAME);
  assert.ok(first.metadata.name.startsWith('web-7d5bc9f8d6-x2x9k.'));
  assert.equal(first.count, 1);
  assert.equal(first.firstTimestamp, '2025-05-01T10:00:00Z');
  assert.deepEqual(first.source, { component: 'kubelet', host: 'node-1' });
  assert.equal(first.reportingComponent, 'kubelet');
  assert.equal(first.reportingInstance, 'node-1');
  assert.equal(first.eventTime, null);
  const again = kubelet.event(pod, 'Warning', 'BackOff', first.message!, new Date(T0 + 30_000));
  assert.equal(again.metadata.name, first.metadata.name);
  assert.equal(again.count, 2);
  assert.equal(again.lastTimestamp, '2025-05-01T10:00:30Z');
  assert.equal(again.firstTimestamp, first.firstTimestamp);
  assert.deepEqual(w.log.map((l) => l.type), ['ADDED', 'MODIFIED']);

  const node = rec.legacy('node-controller').event({ kind: 'Node', name: 'node-4', uid: 'n4', apiVersion: 'v1' }, 'Normal', 'NodeNotReady',
    'Node node-4 status is now: NodeNotReady', new Date(T0));
  assert.equal(node.metadata.namespace, 'default');
  assert.equal(node.involvedObject.namespace, '');
  assert.deepEqual(node.source, { component: 'node-controller' });

  // The event expired (TTL): the next repeat creates a fresh one, as client-go does on 404.
  w.events.delete(`shop/${first.metadata.name}`);
  const fresh = kubelet.event(pod, 'Warning', 'BackOff', first.message!, new Date(T0 + 60_000));
  assert.notEqual(fresh.metadata.name, first.metadata.name);
  assert.equal(fresh.count, 1);
});

test('legacy recorder: the 10th similar message within 10 minutes is combined', () => {
  const w = new MemWriter();
  const rec = new Recorders(w, createRng(1));
  const hpa = rec.legacy('deployment-controller');
  const ref = { kind: 'Deployment', namespace: 'shop', name: 'cart', uid: 'd1', apiVersion: 'apps/v1' };
  const out: CoreEvent[] = [];
  for (let i = 0; i < 12; i++) out.push(hpa.event(ref, 'Normal', 'ScalingReplicaSet', `Scaled up replica set cart-5f4d8c7b9 from ${i} to ${i + 1}`, new Date(T0 + i * 10_000)));
  for (const e of out.slice(0, 9)) assert.ok(!e.message!.startsWith(COMBINED_PREFIX));
  assert.equal(out[9]!.message, `${COMBINED_PREFIX}Scaled up replica set cart-5f4d8c7b9 from 9 to 10`);
  assert.equal(out[9]!.count, 1);
  // Further similar messages PATCH the one combined event.
  assert.equal(out[11]!.metadata.name, out[9]!.metadata.name);
  assert.equal(out[11]!.count, 3);
  assert.equal(out[11]!.message, `${COMBINED_PREFIX}Scaled up replica set cart-5f4d8c7b9 from 11 to 12`);
  // After 10 quiet minutes the aggregation starts over.
  const later = hpa.event(ref, 'Normal', 'ScalingReplicaSet', 'Scaled down replica set cart-5f4d8c7b9 from 12 to 11', new Date(T0 + 30 * 60_000));
  assert.ok(!later.message!.startsWith(COMBINED_PREFIX));
});

test('events.k8s.io recorder: MicroTime, empty source, series from count 2', () => {
  const w = new MemWriter();
  const rec = new Recorders(w, createRng(1));
  const sched = rec.events('default-scheduler', 'default-scheduler-control-plane-1');
  const pod = { kind: 'Pod', namespace: 'shop', name: 'web-7d5bc9f8d6-x2x9k', uid: 'u1', apiVersion: 'v1' };
  const note = '0/5 nodes are available: 5 Insufficient cpu. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod.';
  const e1 = sched.eventf(pod, undefined, 'Warning', 'FailedScheduling', 'Scheduling', note, new Date(T0));
  assert.match(e1.metadata.name, NAME);
  assert.match(e1.eventTime!, MICRO);
  assert.deepEqual(e1.source, {});
  assert.equal(e1.firstTimestamp, null);
  assert.equal(e1.count, undefined);
  assert.equal(e1.reportingComponent, 'default-scheduler');
  assert.equal(e1.reportingInstance, 'default-scheduler-control-plane-1');
  assert.equal(e1.action, 'Scheduling');
  const e2 = sched.eventf(pod, undefined, 'Warning', 'FailedScheduling', 'Scheduling', note, new Date(T0 + 60_000));
  assert.equal(e2.metadata.name, e1.metadata.name);
  assert.equal(e2.series!.count, 2);
  assert.match(e2.series!.lastObservedTime, MICRO);
  assert.equal(sched.eventf(pod, undefined, 'Warning', 'FailedScheduling', 'Scheduling', note, new Date(T0 + 120_000)).series!.count, 3);
  // Unobserved for more than 6 minutes: the series is finished, a new event starts.
  const e4 = sched.eventf(pod, undefined, 'Warning', 'FailedScheduling', 'Scheduling', note, new Date(T0 + 10 * 60_000));
  assert.notEqual(e4.metadata.name, e1.metadata.name);
  assert.equal(e4.series, undefined);
});

test('getScenario lists the known names on one line', () => {
  assert.deepEqual(scenarioNames, ['incident', 'steady', 'storm']);
  assert.throws(() => getScenario('nope'), (err: Error) => {
    assert.ok(!err.message.includes('\n'));
    for (const n of scenarioNames) assert.ok(err.message.includes(n));
    return true;
  });
  assert.notEqual(getScenario('incident'), getScenario('incident'));
});

test('scenarios are deterministic for a seed and write exactly one event per step', () => {
  for (const name of scenarioNames) {
    const a = run(name, 1500, 9);
    const b = run(name, 1500, 9);
    assert.equal(a.log.length, 1500, `${name}: one write per step`);
    assert.equal(JSON.stringify(a.log), JSON.stringify(b.log), `${name}: same seed, same events`);
    assert.notEqual(JSON.stringify(run(name, 300, 10).log), JSON.stringify(a.log.slice(0, 300)));
  }
});

test('incident unfolds: the reasons, components and object states an SRE expects', () => {
  const seen: Record<string, KubeObject | undefined> = {};
  const w = run('incident', 3000, 42, 200, (i, mw) => {
    if (i % 25 !== 0) return;
    for (const o of mw.objects.values()) {
      const st = o.status as { containerStatuses?: Array<{ state: { waiting?: { reason: string } }; lastState: { terminated?: { reason: string } } }>; conditions?: Array<{ type: string; status: string }> } | undefined;
      const cs = st?.containerStatuses?.[0];
      if (cs?.state.waiting?.reason === 'ImagePullBackOff') seen.pullBackOff ??= o;
      if (cs?.state.waiting?.reason === 'CrashLoopBackOff' && cs.lastState.terminated?.reason === 'OOMKilled') seen.crashLoop ??= o;
      if (o.kind === 'Node' && st?.conditions?.some((c) => c.type === 'Ready' && c.status === 'False')) seen.notReady ??= structuredClone(o);
      if (o.kind === 'Pod' && (o.status as { reason?: string }).reason === 'Evicted') seen.evicted ??= o;
      if (o.kind === 'HorizontalPodAutoscaler' && (o.status as { currentMetrics: Array<{ type: string }> }).currentMetrics[0]!.type === '') seen.blindHpa ??= o;
    }
  });
  for (const k of ['pullBackOff', 'crashLoop', 'notReady', 'evicted', 'blindHpa']) assert.ok(seen[k], `state ${k} observed`);
  const node = seen.notReady!;
  assert.deepEqual((node.spec as { taints: Array<{ key: string }> }).taints.map((t) => t.key), ['node.kubernetes.io/not-ready', 'node.kubernetes.io/not-ready']);

  const all = w.log.map((l) => l.event);
  const reasons = new Set(all.map((e) => e.reason));
  for (const r of ['ScalingReplicaSet', 'SuccessfulCreate', 'SuccessfulDelete', 'Scheduled', 'Pulling', 'Pulled', 'Failed', 'BackOff', 'Created', 'Started',
    'Unhealthy', 'Killing', 'OOMKilling', 'FailedScheduling', 'NodeNotReady', 'TaintManagerEviction', 'Evicted', 'FailedMount', 'FailedAttachVolume',
    'FailedGetResourceMetric', 'FailedComputeMetricsReplicas', 'SuccessfulRescale', 'SawCompletedJob', 'Completed', 'NodeReady', 'SuccessfulAttachVolume']) {
    assert.ok(reasons.has(r), `reason ${r}`);
  }
  const components = new Set(all.map(source));
  for (const c of ['kubelet', 'default-scheduler', 'deployment-controller', 'replicaset-controller', 'node-controller', 'taint-eviction-controller',
    'horizontal-pod-autoscaler', 'attachdetach-controller', 'job-controller', 'cronjob-controller', 'kernel-monitor']) {
    assert.ok(components.has(c), `component ${c}`);
  }
  const namespaces = new Set(all.map((e) => e.metadata.namespace));
  for (const ns of ['shop', 'payments', 'monitoring', 'kube-system', 'default']) assert.ok(namespaces.has(ns), `namespace ${ns}`);

  const msgs = all.map((e) => e.message!);
  const has = (re: RegExp) => assert.ok(msgs.some((m) => re.test(m)), `a message like ${re}`);
  has(/^Scaled up replica set web-[4-9bcdf]{10} from 0 to 1$/);
  has(/^Created pod: web-[4-9bcdf]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  has(/^Successfully assigned shop\/web-\S+ to node-\d$/);
  has(/^Failed to pull image "ghcr\.io\/acme\/shop-web:v2\.5\.0": rpc error: code = NotFound/);
  has(/^Error: ErrImagePull$/);
  has(/^Error: ImagePullBackOff$/);
  has(/^Back-off pulling image "ghcr\.io\/acme\/shop-web:v2\.5\.0"$/);
  has(/^Back-off restarting failed container app in pod web-\S+_shop\([0-9a-f-]{36}\)$/);
  has(/^Created container: app$/);
  has(/^Started container app$/);
  has(/^Readiness probe failed: HTTP probe failed with statuscode: 503$/);
  has(/^0\/5 nodes are available: 1 node\(s\) had untolerated taint \{node\.kubernetes\.io\/not-ready: \}, 4 Insufficient cpu\. preemption: 0\/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod\.$/);
  has(/^Node node-4 status is now: NodeNotReady$/);
  has(/^Marking for deletion Pod (shop|monitoring|payments|kube-system)\/\S+$/);
  has(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+Ki\. Container \S+ was using \d+Ki, request is \S+, has larger consumption of memory\. $/);
  has(/^Unable to attach or mount volumes: unmounted volumes=\[storage\], unattached volumes=\[storage\], failed to process volumes=\[\]: context deadline exceeded$/);
  has(/^Multi-Attach error for volume "pvc-[0-9a-f-]{36}" Volume is already used by pod\(s\) grafana-\S+$/);
  has(/^failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API$/);
  has(/^New size: 6; reason: cpu resource utilization \(percentage of request\) above target$/);
  assert.ok(msgs.some((m) => m.startsWith(COMBINED_PREFIX)), 'some combined event');

  // Both recorder styles, as a 1.32 cluster has them.
  const scheduled = all.find((e) => e.reason === 'Scheduled')!;
  assert.equal(scheduled.action, 'Binding');
  assert.match(scheduled.eventTime!, MICRO);
  for (const e of all) {
    assert.match(e.metadata.name, NAME);
    if (e.eventTime) assert.match(e.eventTime, MICRO);
    else {
      assert.match(e.firstTimestamp!, SECONDS);
      assert.match(e.lastTimestamp!, SECONDS);
    }
    if (e.involvedObject.kind === 'Node') {
      assert.equal(e.metadata.namespace, 'default');
      assert.equal(e.involvedObject.namespace, '');
    } else assert.equal(e.metadata.namespace, e.involvedObject.namespace);
  }
  // Repeats raise counts and series.
  const final = latest(w);
  assert.ok(final.some((e) => (e.count ?? 0) >= 10), 'a legacy event repeated 10+ times');
  assert.ok(final.some((e) => (e.series?.count ?? 0) >= 3), 'a series of 3+');
  assert.ok(w.log.filter((l) => l.type === 'MODIFIED').length > 300);
});

test('objects are realistic and ownerReferences resolve', () => {
  const w = run('incident', 2000);
  const objs = [...w.objects.values()];
  for (const o of objs) {
    assert.ok(o.apiVersion && o.kind, 'apiVersion and kind');
    assert.match(o.metadata.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(o.metadata.creationTimestamp!, SECONDS);
    for (const ref of o.metadata.ownerReferences ?? []) {
      const owner = w.find(ref.kind, o.metadata.namespace ?? '', ref.name);
      assert.ok(owner, `${o.kind} ${o.metadata.name}: owner ${ref.kind}/${ref.name} exists`);
      assert.equal(owner.metadata.uid, ref.uid);
      assert.equal(owner.apiVersion, ref.apiVersion);
      assert.equal(ref.controller, true);
    }
  }
  const kinds = new Set(objs.map((o) => o.kind));
  for (const k of ['Namespace', 'Node', 'Pod', 'Service', 'PersistentVolumeClaim', 'ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler']) {
    assert.ok(kinds.has(k), `kind ${k}`);
  }
  const pods = objs.filter((o) => o.kind === 'Pod');
  const byOwner = (kind: string) => pods.filter((p) => p.metadata.ownerReferences?.[0]?.kind === kind);
  assert.ok(byOwner('ReplicaSet').every((p) => /^[a-z-]+-[4-9bcdf]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.metadata.name)));
  assert.ok(byOwner('StatefulSet').every((p) => /-0$/.test(p.metadata.name)));
  assert.equal(byOwner('DaemonSet').length, 10, 'kube-proxy and node-exporter on each of 5 nodes');
  assert.ok(byOwner('Job').length > 0);
  // Pod references in events resolve to the pod's uid while it exists.
  for (const e of latest(w)) {
    const io = e.involvedObject;
    if (io.kind !== 'Pod' || !io.uid) continue;
    const p = w.find('Pod', io.namespace!, io.name!);
    if (p) assert.equal(p.metadata.uid, io.uid);
  }
  const node = objs.find((o) => o.kind === 'Node')!;
  const status = node.status as { capacity: Record<string, string>; allocatable: Record<string, string>; nodeInfo: { kubeletVersion: string } };
  assert.ok(status.capacity.cpu && status.allocatable.memory);
  assert.equal(status.nodeInfo.kubeletVersion, 'v1.32.4');
  const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler')!;
  assert.equal(hpa.apiVersion, 'autoscaling/v2');
});

test('steady is healthy churn and storm is high-cardinality', () => {
  const steady = run('steady', 2000);
  const evs = steady.log.map((l) => l.event);
  assert.ok(evs.every((e) => e.type === 'Normal'), 'steady: only Normal events');
  const reasons = new Set(evs.map((e) => e.reason));
  for (const r of ['SuccessfulCreate', 'SawCompletedJob', 'Completed', 'ScalingReplicaSet', 'SuccessfulRescale', 'Started', 'Killing']) assert.ok(reasons.has(r), `steady: ${r}`);

  const storm = run('storm', 5000);
  const objects = new Set(storm.log.map((l) => `${l.event.involvedObject.namespace}/${l.event.involvedObject.name}`));
  assert.ok(objects.size > 1000, `storm: many distinct objects (${objects.size})`);
  const modified = storm.log.filter((l) => l.type === 'MODIFIED').length;
  assert.ok(modified > 300 && modified < 2500, `storm: some repeats (${modified})`);
  for (const l of storm.log) assert.match(l.event.metadata.name, NAME);
});

test('100,000 steps per scenario (timing printed, not asserted)', () => {
  for (const name of scenarioNames) {
    const w = new MemWriter();
    w.keepLog = false;
    const s = getScenario(name);
    const rng = createRng(1);
    s.setup(w, rng, new Date(T0));
    const start = performance.now();
    // --events 100000 spread over the last hour: 36 ms apart.
    for (let i = 0; i < 100_000; i++) s.step(w, rng, new Date(T0 + i * 36));
    const ms = performance.now() - start;
    console.log(`  ${name}: 100,000 steps in ${ms.toFixed(0)} ms (${w.events.size} events stored, ${w.rv} writes incl. objects)`);
  }
});
