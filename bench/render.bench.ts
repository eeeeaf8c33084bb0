// Frame cost of the full-screen UI at 120×40 with 100,000 groups in the store, the real <App>
// rendered by Ink into a fake TTY, through one of these paths: `frame` (Ink in debug mode into
// src/frame's InkStdout, which writes only the changed cells, the table's lines laid over Ink's
// frame by the RowOverlay: what `kevtui` runs), `inkrows` (the same, but the table's lines go
// through Ink's output assembly) or `ink` (Ink's own standard writer: every frame erased and
// rewritten). Per frame: CPU ms (p50/p95, from the store change or the keystroke to the frame
// handed to the terminal) and bytes written; and idle: bytes and CPU per second while only the
// 1 s clock ticks. Prints figures only.
// Run: node --expose-gc --import tsx bench/render.bench.ts
//   env: BENCH_GROUPS=100000 FRAMES=100 PATHS=frame,inkrows,ink SCENARIOS=few,many,storm,filter,keys
//   BENCH_PROFILE=dir: a .cpuprofile of each scenario's measured frames only (no preload, no idle)
import { EventEmitter } from 'node:events';
import { Session as Inspector } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { KubeEvent } from '../src/model/event.js';
import type { SourceChange, SourceStatus } from '../src/kube/types.js';
import type { Session } from '../src/session/types.js';
import { FakeStdin } from '../test/helpers/fake-stdin.js';
import { quantile } from './stats.js';

// React picks its build when first loaded; kevtui runs the production one.
process.env.NODE_ENV ??= 'production';
const { createElement } = await import('react');
const { render } = await import('ink');
const { AggregateStore } = await import('../src/store/aggregate.js');
const { App } = await import('../src/ui/App.js');
const { InkStdout } = await import('../src/frame/index.js');
const { RowOverlay, RowOverlayContext } = await import('../src/ui/hooks/useRowOverlay.js');

const GROUPS = Number(process.env.BENCH_GROUPS ?? 100_000);
const FRAMES = Number(process.env.FRAMES ?? 100);
const COLUMNS = 120;
const ROWS = 40; // rows-1 = 39 lines: header 2, column titles 1, 35 rows, footer 1
type Path = 'frame' | 'inkrows' | 'ink';
const PATHS = (process.env.PATHS ?? 'frame,inkrows,ink').split(',') as Path[];
const SCENARIOS = new Set((process.env.SCENARIOS ?? 'few,many,storm,filter,keys').split(','));
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
    cluster: '',
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
    this.bytes += Buffer.byteLength(s);
    this.onWrite?.();
    return true;
  }
}

const percentile = (xs: number[], p: number): number => quantile(xs, p / 100) ?? NaN;

type Batch = (f: number, store: InstanceType<typeof AggregateStore>) => SourceChange[];
/** A frame's trigger: a store batch, or a keystroke. */
type Step = { batch: Batch } | { key: (f: number) => string };

async function scenario(path: Path, name: string, setup: (stdin: FakeStdin) => Promise<void>, step: Step): Promise<void> {
  const store = new AggregateStore({ maxGroups: GROUPS + 10_000 });
  const start = Date.now();
  const clock = () => T0 + GROUPS + 60_000 + (Date.now() - start);
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
  const terminal = new FakeTty();
  const stdin = new FakeStdin();
  // A frame is done when Ink hands it over: to InkStdout (which may then write nothing) or to
  // the terminal.
  let onFrame: (() => void) | undefined;
  let out: unknown = terminal;
  let app: ReturnType<typeof createElement> = createElement(App, { session, clock, snapshotMs: 0, color: process.env.NO_COLOR === undefined, writeRaw: () => {} });
  if (path !== 'ink') {
    const frames = new InkStdout(terminal);
    if (path === 'frame') {
      const overlay = new RowOverlay();
      frames.setOverlay(overlay);
      app = createElement(RowOverlayContext.Provider, { value: overlay }, app);
    }
    const write = frames.write.bind(frames);
    frames.write = (s: string, cb?: () => void) => {
      const r = write(s, cb);
      onFrame?.();
      return r;
    };
    out = frames;
  } else {
    terminal.onWrite = () => onFrame?.();
  }
  const inst = render(app, {
    stdout: out as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeTty() as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    ...(path !== 'ink' ? { debug: true } : { maxFps: 1000 }),
  });
  const nextFrame = () => new Promise<void>((resolve) => (onFrame = () => ((onFrame = undefined), resolve())));
  await new Promise((r) => setTimeout(r, 50));
  await setup(stdin);
  await new Promise((r) => setTimeout(r, 50));
  const cpus: number[] = [];
  const sizes: number[] = [];
  const profileDir = process.env.BENCH_PROFILE;
  const inspector = profileDir !== undefined ? new Inspector() : undefined;
  if (inspector !== undefined) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  for (let f = 0; f < FRAMES; f++) {
    const changes = 'batch' in step ? step.batch(f, store) : [];
    const frame = nextFrame();
    const bytes0 = terminal.bytes;
    const cpu0 = process.cpuUsage();
    if ('key' in step) stdin.type(step.key(f));
    else store.apply(changes);
    await frame;
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
    sizes.push(terminal.bytes - bytes0);
    await new Promise((r) => setTimeout(r, 2));
  }
  if (inspector !== undefined) {
    const { profile } = await inspector.post('Profiler.stop');
    mkdirSync(profileDir!, { recursive: true });
    writeFileSync(`${profileDir}/${path}-${name.replace(/\W+/g, '-')}.cpuprofile`, JSON.stringify(profile));
    inspector.disconnect();
  }
  // Idle: nothing arrives, only the clock ticks (ages, the rate line).
  global.gc?.();
  const idleBytes0 = terminal.bytes;
  const idleCpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, 3000));
  const idleCpu = process.cpuUsage(idleCpu0);
  const idleBytes = terminal.bytes - idleBytes0;
  inst.unmount();
  const fmt = (x: number) => x.toFixed(1).padStart(5);
  console.log(
    `${path.padEnd(5)} ${name.padEnd(34)} CPU/frame p50 ${fmt(percentile(cpus, 50))} ms  p95 ${fmt(percentile(cpus, 95))} ms` +
      `  | ${String(Math.round(sizes.reduce((a, b) => a + b, 0) / FRAMES)).padStart(5)} B/frame` +
      `  | idle ${String(Math.round(idleBytes / 3)).padStart(5)} B/s, CPU ${((idleCpu.user + idleCpu.system) / 3000).toFixed(1)} ms/s`,
  );
}

const press = async (stdin: FakeStdin, s: string) => {
  stdin.type(s);
  await new Promise((r) => setTimeout(r, 20));
};

let next = GROUPS;
// A storm-like batch: 20 new groups and 30 repeats of existing ones (most of the table moves).
const storm: Batch = (f) => {
  const batch: SourceChange[] = [];
  const at = T0 + GROUPS + f * 100;
  for (let j = 0; j < 20; j++, next++) batch.push({ kind: 'upsert', event: event(next, at) });
  for (let j = 0; j < 30; j++) {
    const i = (f * 997 + j * 131) % GROUPS;
    batch.push({ kind: 'upsert', event: { ...event(i, at, 2 + f), uid: `u${i}` } });
  }
  return batch;
};
// A few visible rows change in place: the 3 groups at the top get a repeat each frame (count
// and age change), so they stay on top and nothing else moves.
const fewRows: Batch = (f) => {
  const at = T0 + GROUPS + 60_000 + f;
  const batch: SourceChange[] = [];
  for (let j = 0; j < 3; j++) {
    const i = GROUPS - 1 - j;
    batch.push({ kind: 'upsert', event: { ...event(i, at, 2 + f), uid: `u${i}` } });
  }
  return batch;
};

// Every visible row changes in place: the 50 groups at the top get a repeat each frame.
const manyRows: Batch = (f) => {
  const at = T0 + GROUPS + 60_000 + f;
  const batch: SourceChange[] = [];
  for (let j = 0; j < 50; j++) {
    const i = GROUPS - 1 - j;
    batch.push({ kind: 'upsert', event: { ...event(i, at, 2 + f), uid: `u${i}` } });
  }
  return batch;
};
// Typing a filter and erasing it again, one key per frame; the store does not change.
const TYPED = 'backoff';
const typing = (f: number) => {
  const k = f % (2 * TYPED.length);
  return k < TYPED.length ? TYPED[k]! : '\x7f';
};

console.log(`${GROUPS.toLocaleString('en-US')} groups, ${COLUMNS}×${ROWS} terminal, 35 visible rows, ${FRAMES} frames per scenario`);
const filtered = async (stdin: FakeStdin) => {
  await press(stdin, '/');
  await press(stdin, TYPED);
  await press(stdin, '\r');
};
for (const path of PATHS) {
  if (SCENARIOS.has('few')) await scenario(path, '3 rows change (top of the table)', async () => {}, { batch: fewRows });
  if (SCENARIOS.has('many')) await scenario(path, '50 rows change (all visible rows)', async () => {}, { batch: manyRows });
  if (SCENARIOS.has('storm')) await scenario(path, 'following, 50 updates per frame', async () => {}, { batch: storm });
  if (SCENARIOS.has('filter')) await scenario(path, 'following, filter "backoff"', filtered, { batch: storm });
  if (SCENARIOS.has('keys')) await scenario(path, 'filter keystroke (typing "backoff")', (stdin) => press(stdin, '/'), { key: typing });
}
