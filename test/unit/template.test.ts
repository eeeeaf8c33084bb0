import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateOf } from '../../src/model/template.js';
import * as msg from '../../demo/messages.js';

const t = (m: string) => templateOf(m).display;
/** Both messages give one template, and it reads `expected`. */
function folds(a: string, b: string, expected: string): void {
  assert.equal(t(a), expected, a);
  assert.equal(templateOf(b).key, templateOf(a).key, `${a}\n${b}`);
}
function distinct(a: string, b: string): void {
  assert.notEqual(templateOf(a).key, templateOf(b).key, `${a}\n${b} must not fold`);
}

test('template: the OOM killer line folds PIDs, process names and sizes', () => {
  folds(
    msg.kernelOom(4242, 'java', 780123),
    msg.kernelOom(31337, 'python3', 788000),
    'Memory cgroup out of memory: Killed process ‹n› (‹…›) total-vm:‹size›, anon-rss:‹size›, file-rss:‹size›, shmem-rss:‹size›, UID:‹n› pgtables:‹size› oom_score_adj:‹n›',
  );
  folds(msg.systemOom('java', 4242), msg.systemOom('java', 17), 'System OOM encountered, victim process: java, pid: ‹n›');
});

test('template: scheduler FitError keeps the reasons, folds only the counts', () => {
  const cpu = msg.fitError(3, { 'Insufficient cpu': 3 }, { [msg.NO_VICTIMS]: 3 });
  folds(cpu, msg.fitError(5, { 'Insufficient cpu': 5 }, { [msg.NO_VICTIMS]: 5 }),
    '‹n›/‹n› nodes are available: ‹n› Insufficient cpu. preemption: ‹n›/‹n› nodes are available: ‹n› No preemption victims found for incoming pod.');
  distinct(cpu, msg.fitError(3, { 'Insufficient memory': 3 }, { [msg.NO_VICTIMS]: 3 }));
  distinct('0/3 nodes are available: 3 Insufficient cpu.', '0/3 nodes are available: 3 Insufficient memory.');
  const taint = msg.fitError(3, { [msg.untoleratedTaint('node-role.kubernetes.io/control-plane')]: 1, 'Insufficient memory': 2 }, { [msg.PREEMPTION_NOT_HELPFUL]: 1, [msg.NO_VICTIMS]: 2 });
  assert.match(t(taint), /untolerated taint \{node-role\.kubernetes\.io\/control-plane: \}, ‹n› Insufficient memory/);
  distinct(taint, msg.fitError(3, { [msg.untoleratedTaint('node.kubernetes.io/not-ready')]: 1, 'Insufficient memory': 2 }, { [msg.PREEMPTION_NOT_HELPFUL]: 1, [msg.NO_VICTIMS]: 2 }));
  folds(msg.assigned('shop', 'cart-7fb9d4bb4c-x2x9k', 'node-3'), msg.assigned('shop', 'cart-6dfbfd9886-qmnwh', 'node-12'), 'Successfully assigned shop/cart-‹…› to node-‹n›');
  distinct(msg.assigned('shop', 'cart-7fb9d4bb4c-x2x9k', 'node-3'), msg.assigned('shop', 'web-7fb9d4bb4c-x2x9k', 'node-3'));
});

test('template: controller-manager messages fold hashes, suffixes and replica counts', () => {
  folds(msg.scaledRs('down', 'cart-7fb9d4bb4c', 5, 4), msg.scaledRs('down', 'cart-798bb5d4f9', 3, 2), 'Scaled down replica set cart-‹…› from ‹n› to ‹n›');
  distinct(msg.scaledRs('down', 'cart-7fb9d4bb4c', 5, 4), msg.scaledRs('up', 'cart-7fb9d4bb4c', 4, 5));
  distinct(msg.scaledRs('down', 'cart-7fb9d4bb4c', 5, 4), msg.scaledRs('down', 'web-7fb9d4bb4c', 5, 4));
  folds('Scaled up replica set cart-7fb9d4bb4c to 5', 'Scaled up replica set cart-6dfbfd9886 to 1', 'Scaled up replica set cart-‹…› to ‹n›');
  folds(msg.createdPod('cart-7fb9d4bb4c-x2x9k'), msg.createdPod('cart-7fb9d4bb4c-bbbbb'), 'Created pod: cart-‹…›');
  folds(msg.deletedPod('fluentd-x2x9k'), msg.deletedPod('fluentd-k7zq4'), 'Deleted pod: fluentd-‹…›');
  folds(msg.createdPod('settlement-29935235-jdzv2'), msg.createdPod('settlement-29935240-l5bgn'), 'Created pod: settlement-‹n›-‹…›');
  folds(msg.createdJob('settlement-29935235'), msg.createdJob('settlement-29935240'), 'Created job settlement-‹n›');
  folds(msg.stsCreatePod('web-0', 'web'), msg.stsCreatePod('web-11', 'web'), 'create Pod web-‹n› in StatefulSet web successful');
  folds(msg.newSize(4, msg.CPU_ABOVE), msg.newSize(10, msg.CPU_ABOVE), 'New size: ‹n›; reason: cpu resource utilization (percentage of request) above target');
  distinct(msg.newSize(4, msg.CPU_ABOVE), msg.newSize(4, msg.ALL_BELOW));
  folds(msg.markingForDeletion('shop', 'web-58f788d944-l9p8w'), msg.markingForDeletion('shop', 'web-58dfb96665-67dpt'), 'Marking for deletion Pod shop/web-‹…›');
  // HPA: the container and pod names matter in the one, nothing varies in the other.
  assert.equal(t(msg.NO_CPU_METRICS), msg.NO_CPU_METRICS);
  assert.equal(t('failed to get memory utilization: missing request for memory in container app of Pod cart-7fb9d4bb4c-x2x9k'),
    'failed to get memory utilization: missing request for memory in container app of Pod cart-‹…›');
  assert.equal(t(msg.invalidMetrics(msg.NO_CPU_METRICS)), `invalid metrics (‹n› invalid out of ‹n›), first error is: failed to get cpu resource metric value: ${msg.NO_CPU_METRICS}`);
});

test('template: kubelet messages fold images, durations, sizes, uids and addresses', () => {
  folds(msg.pulling('docker.io/library/nginx:1.25'), msg.pulling('ghcr.io/acme/shop-cart:v1.12.4'), 'Pulling image "‹image›"');
  folds(msg.pulling('nginx'), msg.pulling('localhost:5000/app@sha256:' + 'ab12'.repeat(16)), 'Pulling image "‹image›"');
  folds(msg.pulled('nginx:1.25', 1.532, 1.6, 70534964), msg.pulled('redis:7', 0.812, 95.25, 1234),
    'Successfully pulled image "‹image›" in ‹dur› (‹dur› including waiting). Image size: ‹n› bytes.');
  assert.equal(t(msg.alreadyPresent('registry.k8s.io/pause:3.9')), 'Container image "‹image›" already present on machine');
  assert.equal(t(msg.failedPull('ghcr.io/acme/shop-web:v2.5.0', msg.pullNotFound('ghcr.io/acme/shop-web:v2.5.0'))),
    'Failed to pull image "‹image›": rpc error: code = NotFound desc = failed to pull and unpack image "‹image›": failed to resolve reference "‹image›": ‹image›: not found');
  folds(msg.backOffRestart('app', 'cart-7fb9d4bb4c-x2x9k', 'shop', '8f7a0c3e-1b2d-4c5e-9f80-123456789abc'),
    msg.backOffRestart('app', 'cart-7fb9d4bb4c-k7zq4', 'shop', '0a6e8b84-cec7-40b1-893a-798026135faa'),
    'Back-off restarting failed container app in pod cart-‹…›_shop(‹uid›)');
  distinct(msg.backOffRestart('app', 'cart-7fb9d4bb4c-x2x9k', 'shop', '8f7a0c3e-1b2d-4c5e-9f80-123456789abc'),
    msg.backOffRestart('sidecar', 'cart-7fb9d4bb4c-x2x9k', 'shop', '8f7a0c3e-1b2d-4c5e-9f80-123456789abc'));
  assert.equal(t(msg.crashLoopWaiting('5m0s', 'app', 'web-0', 'shop', '8f7a0c3e-1b2d-4c5e-9f80-123456789abc')),
    'back-off ‹dur› restarting failed container=app pod=web-‹n›_shop(‹uid›)');
  folds(msg.probeFailed('Readiness', msg.httpRefused('http://10.244.2.231:8080/ready', '10.244.2.231:8080')),
    msg.probeFailed('Readiness', msg.httpRefused('http://10.244.5.7:8080/ready', '10.244.5.7:8080')),
    'Readiness probe failed: Get "http://‹ip›/ready": dial tcp ‹ip›: connect: connection refused');
  distinct(msg.probeFailed('Readiness', msg.httpStatus(500)), msg.probeFailed('Liveness', msg.httpStatus(500)));
  assert.equal(t(msg.failedLiveness('app')), msg.failedLiveness('app'));
  distinct(msg.started('app'), msg.started('sidecar'));
  distinct(msg.created('api'), msg.created('worker'));
  distinct(msg.stopping('metrics-server'), msg.stopping('grafana'));
  folds('Liveness probe failed: Get "http://[fd00::12]:8080/healthz": dial tcp [fd00::12]:8080: i/o timeout',
    'Liveness probe failed: Get "http://[fd00::7:1]:8080/healthz": dial tcp [fd00::7:1]:8080: i/o timeout',
    'Liveness probe failed: Get "http://[‹ip›]:‹n›/healthz": dial tcp [‹ip›]:‹n›: i/o timeout');
});

test('template: node and volume messages', () => {
  folds(msg.nodeStatusNow('node-4', 'NodeNotReady'), msg.nodeStatusNow('node-12', 'NodeNotReady'), 'Node node-‹n› status is now: NodeNotReady');
  distinct(msg.nodeStatusNow('node-4', 'NodeNotReady'), msg.nodeStatusNow('node-4', 'NodeReady'));
  folds(msg.evictedMemory('100Mi', 50182, 'worker', 845949, '384Mi'), msg.evictedMemory('1.5Gi', 12, 'worker', 2048, '0'),
    'The node was low on resource: memory. Threshold quantity: ‹size›, available: ‹size›. Container worker was using ‹size›, request is ‹size›, has larger consumption of memory. ');
  assert.equal(t(msg.reclaiming('memory')), 'Attempting to reclaim memory');
  distinct(msg.reclaiming('memory'), msg.reclaiming('ephemeral-storage'));
  folds(msg.attachSucceeded('pvc-0a6e8b84-cec7-40b1-893a-798026135faa'), msg.attachSucceeded('pvc-8f7a0c3e-1b2d-4c5e-9f80-123456789abc'),
    'AttachVolume.Attach succeeded for volume "pvc-‹uid›"');
  // A quoted volume name is not an image; its generated suffix still folds.
  assert.equal(t(msg.mountSetUpFailed('config', 'configmap "app-config" not found')), 'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found');
  folds(msg.mountSetUpFailed('kube-api-access-x2x9k', 'object "shop"/"kube-root-ca.crt" not registered'),
    msg.mountSetUpFailed('kube-api-access-bq7lm', 'object "shop"/"kube-root-ca.crt" not registered'),
    'MountVolume.SetUp failed for volume "kube-api-access-‹…›" : object "shop"/"kube-root-ca.crt" not registered');
  assert.equal(t(msg.unableToMount(['storage'], ['storage'])), msg.unableToMount(['storage'], ['storage']));
  folds('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3f1c2a0d9b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a": plugin type="calico" failed (add): connection is unauthorized: Unauthorized',
    'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "99aa2a0d9b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a": plugin type="calico" failed (add): connection is unauthorized: Unauthorized',
    'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "‹hex›": plugin type="calico" failed (add): connection is unauthorized: Unauthorized');
});

test('template: words, versions and plain text stay as they are', () => {
  for (const m of [msg.JOB_COMPLETED, msg.BACKOFF_LIMIT, msg.NODE_IS_NOT_READY, 'Starting kubelet.', 'Pod sandbox changed, it will be killed and re-created.',
    'Updated Node Allocatable limit across pods', 'kubelet version v1.32.0 is not supported', 'Error: ErrImagePull', 'Created container: mysql-server', '']) {
    assert.equal(t(m), m);
  }
  // A message with markers in it already cannot pose as a number.
  distinct('Killed process ‹n› (‹…›)', 'Killed process 12 (java)');
});

test('template: memoised, and the memo does not change answers', () => {
  const m = msg.kernelOom(4242, 'java', 780123);
  const first = templateOf(m);
  assert.equal(templateOf(m), first);
  for (let i = 0; i < 60_000; i++) templateOf(`Created pod: cart-7fb9d4bb4c-${i}`);
  assert.deepEqual(templateOf(m), first);
});
