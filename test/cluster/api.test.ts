// Events written through each API with kubectl: kevtui shows the right fields whichever API it
// watches; count and series updates (MODIFIED) raise a running --plain's groups by exactly the
// difference; a short --event-ttl (a second, small control plane) expires events and kevtui
// marks their groups expired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, startCli } from '../e2e/cli.js';
import { childEnv, cluster, diff, ensureNamespace, eventually, foldCounts, foldGroups, keyOf, kubectl, kubectlTruth, scratch, SKIP, startCluster, stopCluster, type JsonGroup } from './helpers.js';

const T = { timeout: 240_000, skip: SKIP };
const NS = 'written';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const micro = () => new Date().toISOString().replace(/Z$/, '000Z');

const coreEvent = (ns: string, name: string, count: number) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: ns },
  involvedObject: { kind: 'Pod', namespace: ns, name: 'web-0', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
  reason: 'BackOff',
  message: 'Back-off restarting failed container app in pod web-0',
  source: { component: 'kubelet', host: 'kwok-node-0' },
  firstTimestamp: now(),
  lastTimestamp: now(),
  count,
  type: 'Warning',
});

const seriesEvent = (ns: string, name: string, count: number) => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name, namespace: ns },
  eventTime: micro(),
  series: { count, lastObservedTime: micro() },
  reportingController: 'example.com/prober',
  reportingInstance: 'prober-1',
  action: 'Probe',
  reason: 'Unhealthy',
  note: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
  type: 'Warning',
  regarding: { kind: 'Pod', namespace: ns, name: 'web-1', apiVersion: 'v1' },
});

function find(groups: Iterable<JsonGroup>, reason: string): JsonGroup | undefined {
  return [...groups].find((g) => g.reason === reason);
}

test('events created through core/v1 and events.k8s.io/v1 appear with the right fields under --api core and --api events', T, async () => {
  const kc = cluster().KUBECONFIG;
  await ensureNamespace(kc, NS);
  await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(coreEvent(NS, 'core.1', 3)));
  await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(seriesEvent(NS, 'series.1', 4)));
  for (const api of ['core', 'events', 'auto']) {
    const r = await runCli(['--kubeconfig', kc, '-n', NS, '--once', '-o', 'json', '--api', api], { env: childEnv(), timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    const groups = [...foldGroups(r.stdout).values()];
    assert.equal(groups.length, 2, `${api}: ${r.stdout}`);
    const core = find(groups, 'BackOff')!;
    assert.deepEqual(
      { ...core, firstSeen: undefined, lastSeen: undefined },
      {
        cluster: 'kevtui', // the kubeconfig's context (test/cluster/start.sh)
        namespace: NS, kind: 'Pod', name: 'web-0', objectNamespace: NS, apiVersion: 'v1', fieldPath: 'spec.containers{app}',
        component: 'kubelet', instance: 'kwok-node-0', reason: 'BackOff', message: 'Back-off restarting failed container app in pod web-0', combined: false,
        type: 'Warning', severity: core.severity, count: 3, firstSeen: undefined, lastSeen: undefined, expired: false,
      },
      `--api ${api}`,
    );
    const series = find(groups, 'Unhealthy')!;
    assert.ok(series, `--api ${api}: the events.k8s.io event`);
    assert.equal(series.component, 'example.com/prober', `--api ${api}`);
    assert.equal(series.instance, 'prober-1');
    assert.equal(series.kind, 'Pod');
    assert.equal(series.name, 'web-1');
    assert.equal(series.message, 'Readiness probe failed: HTTP probe failed with statuscode: 503');
    assert.equal(series.type, 'Warning');
    assert.equal(series.count, 4, `--api ${api}: the series count`);
    assert.equal(series.expired, false);
  }
  assert.deepEqual(diff(await kubectlTruth(kc, ['-n', NS]), foldCounts((await runCli(['--kubeconfig', kc, '-n', NS, '--once', '-o', 'json'], { env: childEnv() })).stdout)), []);
});

test('count and series updates (MODIFIED) raise a running --plain\'s groups by exactly the difference', T, async () => {
  const kc = cluster().KUBECONFIG;
  const ns = `${NS}-live`;
  await ensureNamespace(kc, ns);
  await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(coreEvent(ns, 'core.1', 2)));
  await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(seriesEvent(ns, 'series.1', 2)));
  // A second event of the same group: the group's count is the sum.
  await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(coreEvent(ns, 'core.2', 5)));
  for (const api of ['core', 'events']) {
    const plain = startCli(['--kubeconfig', kc, '-n', ns, '--plain', '-o', 'json', '--api', api], childEnv());
    try {
      const count = (reason: string) => find(foldGroups(plain.stdout()).values(), reason)?.count;
      await eventually(() => count('BackOff') === 7 && count('Unhealthy') !== undefined, 60_000, `--api ${api}: the first sync`, 200);
      const base = count('Unhealthy')!;
      const lines = plain.stdout().split('\n').length;
      await kubectl(kc, ['-n', ns, 'patch', 'event', 'core.1', '--type=merge', '-p', JSON.stringify({ count: 6, lastTimestamp: now() })]);
      await eventually(() => count('BackOff') === 11, 60_000, `--api ${api}: BackOff 7 → 11 after count 2 → 6`, 200);
      await kubectl(kc, ['-n', ns, 'patch', 'events.v1.events.k8s.io', 'series.1', '--type=merge', '-p', JSON.stringify({ series: { count: base + 3, lastObservedTime: micro() } })]);
      await eventually(() => count('Unhealthy') === base + 3, 60_000, `--api ${api}: Unhealthy ${base} → ${base + 3}`, 200);
      assert.ok(plain.stdout().split('\n').length > lines, 'the changes were printed as new lines');
      assert.deepEqual(diff(await kubectlTruth(kc, ['-n', ns]), foldCounts(plain.stdout())), []);
    } finally {
      await plain.stop();
    }
    // Put the counts back for the next API's round.
    await kubectl(kc, ['-n', ns, 'patch', 'event', 'core.1', '--type=merge', '-p', JSON.stringify({ count: 2 })]);
    await kubectl(kc, ['-n', ns, 'patch', 'events.v1.events.k8s.io', 'series.1', '--type=merge', '-p', JSON.stringify({ series: { count: 2, lastObservedTime: micro() } })]);
  }
});

test('a short --event-ttl expires events (DELETED): kevtui --plain marks their groups expired', { ...T, timeout: 300_000 }, async () => {
  const dir = join(scratch('ttl'), 'cluster');
  const env = await startCluster(dir, ['--event-ttl=20s']);
  try {
    const kc = env.KUBECONFIG;
    await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(coreEvent('default', 'short.1', 2)));
    await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(seriesEvent('default', 'short.2', 3)));
    const plain = startCli(['--kubeconfig', kc, '-A', '--plain', '-o', 'json'], childEnv());
    try {
      const groups = () => foldGroups(plain.stdout());
      await eventually(() => find(groups().values(), 'BackOff')?.count === 2 && find(groups().values(), 'Unhealthy')?.count === 3, 60_000, 'both groups live', 200);
      assert.ok([...groups().values()].every((g) => !g.expired));
      // etcd's lease runs out after 20 s (+ the apiserver's lease reuse slack): a DELETED each.
      await eventually(async () => (await kubectl(kc, ['get', 'events', '-A', '-o', 'name'])).trim() === '', 120_000, 'kubectl to see the events expire', 1000);
      await eventually(() => find(groups().values(), 'BackOff')?.expired === true && find(groups().values(), 'Unhealthy')?.expired === true, 60_000, 'kevtui to mark both groups expired', 200);
      const backOff = find(groups().values(), 'BackOff')!;
      assert.equal(backOff.count, 2, 'an expired group keeps its count');
      assert.ok(plain.stdout().split('\n').some((l) => l.includes('"expired":true') && l.includes(keyOf(backOff).split('|')[5]!)));
      assert.doesNotMatch(plain.stderr(), /error|relist/i);
    } finally {
      await plain.stop();
    }
  } finally {
    await stopCluster(dir);
  }
});
