// Real events from real components: a Deployment whose pods ask for more CPU than any (kwok)
// node has. The controller-manager scales and creates, the scheduler fails to place the pods;
// kevtui --once and --plain must show those groups with the counts kubectl's events add up to.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCli } from '../e2e/cli.js';
import { childEnv, cluster, diff, ensureNamespace, eventually, foldCounts, foldGroups, kubectl, kubectlJson, kubectlTruth, SKIP, type JsonGroup } from './helpers.js';

const NS = 'hungry';
const T = { timeout: 240_000, skip: SKIP };

const node = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { type: 'kwok' } },
  spec: {},
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, capacity: { cpu: '2', memory: '4Gi', pods: '110' } },
});

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'hog', namespace: NS },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'hog' } },
    template: {
      metadata: { labels: { app: 'hog' } },
      spec: { containers: [{ name: 'hog', image: 'example.invalid/hog:1', resources: { requests: { cpu: '64' } } }] },
    },
  },
};

let kc = '';
let pods: string[] = [];
let rs = '';

before(async () => {
  if (SKIP) return;
  kc = cluster().KUBECONFIG;
  await kubectl(kc, ['apply', '-f', '-'], JSON.stringify(node('kwok-node-0')));
  await eventually(async () => {
    const n = await kubectlJson(kc, ['get', 'node', 'kwok-node-0']);
    return n.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
  }, 120_000, 'kwok to make the fake node Ready');
  await ensureNamespace(kc, NS);
  await kubectl(kc, ['apply', '-f', '-'], JSON.stringify(deployment));
  // Wait for what the components write: the pods exist and each has a FailedScheduling event.
  await eventually(async () => {
    const p = await kubectlJson(kc, ['-n', NS, 'get', 'pods', '-l', 'app=hog']);
    pods = p.items.map((x: { metadata: { name: string } }) => x.metadata.name).sort();
    const ev = await kubectlJson(kc, ['-n', NS, 'get', 'events']);
    const failed = new Set(ev.items.filter((e: { reason: string }) => e.reason === 'FailedScheduling').map((e: { involvedObject: { name: string } }) => e.involvedObject.name));
    const reasons = new Set(ev.items.map((e: { reason: string }) => e.reason));
    return pods.length === 2 && pods.every((x) => failed.has(x)) && reasons.has('ScalingReplicaSet') && reasons.has('SuccessfulCreate');
  }, 180_000, 'FailedScheduling for both pods, ScalingReplicaSet and SuccessfulCreate');
  const r = await kubectlJson(kc, ['-n', NS, 'get', 'replicasets', '-l', 'app=hog']);
  rs = r.items[0].metadata.name;
});

after(async () => {
  if (SKIP || !kc) return;
  // Stop the scheduler retrying these pods for the files that follow.
  await kubectl(kc, ['-n', NS, 'scale', 'deployment', 'hog', '--replicas=0']).catch(() => {});
});

/** The groups the components must have produced, checked on a folded kevtui output. */
function assertComponentGroups(groups: JsonGroup[]): void {
  const mine = groups.filter((g) => g.namespace === NS);
  for (const pod of pods) {
    const g = mine.find((x) => x.reason === 'FailedScheduling' && x.kind === 'Pod' && x.name === pod);
    assert.ok(g, `a FailedScheduling group for pod ${pod}`);
    assert.equal(g.component, 'default-scheduler');
    assert.equal(g.type, 'Warning');
    assert.match(g.message, /^0\/1 nodes are available: 1 Insufficient cpu\./);
    assert.equal(g.objectNamespace, NS);
  }
  const scaling = mine.find((x) => x.reason === 'ScalingReplicaSet' && x.kind === 'Deployment' && x.name === 'hog');
  assert.ok(scaling, 'a ScalingReplicaSet group for the Deployment');
  assert.equal(scaling.component, 'deployment-controller');
  assert.equal(scaling.message, `Scaled up replica set ${rs} from 0 to 2`);
  const created = mine.filter((x) => x.reason === 'SuccessfulCreate' && x.kind === 'ReplicaSet' && x.name === rs);
  assert.equal(created.length, 2, 'one SuccessfulCreate group per created pod (the messages differ)');
  for (const g of created) assert.equal(g.component, 'replicaset-controller');
  assert.deepEqual(created.map((g) => g.message).sort(), pods.map((p) => `Created pod: ${p}`));
}

test('--once -o json: the scheduler\'s and the controllers\' groups, with kubectl\'s counts', T, async () => {
  // The components keep writing (scheduler retries); compare when kubectl reads the same before and after.
  let last: string[] = [];
  await eventually(async () => {
    const before = await kubectlTruth(kc);
    const once = await runCli(['--kubeconfig', kc, '-A', '--once', '-o', 'json'], { env: childEnv(), timeoutMs: 120_000 });
    assert.equal(once.code, 0, once.stderr);
    const afterwards = await kubectlTruth(kc);
    if (diff(before, afterwards).length) return false; // moved meanwhile: try again
    assertComponentGroups([...foldGroups(once.stdout).values()]);
    last = diff(before, foldCounts(once.stdout));
    assert.equal(once.stdout.trim().split('\n').length, before.size, 'one line per group, none doubled');
    return last.length === 0;
  }, 150_000, 'kevtui --once to agree with kubectl', 2000).catch((e) => {
    assert.deepEqual(last.slice(0, 10), [], String(e));
  });
});

test('--once --api core and --api events read the same groups', T, async () => {
  let last: string[] = [];
  await eventually(async () => {
    const before = await kubectlTruth(kc, ['-n', NS]);
    const core = await runCli(['--kubeconfig', kc, '-n', NS, '--once', '-o', 'json', '--api', 'core'], { env: childEnv(), timeoutMs: 120_000 });
    const events = await runCli(['--kubeconfig', kc, '-n', NS, '--once', '-o', 'json', '--api', 'events'], { env: childEnv(), timeoutMs: 120_000 });
    assert.equal(core.code, 0, core.stderr);
    assert.equal(events.code, 0, events.stderr);
    const afterwards = await kubectlTruth(kc, ['-n', NS]);
    if (diff(before, afterwards).length) return false;
    assertComponentGroups([...foldGroups(core.stdout).values()]);
    assertComponentGroups([...foldGroups(events.stdout).values()]);
    last = [...diff(before, foldCounts(core.stdout)).map((d) => `core: ${d}`), ...diff(before, foldCounts(events.stdout)).map((d) => `events: ${d}`)];
    return last.length === 0;
  }, 150_000, 'both APIs to agree with kubectl', 2000).catch((e) => {
    assert.deepEqual(last.slice(0, 10), [], String(e));
  });
});

test('--plain -o json: the same groups, converging on kubectl\'s counts as the components keep writing', T, async () => {
  const plain = startCli(['--kubeconfig', kc, '-A', '--plain', '-o', 'json'], childEnv());
  try {
    let last: string[] = [];
    await eventually(async () => {
      const want = await kubectlTruth(kc);
      last = diff(want, foldCounts(plain.stdout()));
      return last.length === 0;
    }, 120_000, 'kevtui --plain to agree with kubectl', 1000).catch((e) => {
      assert.deepEqual(last.slice(0, 10), [], `${e}\nstderr: ${plain.stderr()}`);
    });
    assertComponentGroups([...foldGroups(plain.stdout()).values()]);
    assert.match(plain.stderr(), /watching all namespaces/);
  } finally {
    await plain.stop();
  }
});
