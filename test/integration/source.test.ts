// kube/ against the real demo API server: the list+watch loop stays exact under injected
// faults (dropped, stalled and expired watches, 429s, 500s), falls back to readable namespaces
// under narrow RBAC, only ever sends GET, and fails with one readable line when it must.
// Waits are generous condition waits; nothing here asserts on timing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { loadKubeconfig, type ClusterConnection } from '../../src/kube/config.js';
import { resolveApiGroup } from '../../src/kube/discovery.js';
import { KubeError } from '../../src/kube/errors.js';
import { getJson } from '../../src/kube/http.js';
import { dependents, getObject, nodeOf, owners } from '../../src/kube/objects.js';
import { EventSource, type EventSourceOptions } from '../../src/kube/source.js';
import type { SourceChange, SourceStatus } from '../../src/kube/types.js';
import { normalize } from '../../src/model/normalize.js';
import type { ApiGroup } from '../../src/model/event.js';

const dir = mkdtempSync(join(tmpdir(), 'kevtui-src-'));
const servers: DemoServer[] = [];
const NONE = { env: {}, homeDir: join(dir, 'no-home'), serviceAccountDir: join(dir, 'no-sa') };

after(async () => {
  // (3) GET only: every request any test made, to every demo server.
  const methods = new Set(servers.flatMap((s) => s.requests.map((r) => r.method)));
  await Promise.all(servers.map((s) => s.close()));
  assert.deepEqual([...methods], ['GET']);
});

async function demo(opts: Parameters<typeof startDemoServer>[0], name: string): Promise<DemoServer> {
  const s = await startDemoServer({ kubeconfigOut: join(dir, `${name}.kubeconfig`), ...opts });
  servers.push(s);
  return s;
}

async function waitFor<T>(cond: () => T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a store would hold: uid → {namespace, count}; deletes and `synced` remove. */
class Fold {
  readonly live = new Map<string, { ns: string; count: number }>();
  batches = 0;
  apply = (changes: SourceChange[]): void => {
    this.batches++;
    for (const c of changes) {
      if (c.kind === 'upsert') this.live.set(c.event.uid, { ns: c.event.namespace, count: c.event.count });
      else if (c.kind === 'delete') this.live.delete(c.event.uid);
      else for (const [uid, v] of this.live) if ((c.namespace === '' || v.ns === c.namespace) && !c.seen.has(uid)) this.live.delete(uid);
    }
  };
  counts(): Map<string, number> {
    return new Map([...this.live].map(([uid, v]) => [uid, v.count]));
  }
}

function truth(s: DemoServer, namespaces?: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of s.snapshotEvents()) {
    const n = normalize(e, 'core')!;
    if (!namespaces || namespaces.includes(n.namespace)) out.set(n.uid, n.count);
  }
  return out;
}

function sameCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function source(conn: ClusterConnection, apiGroup: ApiGroup, fold: Fold, statuses: SourceStatus[], extra: Partial<EventSourceOptions> = {}): EventSource {
  return new EventSource({
    connection: conn,
    namespaces: [''],
    apiGroup,
    onBatch: fold.apply,
    onStatus: (st) => statuses.push(st),
    onError: (e) => assert.fail(`consumer error: ${e}`),
    ...extra,
  });
}

for (const apiGroup of ['events', 'core'] as const) {
  test(`(1) ${apiGroup}: under faults the delivered per-uid counts equal the server's events exactly`, async () => {
    const s = await demo(
      {
        scenario: 'storm',
        seed: apiGroup === 'events' ? 11 : 12,
        rate: 400,
        events: 2500,
        duration: 5,
        eventTtlSeconds: 20, // preloaded events expire during the run: DELETEDs too
        historySize: 150, // small: resumed watches and slow lists meet 410s
        faults: { dropWatchAfterEvents: 200, failRatio429: 0.05, failRatio500: 0.05 },
      },
      `faults-${apiGroup}`,
    );
    const conn = loadKubeconfig({ kubeconfig: s.kubeconfigPath, ...NONE });
    const fold = new Fold();
    const statuses: SourceStatus[] = [];
    const src = source(conn, apiGroup, fold, statuses, { batchIntervalMs: 20 });
    src.start();
    try {
      // Let the scenario run out, then wait for the source to catch up with the server.
      await new Promise((r) => setTimeout(r, 5_500));
      await waitFor(() => sameCounts(fold.counts(), truth(s)), `agreement (source ${fold.live.size}, server ${truth(s).size}, status ${src.status.detail})`);
      const t = truth(s);
      assert.ok(t.size > 1000, `a meaningful number of events (${t.size})`);
      assert.deepEqual(fold.counts(), t);
      const st = src.status;
      assert.equal(st.malformed, 0);
      assert.ok(st.reconnects > 0, 'the faults made it reconnect');
      assert.ok(statuses.some((x) => x.state === 'reconnecting' && /attempt \d+/.test(x.detail)));
      assert.ok(fold.batches < 2000, `batched (${fold.batches} batches)`);
      console.log(`  ${apiGroup}: ${t.size} events agree; ${st.reconnects} reconnects, ${st.relists} relists, ${fold.batches} batches, ${s.requests.length} requests`);
    } finally {
      await src.stop();
    }
    assert.equal(src.status.state, 'stopped');
  });
}

test('(1b) a stalled watch is noticed by the inactivity watchdog and the source still agrees', async () => {
  const s = await demo({ scenario: 'incident', seed: 5, rate: 100, events: 300, duration: 3, faults: { stallWatchAfterEvents: 50 } }, 'stall');
  const conn = loadKubeconfig({ kubeconfig: s.kubeconfigPath, ...NONE });
  const fold = new Fold();
  const src = source(conn, 'events', fold, [], { idleTimeoutMs: 700 });
  src.start();
  try {
    await new Promise((r) => setTimeout(r, 3_200));
    await waitFor(() => sameCounts(fold.counts(), truth(s)), 'agreement after stalls');
    assert.ok(src.status.reconnects > 0);
  } finally {
    await src.stop();
  }
});

test('(2) restricted token with -A: falls back to the readable namespace, only its events arrive', async () => {
  const s = await demo({ scenario: 'incident', seed: 3, rate: 50, events: 500, token: 'admin-tok', restrictedTokens: { 'jane-tok': { user: 'jane', namespaces: ['shop'] } } }, 'rbac');
  const conn = loadKubeconfig({ kubeconfig: s.kubeconfigPath, context: 'kevtui-demo-jane', ...NONE });
  assert.equal(conn.namespace, 'shop');
  const fold = new Fold();
  const statuses: SourceStatus[] = [];
  const src = source(conn, await resolveApiGroup(conn, 'auto'), fold, statuses);
  src.start();
  try {
    await waitFor(() => src.status.state === 'watching' && sameCounts(fold.counts(), truth(s, ['shop'])), 'shop events');
    assert.equal(src.status.fallback, 'cluster-scope list forbidden; watching namespaces: shop');
    assert.deepEqual(src.status.namespaces, ['shop']);
    assert.ok(fold.live.size > 0);
    assert.ok([...fold.live.values()].every((v) => v.ns === 'shop'));
  } finally {
    await src.stop();
  }

  // A namespace the token may not read, alone: state forbidden with the server's words.
  const denied = new EventSource({ connection: conn, namespaces: ['payments'], apiGroup: 'core', onBatch: () => {} });
  denied.start();
  await waitFor(() => denied.status.state === 'forbidden', 'forbidden');
  assert.match(denied.status.detail, /cannot list resource "events".*"payments"/);
  await denied.stop();

  // One forbidden namespace does not stop the others.
  const mixed = new EventSource({ connection: conn, namespaces: ['payments', 'shop'], apiGroup: 'core', onBatch: () => {} });
  mixed.start();
  await waitFor(() => mixed.status.state === 'watching', 'shop watched beside forbidden payments');
  assert.deepEqual(mixed.status.namespaces, ['shop']);
  await mixed.stop();

  // Objects as data: readable in shop, {forbidden} elsewhere, {gone} when missing.
  const pods = await getJson<{ items: Array<{ metadata: { name: string; namespace: string } }> }>(conn, '/api/v1/namespaces/shop/pods');
  const pod = await getObject(conn, { kind: 'Pod', namespace: 'shop', name: pods.items[0]!.metadata.name });
  assert.ok('object' in pod);
  assert.ok('forbidden' in (await getObject(conn, { kind: 'pod', namespace: 'payments', name: 'x' })));
  assert.deepEqual(await getObject(conn, { kind: 'Pod', namespace: 'shop', name: 'no-such-pod' }), { gone: true });
});

test('objects: owners walk Pod → ReplicaSet → Deployment; dependents walk back down; nodeOf', async () => {
  const s = await demo({ scenario: 'incident', seed: 9, rate: 0 }, 'objects');
  const conn = loadKubeconfig({ kubeconfig: s.kubeconfigPath, ...NONE });
  const web = await getObject(conn, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
  assert.ok('object' in web, JSON.stringify(web));
  const down = await dependents(conn, web.object);
  assert.ok('objects' in down);
  const kinds = down.objects.map((o) => o.kind);
  assert.ok(kinds.includes('ReplicaSet') && kinds.includes('Pod'), kinds.join(','));
  const aPod = down.objects.find((o) => o.kind === 'Pod')!;
  const chain = await owners(conn, aPod);
  assert.deepEqual(chain.map((c) => c.ref.kind), ['ReplicaSet', 'Deployment']);
  const node = await nodeOf(conn, aPod);
  assert.ok(node && 'object' in node && node.object.kind === 'Node');
});

test('listOnce: every page, then resolves; what it delivered equals the server', async () => {
  const s = await demo({ scenario: 'incident', seed: 4, rate: 0, events: 1700, faults: { failRatio500: 0.1 } }, 'once');
  const conn = loadKubeconfig({ kubeconfig: s.kubeconfigPath, ...NONE });
  const fold = new Fold();
  const statuses: SourceStatus[] = [];
  const src = source(conn, 'core', fold, statuses, { backoff: { baseMs: 50 } });
  const r = await src.listOnce();
  assert.deepEqual(fold.counts(), truth(s));
  assert.equal(r.listed, truth(s).size);
  assert.ok(statuses.some((x) => /^listing \d+\/\d+$/.test(x.detail)), 'listing n/m');
  assert.ok(!s.requests.some((q) => q.url.includes('watch')), 'no watch in --once');
});

test('(4) a wrong token: KubeError unauthorized, one line; the source ends in state error', async () => {
  const s = await demo({ scenario: 'incident', seed: 1, rate: 0, token: 'right' }, 'auth');
  const kc = join(dir, 'wrong-token.kubeconfig');
  writeFileSync(
    kc,
    stringify({
      clusters: [{ name: 'c', cluster: { server: s.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 'wrong' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  const conn = loadKubeconfig({ kubeconfig: kc, ...NONE });
  await assert.rejects(resolveApiGroup(conn, 'auto'), (e: unknown) => e instanceof KubeError && e.code === 'unauthorized' && !e.message.includes('\n'));
  const src = new EventSource({ connection: conn, namespaces: [''], apiGroup: 'core', onBatch: () => {} });
  await assert.rejects(src.listOnce(), (e: unknown) => e instanceof KubeError && e.code === 'unauthorized' && /Unauthorized/.test(e.message) && !e.message.includes('\n'));
  assert.equal(src.status.state, 'error');
  const before = s.requests.filter((r) => r.path === '/api/v1/events').length;
  assert.equal(before, 2, 'one retry with rebuilt credentials, then no more');
});

test('(4b) a 401 rebuilds the credentials once: an exec plugin that hands out a fresh token recovers', async () => {
  const s = await demo({ scenario: 'incident', seed: 2, rate: 0, events: 50, token: 'tok-2' }, 'exec');
  const counter = join(dir, 'exec-count');
  writeFileSync(counter, '');
  const plugin = join(dir, 'token-plugin');
  writeFileSync(plugin, `#!/bin/sh\necho x >> ${counter}\nn=$(wc -l < ${counter} | tr -d ' ')\necho "{\\"kind\\":\\"ExecCredential\\",\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"status\\":{\\"token\\":\\"tok-$n\\"}}"\n`);
  chmodSync(plugin, 0o755);
  const kc = join(dir, 'exec.kubeconfig');
  writeFileSync(
    kc,
    stringify({
      clusters: [{ name: 'c', cluster: { server: s.url } }],
      users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin } } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  const conn = loadKubeconfig({ kubeconfig: kc, ...NONE });
  const fold = new Fold();
  await source(conn, 'core', fold, []).listOnce();
  assert.deepEqual(fold.counts(), truth(s));
});

test('(5) an unreachable port: KubeError unreachable naming the URL; the source keeps retrying', async () => {
  const tmp = createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  const port = (tmp.address() as AddressInfo).port;
  await new Promise<void>((r) => tmp.close(() => r()));
  const kc = join(dir, 'unreachable.kubeconfig');
  writeFileSync(kc, stringify({ clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}` } }], contexts: [{ name: 'x', context: { cluster: 'c' } }], 'current-context': 'x' }));
  const conn = loadKubeconfig({ kubeconfig: kc, ...NONE });
  await assert.rejects(
    resolveApiGroup(conn, 'auto'),
    (e: unknown) => e instanceof KubeError && e.code === 'unreachable' && e.message.includes(`http://127.0.0.1:${port}/apis/events.k8s.io/v1`) && !e.message.includes('\n'),
  );
  const src = new EventSource({ connection: conn, namespaces: [''], apiGroup: 'core', onBatch: () => {}, backoff: { baseMs: 20, capMs: 100 } });
  src.start();
  await waitFor(() => src.status.state === 'reconnecting' && (src.status.attempt ?? 0) >= 3, 'retries');
  assert.match(src.status.detail, new RegExp(`^reconnecting in \\d+s \\(attempt \\d+\\): cannot reach http://127\\.0\\.0\\.1:${port}/api/v1/events`));
  await src.stop();
  assert.equal(src.status.state, 'stopped');
});

test('an exception in onBatch is not swallowed: onError gets it, the source stops in state error', async () => {
  const s = await demo({ scenario: 'incident', seed: 6, rate: 0, events: 50 }, 'consumer');
  const conn = loadKubeconfig({ kubeconfig: s.kubeconfigPath, ...NONE });
  const errors: unknown[] = [];
  const src = new EventSource({
    connection: conn,
    namespaces: [''],
    apiGroup: 'core',
    onBatch: () => {
      throw new Error('store exploded');
    },
    onError: (e) => errors.push(e),
  });
  src.start();
  await waitFor(() => errors.length > 0, 'onError');
  assert.equal((errors[0] as Error).message, 'store exploded');
  assert.equal(src.status.state, 'error');
  assert.match(src.status.detail, /store exploded/);
  await src.stop();
  assert.equal(errors.length, 1);
});

test('HTTP_PROXY from the environment is used (CONNECT through a proxy), GET still the only method', async () => {
  const s = await demo({ scenario: 'incident', seed: 8, rate: 0, events: 20 }, 'proxy');
  const tunnels: string[] = [];
  const proxy: Server = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, clientSocket, head) => {
    tunnels.push(req.url ?? '');
    const upstream = netConnect(s.port, '127.0.0.1', () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  try {
    const kc = join(dir, 'proxied.kubeconfig');
    // A name only the proxy can resolve: the request can only succeed through it.
    writeFileSync(kc, stringify({ clusters: [{ name: 'c', cluster: { server: `http://apiserver.kevtui.invalid:${s.port}` } }], contexts: [{ name: 'x', context: { cluster: 'c' } }], 'current-context': 'x' }));
    const conn = loadKubeconfig({ kubeconfig: kc, ...NONE, env: { HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` } });
    const list = await getJson<{ items: unknown[] }>(conn, '/api/v1/events');
    assert.equal(list.items.length, truth(s).size);
    assert.deepEqual(tunnels, [`apiserver.kevtui.invalid:${s.port}`]);
  } finally {
    proxy.close();
    proxy.closeAllConnections();
  }
});
