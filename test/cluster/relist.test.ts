// A watch resumed from a compacted resourceVersion gets the real apiserver's 410, and kevtui
// relists without double counting. kevtui talks to the apiserver through a relay that records
// the traffic and can lose it: while the relay is frozen the events change (a count patched,
// one deleted, one created), etcd is compacted past kevtui's resourceVersion, and the relay
// cuts the connection. kevtui's re-watch from its old resourceVersion must meet an in-stream
// ERROR 410, relist, and end up exactly where kubectl is: its live groups carry kubectl's
// counts, and the deleted event's group is expired (kevtui keeps a vanished event's count, as
// for a TTL expiry) rather than gone or counted twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCli } from '../e2e/cli.js';
import { childEnv, cluster, compactEtcd, diff, ensureNamespace, eventually, foldCounts, foldGroups, kubectl, kubectlTruth, readKubeconfig, relayKubeconfig, scratch, SKIP, startRelay } from './helpers.js';

const NS = 'resumed';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const ev = (name: string, pod: string, count: number) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: NS },
  involvedObject: { kind: 'Pod', namespace: NS, name: pod, apiVersion: 'v1' },
  reason: 'BackOff',
  message: `Back-off restarting failed container in pod ${pod}`,
  source: { component: 'kubelet' },
  firstTimestamp: now(),
  lastTimestamp: now(),
  count,
  type: 'Warning',
});

test('a watch resumed from a compacted resourceVersion gets a real 410; kevtui relists without double counting', { timeout: 240_000, skip: SKIP }, async () => {
  const c = cluster();
  const kc = c.KUBECONFIG;
  const admin = readKubeconfig(kc);
  await ensureNamespace(kc, NS);
  for (let i = 0; i < 4; i++) await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(ev(`ev.${i}`, `pod-${i % 2}`, i + 1)));
  await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(ev('ev.8', 'pod-8', 2)));

  const relay = await startRelay({ url: admin.server, ca: admin.ca });
  const relayKc = join(scratch('relist'), 'kubeconfig');
  writeFileSync(relayKc, relayKubeconfig(relay.url, admin.token));
  const plain = startCli(['--kubeconfig', relayKc, '-n', NS, '--plain', '-o', 'json', '--api', 'core'], childEnv());
  try {
    const truth = () => kubectlTruth(kc, ['-n', NS]);
    let last: string[] = [];
    const agree = async () => {
      last = diff(await truth(), foldCounts(plain.stdout()));
      return last.length === 0;
    };
    await eventually(agree, 60_000, 'the first sync').catch((e) => assert.deepEqual(last, [], `${e}; stderr: ${plain.stderr()}`));
    const isWatch = (u: string) => /[?&]watch=(true|1)/.test(u);
    await eventually(() => relay.requests.some((r) => isWatch(r.url) && r.status === 200), 60_000, 'kevtui to watch');
    const firstWatch = relay.requests.find((r) => isWatch(r.url))!;
    const rv = new URL(firstWatch.url, 'http://x').searchParams.get('resourceVersion')!;
    assert.match(rv, /^\d+$/, 'the watch resumes from the list\'s resourceVersion');

    // Lose the traffic, change things behind kevtui's back, compact past its resourceVersion.
    relay.freeze();
    const before = relay.requests.length;
    await kubectl(kc, ['-n', NS, 'patch', 'event', 'ev.1', '--type=merge', '-p', JSON.stringify({ count: 10, lastTimestamp: now() })]);
    await kubectl(kc, ['-n', NS, 'delete', 'event', 'ev.8']);
    await kubectl(kc, ['create', '--validate=false', '-f', '-'], JSON.stringify(ev('ev.9', 'pod-9', 3)));
    for (let i = 0; i < 2; i++) await kubectl(kc, ['-n', NS, 'create', 'configmap', `bump-${i}-${Date.now()}`]);
    const compacted = await compactEtcd(c.ETCD_PORT);
    assert.ok(compacted > Number(rv) + 1, `compacted at ${compacted}, past kevtui's ${rv}`);
    relay.cut();
    relay.thaw();

    // kevtui re-watches from where it was (the lost changes never reached it) and gets the 410 …
    const resumed = await eventually(
      () => relay.requests.slice(before).find((r) => isWatch(r.url) && new URL(r.url, 'http://x').searchParams.get('resourceVersion') !== null && /"code":410/.test(r.body)),
      120_000,
      'a re-watch answered with an in-stream 410',
      200,
    );
    assert.equal(resumed.status, 200, '410 arrives inside a 200 watch stream');
    const errLine = JSON.parse(resumed.body.trim().split('\n').pop()!);
    assert.deepEqual(errLine, {
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'The resourceVersion for the provided watch is too old.', reason: 'Expired', code: 410 },
    });
    const resumedRv = Number(new URL(resumed.url, 'http://x').searchParams.get('resourceVersion'));
    assert.ok(resumedRv < compacted - 1, `kevtui resumed from ${resumedRv}, before the compaction at ${compacted}`);
    // … then lists again and watches from the new list.
    const at = relay.requests.indexOf(resumed);
    await eventually(() => relay.requests.slice(at + 1).some((r) => !isWatch(r.url) && r.url.includes('/events') && r.status === 200), 60_000, 'a relist after the 410');
    await eventually(() => relay.requests.slice(at + 1).some((r) => isWatch(r.url) && r.status === 200 && Number(new URL(r.url, 'http://x').searchParams.get('resourceVersion')) >= compacted), 60_000, 'a new watch from the relist');

    // Exactly kubectl's picture: ev.1 counts 10 (not 2 + 10), ev.9 is there, ev.8's group expired.
    await eventually(agree, 60_000, 'kevtui to agree with kubectl after the relist').catch((e) => assert.deepEqual(last, [], `${e}; stderr: ${plain.stderr()}`));
    const groups = [...foldGroups(plain.stdout()).values()];
    const group = (pod: string) => groups.find((g) => g.name === pod);
    assert.equal(group('pod-1')?.count, 10 + 4, 'pod-1: ev.1 (now 10) + ev.3 (4)');
    assert.equal(group('pod-0')?.count, 1 + 3, 'pod-0: ev.0 + ev.2, each once');
    assert.equal(group('pod-9')?.count, 3);
    assert.equal(group('pod-8')?.expired, true, 'the event deleted while kevtui was away: its group expired');
    assert.equal(group('pod-8')?.count, 2);
    assert.ok(groups.filter((g) => g.name !== 'pod-8').every((g) => !g.expired));
    // Further live changes still arrive through the new watch.
    await kubectl(kc, ['-n', NS, 'patch', 'event', 'ev.9', '--type=merge', '-p', JSON.stringify({ count: 5 })]);
    await eventually(agree, 60_000, 'a live change after the relist').catch((e) => assert.deepEqual(last, [], `${e}; stderr: ${plain.stderr()}`));
    assert.equal([...foldCounts(plain.stdout())].filter(([k]) => k.includes('|pod-9|'))[0]![1], 5);
  } finally {
    await plain.stop();
    await relay.close();
  }
});
