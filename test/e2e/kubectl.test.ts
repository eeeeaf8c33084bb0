// The real kubectl 1.32 (/usr/bin/kubectl, the dispatcher that reads /version first) against
// the demo server, with a fresh HOME and --cache-dir per run and the kubeconfig the server wrote.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { req, testScenario, waitFor, watch } from '../wire/helpers.js';

const KUBECTL = '/usr/bin/kubectl';
let s: DemoServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kevtui-kubectl-'));
  s = await startDemoServer({ scenario: testScenario(), seed: 42, rate: 0, events: 300, kubeconfigOut: join(dir, 'kubeconfig') });
});
after(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function kubectlArgs(args: string[]): { args: string[]; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(dir, 'home-'));
  return {
    args: ['--kubeconfig', s.kubeconfigPath!, '--cache-dir', join(home, 'cache'), ...args],
    env: { ...process.env, HOME: home, KUBECONFIG: '' },
  };
}

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const k = kubectlArgs(args);
  return new Promise((resolve) => {
    execFile(KUBECTL, k.args, { env: k.env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const rows = (out: string) => out.trim().split('\n').slice(1);

test('get events -A prints the server Table columns with rows', async () => {
  const r = await kubectl('get', 'events', '-A');
  assert.equal(r.code, 0, r.stderr);
  const [header, ...lines] = r.stdout.trim().split('\n');
  assert.match(header, /^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  assert.equal(lines.length, s.snapshotEvents().length);
  assert.match(lines[0], /^\S+\s+\S+\s+(Normal|Warning)\s+\S+\s+pod\/app-\d\s+\S/);
});

test('get events -A --field-selector type=Warning shows only Warning rows', async () => {
  const r = await kubectl('get', 'events', '-A', '--field-selector', 'type=Warning');
  assert.equal(r.code, 0, r.stderr);
  const lines = rows(r.stdout);
  assert.equal(lines.length, s.snapshotEvents().filter((e) => e.type === 'Warning').length);
  assert.ok(lines.every((l) => l.split(/\s+/)[2] === 'Warning'));
});

test('an unsupported field selector prints "field label not supported"', async () => {
  const r = await kubectl('get', 'events', '-A', '--field-selector', 'foo=bar');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /field label not supported: foo/);
});

test('get events -A -w prints new rows as they are generated', async () => {
  const k = kubectlArgs(['get', 'events', '-A', '-w']);
  const child = spawn(KUBECTL, k.args, { env: k.env });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  try {
    const initial = s.snapshotEvents().length;
    await waitFor(() => out.trim().split('\n').length >= initial + 1, 30_000, 'initial rows');
    for (let i = 0; i < 3; i++) {
      s.writer.createEvent(
        {
          metadata: { name: `watched-${i}.abc`, namespace: 'payments' },
          involvedObject: { kind: 'Pod', namespace: 'payments', name: `live-${i}`, apiVersion: 'v1' },
          reason: 'WatchProbe',
          message: `probe number ${i}`,
          source: { component: 'tester', host: 'node-0' },
          reportingComponent: 'tester',
          reportingInstance: 'node-0',
          firstTimestamp: new Date().toISOString(),
          lastTimestamp: new Date().toISOString(),
          count: 1,
          type: 'Normal',
        },
        new Date(),
      );
    }
    await waitFor(() => (out.match(/WatchProbe/g) ?? []).length === 3, 15_000, 'three live rows');
    assert.match(out, /payments\s+\S+\s+Normal\s+WatchProbe\s+pod\/live-2\s+probe number 2/);
  } finally {
    child.kill();
  }
});

test('kubectl events -A and events --for pod/<name>', async () => {
  const all = await kubectl('events', '-A');
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout.split('\n')[0], /^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
  assert.ok(rows(all.stdout).length >= s.snapshotEvents().length - 10);
  const forPod = await kubectl('events', '-n', 'web', '--for', 'pod/app-1');
  assert.equal(forPod.code, 0, forPod.stderr);
  const lines = rows(forPod.stdout);
  assert.equal(lines.length, s.snapshotEvents().filter((e) => e.metadata.namespace === 'web' && e.involvedObject.name === 'app-1').length);
  assert.ok(lines.every((l) => l.includes('Pod/app-1')));
});

test('get --raw /apis/events.k8s.io/v1/events returns an EventList in the events.k8s.io shape', async () => {
  const r = await kubectl('get', '--raw', '/apis/events.k8s.io/v1/events');
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.equal(list.kind, 'EventList');
  assert.equal(list.apiVersion, 'events.k8s.io/v1');
  assert.ok(list.items.length > 0);
  for (const it of list.items) {
    assert.ok(it.regarding?.name, 'regarding');
    assert.equal(typeof it.note, 'string');
    assert.equal(typeof it.reportingController, 'string');
  }
});

test('create -f through each API group appears in an open watch', async () => {
  const list = await req(s.url, '/api/v1/events');
  const w = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${list.json.metadata.resourceVersion}`);
  try {
    const modern = join(dir, 'modern.yaml');
    writeFileSync(
      modern,
      `apiVersion: events.k8s.io/v1
kind: Event
metadata:
  name: kubectl-modern
  namespace: web
eventTime: "2025-01-01T00:00:00.000000Z"
reportingController: example.com/e2e
reportingInstance: e2e-1
action: Test
reason: CreatedByKubectl
note: through events.k8s.io
type: Normal
regarding: {kind: Pod, namespace: web, name: app-0, apiVersion: v1}
`,
    );
    const legacy = join(dir, 'legacy.yaml');
    writeFileSync(
      legacy,
      `apiVersion: v1
kind: Event
metadata:
  name: kubectl-legacy
  namespace: web
involvedObject: {kind: Pod, namespace: web, name: app-1, apiVersion: v1}
reason: CreatedByKubectl
message: through core v1
source: {component: e2e}
firstTimestamp: "2025-01-01T00:00:00Z"
lastTimestamp: "2025-01-01T00:00:00Z"
count: 1
type: Warning
`,
    );
    const a = await kubectl('create', '-f', modern, '--validate=false');
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /event\.events\.k8s\.io\/kubectl-modern created/);
    const b = await kubectl('create', '-f', legacy, '--validate=false');
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /event\/kubectl-legacy created/);
    await waitFor(() => w.lines.filter((l) => l.object.reason === 'CreatedByKubectl').length === 2, 10_000, 'both creations in the watch');
    const msgs = w.lines.filter((l) => l.type === 'ADDED').map((l) => l.object.message);
    assert.deepEqual(msgs, ['through events.k8s.io', 'through core v1']);
  } finally {
    w.close();
  }
});
