// The first screen an on-call person sees: warnings first, rows that hold still while they are
// read, the selected message in full under the table, and columns that fit 80×24 with CJK names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth } from '../../src/model/width.js';
import { HOLD_MS } from '../../src/store/follow.js';
import { T0, makeSession, renderApp, type RawSpec } from './helpers.js';

const rowsOf = (lines: string[]) => lines.filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));

/** Rollout noise, newer than the incident, and the incident on a node 20 minutes ago. */
const NOISE: RawSpec[] = Array.from({ length: 30 }, (_, i) => ({
  kind: 'Deployment', name: 'cart', reason: 'ScalingReplicaSet', component: 'deployment-controller', agoS: 1 + i,
  message: `Scaled down replica set cart-7fb9d4bb4c from ${i + 5} to ${i + 4}`,
}));
const INCIDENT: RawSpec[] = [
  { ns: 'default', kind: 'Node', name: 'node-3', reason: 'OOMKilling', type: 'Warning', component: 'kernel-monitor', agoS: 1200, message: 'Memory cgroup out of memory: Killed process 4242 (java)' },
  { ns: 'default', kind: 'Node', name: 'node-3', reason: 'EvictionThresholdMet', type: 'Warning', component: 'kubelet', agoS: 1190, message: 'Attempting to reclaim memory' },
  { ns: 'default', kind: 'Node', name: 'node-3', reason: 'NodeNotReady', type: 'Normal', component: 'node-controller', agoS: 1180, message: 'Node node-3 status is now: NodeNotReady' },
  { ns: 'shop', name: 'web-0', reason: 'BackOff', type: 'Warning', agoS: 900, count: 40, message: 'Back-off restarting failed container web in pod web-0_shop(1234)' },
];

test('triage: the incident is on the first screen above newer rollout noise, at 120×40 and 80×24', async () => {
  for (const [columns, rows] of [[120, 40], [80, 24]] as const) {
    const h = await renderApp(makeSession({ events: [...NOISE, ...INCIDENT] }), { columns, rows });
    try {
      const shown = rowsOf(h.lines());
      // (80 columns may cut a long reason at its end: EvictionThres…)
      const reasons = new Set(shown.slice(0, 4).map((r) => /(OOMKilling|EvictionThres|NodeNotReady|BackOff)/.exec(r)?.[1]));
      assert.deepEqual([...reasons].sort(), ['BackOff', 'EvictionThres', 'NodeNotReady', 'OOMKilling'], `${columns}×${rows}:\n${h.frame()}`);
      assert.match(shown[0]!, /C Warning +\S* *EvictionThres/);
      assert.match(shown[1]!, /C Warning +\S* *OOMKilling/);
      assert.match(shown[3]!, /W Normal +(\S+ +)?NodeNotReady/, 'the Normal NodeNotReady after the Warnings of its tier');
      assert.match(shown[4]!, /ScalingRepl/);
    } finally {
      h.unmount();
    }
  }
});

test('triage: rows that differ only at the end of the message can be told apart: the preview shows it whole', async () => {
  const h = await renderApp(makeSession({ events: NOISE.slice(0, 3) }), { columns: 80, rows: 24 });
  try {
    assert.match(h.frame(), /^  Scaled down replica set cart-7fb9d4bb4c from 5 to 4$/m);
    assert.match(h.frame(), /^deployment-controller · Deployment\/shop\/cart · Normal, severity normal · ×1/m);
    await h.press('j');
    assert.match(h.frame(), /^  Scaled down replica set cart-7fb9d4bb4c from 6 to 5$/m);
  } finally {
    h.unmount();
  }
});

test('triage: at 80×24 with CJK names every line fits, MESSAGE keeps 30 columns, kinds are whole', async () => {
  const events: RawSpec[] = [
    { ns: '生产', name: '服务-前端-7d9f8c6b5-x2k4q', reason: 'Unhealthy', type: 'Warning', agoS: 5, message: '就绪探针失败：连接被拒绝，请检查服务端口配置是否正确' },
    { ns: '测试环境', kind: 'Deployment', name: '订单服务', reason: 'ScalingReplicaSet', component: 'deployment-controller', agoS: 8, message: 'Scaled up replica set 订单服务-5c4f to 3' },
    { ns: 'default', kind: 'HorizontalPodAutoscaler', name: '订单服务', reason: 'SuccessfulRescale', component: 'horizontal-pod-autoscaler', agoS: 9, message: 'New size: 3; reason: cpu resource utilization (percentage of request) above target' },
  ];
  const h = await renderApp(makeSession({ events }), { columns: 80, rows: 24 });
  try {
    const lines = h.lines();
    assert.ok(lines.length <= 23);
    for (const l of lines) assert.ok(displayWidth(l) <= 80, `too wide: ${l}`);
    const header = lines.find((l) => /LAST S TYPE/.test(l))!;
    assert.ok(displayWidth(header.slice(0, header.indexOf('MESSAGE'))) <= 50, `MESSAGE gets ≥ 30 columns: ${header}`);
    for (const r of rowsOf(lines)) assert.match(r, / (po|deploy|hpa|Pod|Deployment|HorizontalPodAutoscaler)\//, `kind whole: ${r}`);
    assert.match(h.frame(), /就绪探针失败：连接被拒绝，请检查服务端口配置是否正确/, 'the preview shows the CJK message whole');
  } finally {
    h.unmount();
  }
});

test('triage: following, a row that repeats keeps its place until HOLD_MS passed, then moves up', async () => {
  let now = T0;
  const session = makeSession({ events: [
    { name: 'a-0', reason: 'BackOff', type: 'Warning', agoS: 10, message: 'Back-off a' },
    { name: 'b-0', reason: 'BackOff', type: 'Warning', agoS: 20, message: 'Back-off b' },
    { name: 'c-0', reason: 'BackOff', type: 'Warning', agoS: 30, message: 'Back-off c' },
  ] });
  const h = await renderApp(session, { columns: 100, rows: 24 }, { clock: () => now });
  try {
    const order = () => rowsOf(h.lines()).map((r) => /([a-d])-0/.exec(r)?.[1]);
    assert.deepEqual(order(), ['a', 'b', 'c']);
    now += 1000;
    session.add({ name: 'c-0', reason: 'BackOff', type: 'Warning', agoS: 0, message: 'Back-off c', count: 2 });
    await h.settle();
    assert.deepEqual(order(), ['a', 'b', 'c'], 'held: c repeated but stays in its row');
    assert.match(rowsOf(h.lines())[2]!, / 0s /, 'its age updates in place');
    now += HOLD_MS;
    session.add({ name: 'd-0', reason: 'Pulled', agoS: 0, message: 'pulled' });
    await h.settle();
    assert.deepEqual(order(), ['c', 'a', 'b', 'd'], 'after HOLD_MS the live order');
  } finally {
    h.unmount();
  }
});

test('triage: W adds the wide columns (LAST SEEN as kubectl events writes it, FIRST, COMPONENT) and takes them away', async () => {
  const h = await renderApp(makeSession(), { columns: 200, rows: 30 });
  try {
    assert.doesNotMatch(h.frame(), /COMPONENT/);
    await h.press('W');
    assert.match(h.frame(), /LAST SEEN +FIRST S TYPE +COMPONENT +NS +REASON +OBJECT/);
    assert.match(h.frame(), /^> +10s \(x12 over 10m\) +10m E Warning kubelet +shop +BackOff +Pod\/web-7d9f8c6b5-x2k4q +12 Back-off/m);
    assert.match(h.frame(), /default-scheduler +jobs +FailedScheduling/);
    for (const l of h.lines()) assert.ok(displayWidth(l) <= 200);
    await h.press('W');
    assert.doesNotMatch(h.frame(), /COMPONENT/);
  } finally {
    h.unmount();
  }
});
