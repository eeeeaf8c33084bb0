// Frame time of the full-screen UI with 100,000 groups in the store and 50 visible rows, while
// batches of live updates arrive: the real <App> rendered by Ink into a fake 200×55 TTY.
// Per frame: wall time from store.apply() to the frame written to the terminal (view compute,
// React render, Yoga layout, Ink output), and Ink's own renderTime. Prints figures only.
// Run: node --expose-gc --import tsx bench/render.bench.ts   (env: BENCH_GROUPS=100000 FRAMES=100)
import { EventEmitter } from 'node:events';
import { createElement } from 'react';
import { render } from 'ink';
import { AggregateStore } from '../src/store/aggregate.js';
import type { KubeEvent } from '../src/model/event.js';
import type { SourceChange, SourceStatus } from '../src/kube/types.js';
import type { Session } from '../src/session/types.js';
import { App } from '../src/ui/App.js';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 100_000);
const FRAMES = Number(process.env.FRAMES ?? 100);
const COLUMNS = 200;
const ROWS = 55; // rows-1 = 54 lines: header 2, column titles 1, 50 rows, footer 1
const T0 = Date.parse('2025-05-01T10:00:00Z');

const REASONS: ReadonlyArray<[string, string, string]> = [
  ['Normal', 'Pulled', 'Container image "registry.example.com/team/app:1.42.0" already present on machine'],
  ['Normal', 'Created', 'Created container app'],
  ['Normal', 'Started', 'Started container app'],
  ['Warning', 'BackOff', 'Back-off restarting failed container app in pod'],
  ['Warning', 'Unhealthy', 'Readiness probe failed: Get "http://10.0.3.17:8080/healthz": dial tcp 10.0.3.17:8080: connect: connection refused'],
  ['Warning', 'FailedScheduling', '0/120 nodes are available: 120 Insufficient cpu. preemption: 0/120 nodes are available: 120 No preemption victims found'],
];

let uid = 0;
function event(i: number, at: number, count = 1): KubeEvent {
  const [type, reason, message] = REASONS[i % REASONS.length]!;
  const ns = `team-${i % 40}`;
  const pod = `svc-${(i * 7919) % 5000}-7d9f8c6b5-${(i % 100_000).toString(36).padStart(5, 'x')}`;
  return {
    uid: `u${i}`,
    namespace: ns,
    name: `${pod}.${(++uid).toString(16)}`,
    resourceVersion: String(uid),
    object: { kind: 'Pod', namespace: ns, name: pod, apiVersion: 'v1', uid: '', fieldPath: '' },
    related: undefined,
    reason,
    message: `${message} (${i})`,
    type,
    component: 'kubelet',
    instance: `node-${i % 120}`,
    action: '',
    count,
    firstSeen: at,
    lastSeen: at,
    apiGroup: 'core',
    raw: {},
  };
}

class FakeTty extends EventEmitter {
  isTTY = true;
  columns = COLUMNS;
  rows = ROWS;
  bytes = 0;
  onWrite: (() => void) | undefined;
  write(s: string): boolean {
    this.bytes += s.length;
    this.onWrite?.();
    return true;
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function scenario(name: string, setup: (stdin: FakeStdin) => Promise<void>): Promise<void> {
  const store = new AggregateStore({ maxGroups: GROUPS + 10_000 });
  const preload: SourceChange[] = [];
  for (let i = 0; i < GROUPS; i++) preload.push({ kind: 'upsert', event: event(i, T0 + i) });
  store.apply(preload);
  const status: SourceStatus = { state: 'watching', apiGroup: 'core', namespaces: [''], detail: '', malformed: 0, reconnects: 0, relists: 0 };
  const session: Session = {
    store, context: 'bench', cluster: 'bench', namespaces: [''], apiGroup: 'core',
    status: () => status, onStatus: () => () => {},
    objects: { get: async () => ({ ok: false, gone: true, message: '' }), owners: async () => [], dependents: async () => [] },
    stop: async () => {},
  };
  const stdout = new FakeTty();
  const stdin = new FakeStdin();
  const renderTimes: number[] = [];
  const inst = render(createElement(App, { session, clock: () => T0 + GROUPS + 60_000, snapshotMs: 0, color: process.env.NO_COLOR === undefined }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeTty() as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 1000,
    onRender: ({ renderTime }) => renderTimes.push(renderTime),
  });
  const nextFrame = () => new Promise<void>((resolve) => (stdout.onWrite = () => ((stdout.onWrite = undefined), resolve())));
  await new Promise((r) => setTimeout(r, 50));
  await setup(stdin);
  await new Promise((r) => setTimeout(r, 50));
  renderTimes.length = 0;
  const walls: number[] = [];
  const bytes0 = stdout.bytes;
  const cpu0 = process.cpuUsage();
  let next = GROUPS;
  for (let f = 0; f < FRAMES; f++) {
    // A storm-like batch: 20 new groups and 30 repeats of existing ones.
    const batch: SourceChange[] = [];
    const at = T0 + GROUPS + f * 100;
    for (let j = 0; j < 20; j++, next++) batch.push({ kind: 'upsert', event: event(next, at) });
    for (let j = 0; j < 30; j++) {
      const i = (f * 997 + j * 131) % GROUPS;
      batch.push({ kind: 'upsert', event: { ...event(i, at, 2 + f), uid: `u${i}` } });
    }
    const frame = nextFrame();
    const t = performance.now();
    store.apply(batch);
    await frame;
    walls.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 2));
  }
  const cpu = process.cpuUsage(cpu0);
  inst.unmount();
  const fmt = (x: number) => x.toFixed(1).padStart(6);
  console.log(
    `${name.padEnd(34)} frame wall p50 ${fmt(percentile(walls, 50))} ms  p95 ${fmt(percentile(walls, 95))} ms  max ${fmt(Math.max(...walls))} ms` +
      `  | ink renderTime p50 ${fmt(percentile(renderTimes, 50))} ms` +
      `  | CPU ${((cpu.user + cpu.system) / 1000 / FRAMES).toFixed(1)} ms/frame  | ${Math.round((stdout.bytes - bytes0) / FRAMES)} B/frame`,
  );
}

const press = async (stdin: FakeStdin, s: string) => {
  stdin.emit('data', s);
  await new Promise((r) => setTimeout(r, 20));
};

console.log(`${GROUPS.toLocaleString('en-US')} groups, ${COLUMNS}×${ROWS} terminal, 50 visible rows, ${FRAMES} frames of 50 updates each`);
await scenario('following, no filter', async () => {});
await scenario('following, filter "backoff"', async (stdin) => {
  await press(stdin, '/');
  await press(stdin, 'backoff');
  await press(stdin, '\r');
});
await scenario('paused (order frozen, "N new")', async (stdin) => {
  await press(stdin, ' ');
});
await scenario('sorted by count', async (stdin) => {
  await press(stdin, 's');
});
