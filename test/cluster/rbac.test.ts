// The limited user (start.sh --limited-user): may get/list/watch events in one namespace only.
// `kevtui -A` must fall back to that namespace, show its events and nothing else, and say why.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCli } from '../e2e/cli.js';
import { childEnv, cluster, diff, ensureNamespace, eventually, foldCounts, foldGroups, kubectl, kubectlTruth, SKIP } from './helpers.js';

const T = { timeout: 180_000, skip: SKIP };
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const ev = (ns: string, name: string, reason: string) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: ns },
  involvedObject: { kind: 'Pod', namespace: ns, name: 'p-0', apiVersion: 'v1' },
  reason,
  message: `${reason} in ${ns}`,
  source: { component: 'tester' },
  firstTimestamp: now(),
  lastTimestamp: now(),
  count: 2,
  type: 'Normal',
});

let ns = '';
before(async () => {
  if (SKIP) return;
  const c = cluster();
  ns = c.LIMITED_NAMESPACE!;
  await kubectl(c.KUBECONFIG, ['create', '--validate=false', '-f', '-'], JSON.stringify(ev(ns, 'mine.1', 'VisibleToLimited')));
  await ensureNamespace(c.KUBECONFIG, 'elsewhere');
  await kubectl(c.KUBECONFIG, ['create', '--validate=false', '-f', '-'], JSON.stringify(ev('elsewhere', 'theirs.1', 'HiddenFromLimited')));
});

test('kubectl agrees about the limited user: cluster scope forbidden, its namespace readable', T, async () => {
  const c = cluster();
  await assert.rejects(kubectl(c.LIMITED_KUBECONFIG!, ['get', 'events', '-A']), /forbidden/);
  assert.match(await kubectl(c.LIMITED_KUBECONFIG!, ['get', 'events']), /VisibleToLimited/);
});

test('--once -A with the limited kubeconfig falls back to the readable namespace and shows only its events', T, async () => {
  const c = cluster();
  const r = await runCli(['--kubeconfig', c.LIMITED_KUBECONFIG!, '-A', '--once', '-o', 'json'], { env: childEnv(), timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  const groups = [...foldGroups(r.stdout).values()];
  assert.deepEqual([...new Set(groups.map((g) => g.namespace))], [ns]);
  assert.ok(groups.some((g) => g.reason === 'VisibleToLimited' && g.count === 2));
  assert.ok(!groups.some((g) => g.reason === 'HiddenFromLimited'));
  // Exactly what an admin's kubectl sees in that namespace.
  let last: string[] = [];
  await eventually(async () => {
    const want = await kubectlTruth(c.KUBECONFIG, ['-n', ns]);
    const again = await runCli(['--kubeconfig', c.LIMITED_KUBECONFIG!, '-A', '--once', '-o', 'json'], { env: childEnv(), timeoutMs: 120_000 });
    last = diff(want, foldCounts(again.stdout));
    return last.length === 0;
  }, 90_000, 'the fallback namespace to agree with kubectl', 1000).catch((e) => assert.deepEqual(last, [], String(e)));
});

test('--plain -A with the limited kubeconfig says why it watches one namespace', T, async () => {
  const c = cluster();
  const plain = startCli(['--kubeconfig', c.LIMITED_KUBECONFIG!, '-A', '--plain', '-o', 'json'], childEnv());
  try {
    await eventually(() => /forbidden/i.test(plain.stderr()) && plain.stderr().includes(ns), 60_000, `stderr to mention forbidden and ${ns}`, 200).catch((e) => assert.fail(`${e}; stderr: ${plain.stderr()}`));
    await eventually(() => [...foldGroups(plain.stdout()).values()].some((g) => g.reason === 'VisibleToLimited'), 60_000, 'its events', 200);
    // A live event in the readable namespace still arrives through the namespaced watch.
    await kubectl(c.KUBECONFIG, ['create', '--validate=false', '-f', '-'], JSON.stringify(ev(ns, `mine.${Date.now()}`, 'LiveForLimited')));
    await eventually(() => [...foldGroups(plain.stdout()).values()].some((g) => g.reason === 'LiveForLimited'), 60_000, 'the live event', 200);
    assert.ok([...foldGroups(plain.stdout()).values()].every((g) => g.namespace === ns));
  } finally {
    await plain.stop();
  }
});
