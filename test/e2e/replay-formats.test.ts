// `kevtui replay` opens the history teams already keep, each format made here from the demo
// server: `kubectl get events -A -o json` (core/v1 and events.k8s.io/v1 EventLists), and one event
// per line as exporters write it (kubernetes-event-exporter's file sink, Elasticsearch `_source`
// documents, Loki's JSON lines and text lines, gzip). Each replays to exactly the groups a live
// `kevtui --once -o json` lists from the same (quiet) server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { runCli } from './cli.js';

const KUBECTL = '/usr/bin/kubectl';
let s: DemoServer;
let dir: string;
const live: Record<'core' | 'events', string> = { core: '', events: '' };

function kubectl(...args: string[]): Promise<string> {
  const home = mkdtempSync(join(dir, 'home-'));
  return new Promise((resolve, reject) => {
    execFile(KUBECTL, ['--kubeconfig', s.kubeconfigPath!, '--cache-dir', join(home, 'cache'), ...args], { env: { ...process.env, HOME: home, KUBECONFIG: '' }, timeout: 60_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kevtui-formats-'));
  s = await startDemoServer({ seed: 42, rate: 0, events: 300, kubeconfigOut: join(dir, 'kubeconfig') });
  s.freeze();
  for (const api of ['core', 'events'] as const) {
    const r = await runCli(['--kubeconfig', s.kubeconfigPath!, '-A', '--api', api, '--once', '-o', 'json'], { env: { KUBECONFIG: '' } });
    assert.equal(r.code, 0, r.stderr);
    live[api] = withoutCluster(r.stdout);
  }
  assert.ok(live.core.split('\n').length > 100);
});
after(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function replayed(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, content);
  const r = await runCli(['replay', file, '--once', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  // These files do not say which context they came from: every field but `cluster` must match.
  return withoutCluster(r.stdout);
}

function withoutCluster(out: string): string {
  return out.replace(/^\{"cluster":"[^"]*",/gm, '{');
}

type Item = Record<string, unknown> & { metadata: { uid: string }; involvedObject: Record<string, unknown>; lastTimestamp?: string };
async function coreItems(): Promise<Item[]> {
  return (JSON.parse(await kubectl('get', 'events', '-A', '-o', 'json')) as { items: Item[] }).items;
}

test('kubectl get events -A -o json (core/v1) replays to the live groups', async () => {
  assert.equal(await replayed('core.json', await kubectl('get', 'events', '-A', '-o', 'json')), live.core);
});

test('kubectl get events.v1.events.k8s.io -A -o json replays to the live groups', async () => {
  assert.equal(await replayed('events.json', await kubectl('get', 'events.v1.events.k8s.io', '-A', '-o', 'json')), live.events);
});

test("kubernetes-event-exporter's file sink (one enhanced event per line, plain and gzip)", async () => {
  // EnhancedEvent: the event inline, involvedObject with the object's labels, the cluster's name.
  const lines = (await coreItems()).map((e) => JSON.stringify({ ...e, clusterName: 'prod', involvedObject: { ...e.involvedObject, labels: { app: 'web' } } })).join('\n') + '\n';
  assert.equal(await replayed('exporter.ndjson', lines), live.core);
  assert.equal(await replayed('exporter.log.gz', gzipSync(lines)), live.core);
});

test('Elasticsearch documents (_source) and Loki lines (JSON and text output)', async () => {
  const items = await coreItems();
  const es = items.map((e) => JSON.stringify({ _index: 'kube-events-2026.12.01', _id: e.metadata.uid, _score: 1, _source: e })).join('\n');
  assert.equal(await replayed('es.ndjson', es), live.core);
  const lokiJson = items.map((e) => JSON.stringify({ labels: { job: 'event-exporter', namespace: 'monitoring' }, line: JSON.stringify(e), timestamp: e.lastTimestamp ?? '' })).join('\n');
  assert.equal(await replayed('loki.jsonl', lokiJson), live.core);
  const lokiText = items.map((e) => `${e.lastTimestamp ?? ''} {job="event-exporter", namespace="monitoring"} ${JSON.stringify(e)}`).join('\n');
  assert.equal(await replayed('loki.txt', lokiText), live.core);
});
