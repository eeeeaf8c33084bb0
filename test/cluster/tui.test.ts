// The full screen against the real control plane, in tmux at 120×40: the scheduler's
// FailedScheduling group is there, `o` shows the Pod (fetched from the real API) with its events,
// `O` walks up to its ReplicaSet and Deployment.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI, ROOT } from '../e2e/cli.js';
import { hasTmux, Terminal } from '../e2e/tmux.js';
import { cluster, ensureNamespace, eventually, kubectl, kubectlJson, SKIP } from './helpers.js';

const NS = 'tui';
const T = { timeout: 240_000, skip: SKIP || (!hasTmux && 'tmux not installed') };

let kc = '';
let pod = '';
let rs = '';

before(async () => {
  if (T.skip) return;
  kc = cluster().KUBECONFIG;
  await ensureNamespace(kc, NS);
  await kubectl(kc, ['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'greedy', namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'greedy' } },
      template: {
        metadata: { labels: { app: 'greedy' } },
        spec: { containers: [{ name: 'greedy', image: 'example.invalid/greedy:1', resources: { requests: { cpu: '96' } } }] },
      },
    },
  }));
  await eventually(async () => {
    const ev = await kubectlJson(kc, ['-n', NS, 'get', 'events']);
    const failed = ev.items.find((e: { reason: string }) => e.reason === 'FailedScheduling');
    pod = failed?.involvedObject?.name ?? '';
    return pod !== '';
  }, 180_000, 'a FailedScheduling event in namespace tui');
  rs = (await kubectlJson(kc, ['-n', NS, 'get', 'replicasets', '-l', 'app=greedy'])).items[0].metadata.name;
});

test('TUI on a real cluster: FailedScheduling visible, o shows the Pod, O walks to ReplicaSet and Deployment', T, async () => {
  const t = Terminal.start(`node ${CLI} --kubeconfig ${kc} -n ${NS}; sleep 30`, { cwd: ROOT });
  try {
    const table = await t.until('the FailedScheduling group', (s) => /watching/.test(s) && /FailedScheduling/.test(s), 60_000);
    assert.ok(table.split('\n').some((l) => l.includes('FailedScheduling') && l.includes(`Pod/${pod}`.slice(0, 24))), table);

    t.keys('/');
    t.type('reason:failedscheduling');
    t.keys('Enter');
    await t.until('only FailedScheduling rows', (s) => /\d+ of \d+ match/.test(s) || /reason:failedscheduling/.test(s));

    t.keys('o');
    const object = await t.until('the Pod fetched from the API', (s) => new RegExp(`Pod ${NS}/${pod}`).test(s) && /Pending/.test(s), 30_000);
    assert.match(object, /FailedScheduling/);

    t.keys('O');
    const owners = await t.until('the owner chain', (s) => new RegExp(`ReplicaSet ${NS}/${rs}`).test(s) && new RegExp(`Deployment ${NS}/greedy`).test(s), 30_000);
    assert.match(owners, /↑owners/);
    // The controllers' own events come with the owners.
    await t.until("the owners' events", (s) => /SuccessfulCreate/.test(s) && /ScalingReplicaSet/.test(s), 30_000);
    t.keys('q');
  } finally {
    t.close();
    await kubectl(kc, ['-n', NS, 'scale', 'deployment', 'greedy', '--replicas=0']).catch(() => {});
  }
});
