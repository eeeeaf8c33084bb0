// Connections to the API server: a paged list reuses one kept-alive connection (over HTTPS a
// TLS handshake per page otherwise), across credential rebuilds, and watches, which hold their
// connection for as long as they run, never make a list wait for one. Counted on the server side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKubeconfig } from '../../src/kube/config.js';
import { getJson, streamLines } from '../../src/kube/http.js';
import { EventSource } from '../../src/kube/source.js';
import { ev, fakeApi, sendList, waitFor } from '../helpers/fake-api.js';

const PAGES = 100;
const all = Array.from({ length: PAGES }, (_, i) => ev(`u${i}`, 10 + i));

/** A list served one item per page; watches stay open, sending nothing. */
const pagedServer = () =>
  fakeApi((_req, res, url) => {
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('\n');
      return;
    }
    const from = Number(url.searchParams.get('continue') ?? 0);
    sendList(res, 200, all.slice(from, from + 1), from + 1 < all.length ? String(from + 1) : undefined);
  });

test(`a ${PAGES}-page list uses one connection`, async () => {
  const f = await pagedServer();
  const s = new EventSource({
    connection: f.conn,
    namespaces: ['ns'],
    apiGroup: 'core',
    pageSize: 1,
    onBatch: () => {},
    onStatus: () => {},
    onError: (e) => assert.fail(`consumer error: ${e}`),
  });
  try {
    const r = await s.listOnce();
    assert.equal(r.listed, PAGES);
    assert.equal(f.requests.length, PAGES);
    assert.ok(f.connections() <= 2, `${f.connections()} connections for ${PAGES} pages`);
  } finally {
    await s.stop();
    f.conn.close();
    await f.close();
  }
});

test('a paged list asks for the next page before it groups this one (the server makes it meanwhile)', async () => {
  const f = await pagedServer();
  // What the client did, in order: `ask N` when it starts the request for page N, `got N` when
  // it hands page N's events on. The credentials are read first thing in every request.
  const order: string[] = [];
  const requestOptions = f.conn.requestOptions.bind(f.conn);
  let asked = 0;
  f.conn.requestOptions = (signal) => {
    order.push(`ask ${++asked}`);
    return requestOptions(signal);
  };
  let got = 0;
  const s = new EventSource({
    connection: f.conn,
    namespaces: ['ns'],
    apiGroup: 'core',
    pageSize: 1,
    onBatch: (changes) => {
      if (changes.some((c) => c.kind === 'upsert')) order.push(`got ${++got}`);
    },
    onStatus: () => {},
    onError: (e) => assert.fail(`consumer error: ${e}`),
  });
  try {
    const r = await s.listOnce();
    assert.equal(r.listed, PAGES);
    assert.equal(f.requests.length, PAGES, 'every page asked for once');
    for (let n = 1; n < PAGES; n++) assert.ok(order.indexOf(`ask ${n + 1}`) < order.indexOf(`got ${n}`), `page ${n + 1} asked for before page ${n} was handed on: ${order.slice(0, 8).join(', ')}`);
  } finally {
    await s.stop();
    f.conn.close();
    await f.close();
  }
});

test('a credential rebuild keeps the connection; open watches do not make lists wait', async () => {
  const f = await pagedServer();
  const watch = new AbortController();
  const watching: Promise<void>[] = [];
  try {
    for (let i = 0; i < 3; i++) watching.push(streamLines(f.conn, '/api/v1/namespaces/ns/events?watch=true', () => {}, { signal: watch.signal }).catch(() => {}));
    await waitFor(() => f.requests.length === 3, 'three watches');
    for (let i = 0; i < 20; i++) {
      await getJson(f.conn, `/api/v1/namespaces/ns/events?limit=1&continue=${i}`);
      if (i === 10) f.conn.refreshCredentials((await f.conn.requestOptions()).generation);
    }
    assert.equal(f.connections(), 3 + 1, 'a connection per watch, one for all 20 lists');
  } finally {
    watch.abort();
    await Promise.all(watching);
    f.conn.close();
    await f.close();
  }
});

test('a kept-alive connection reset under a request is retried once on a fresh one', async () => {
  let n = 0;
  let resetEvery = false;
  const f = await fakeApi((req, res) => {
    n++;
    // The second request arrives on the kept-alive connection: drop it unanswered, as a server
    // that closed it while idle would.
    if (n === 2 || resetEvery) return req.socket.destroy();
    sendList(res, 200, []);
  });
  try {
    await getJson(f.conn, '/api/v1/events?limit=1');
    await getJson(f.conn, '/api/v1/events?limit=1');
    assert.equal(n, 3, 'asked again after the reset');
    assert.equal(f.connections(), 2);
    resetEvery = true;
    await assert.rejects(getJson(f.conn, '/api/v1/events?limit=1'), /cannot reach/);
    assert.ok(n <= 5, `a server that resets every request is asked at most twice (${n - 3})`);
  } finally {
    f.conn.close();
    await f.close();
  }
});

test('a new token keeps the agents (and their connections); a new client certificate gets new ones that carry it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-keepalive-'));
  const none = { env: {}, homeDir: join(dir, 'home'), serviceAccountDir: join(dir, 'no-sa') };
  // Each run prints a credential that has already expired, so every request runs the plugin again.
  const execConfig = (name: string, status: string) => {
    const runs = join(dir, `${name}-runs`);
    writeFileSync(runs, '');
    const command = join(dir, name);
    writeFileSync(command, `#!/bin/sh\necho x >> ${runs}\nn=$(wc -l < ${runs} | tr -d ' ')\ncat <<EOF\n{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{${status},"expirationTimestamp":"2000-01-01T00:00:00Z"}}\nEOF\n`);
    chmodSync(command, 0o755);
    const kubeconfig = join(dir, `${name}.yaml`);
    writeFileSync(
      kubeconfig,
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://x.example' } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    return loadKubeconfig({ kubeconfig, ...none });
  };
  const options = (a: Agent) => (a as unknown as { options: { cert?: unknown; keepAlive?: boolean } }).options;

  const tokens = execConfig('token', '"token":"tok-$n"');
  const t1 = await tokens.requestOptions();
  const t2 = await tokens.requestOptions();
  assert.deepEqual([t1.headers.Authorization, t2.headers.Authorization], ['Bearer tok-1', 'Bearer tok-2']);
  assert.equal(t2.agent, t1.agent, 'same TLS options: same agent');
  assert.equal(t2.streamAgent, t1.streamAgent);
  assert.notEqual(t1.agent, t1.streamAgent, 'watches have their own agent');
  assert.equal(options(t1.agent).keepAlive, true);
  tokens.close();

  const pem = (n: string) => `-----BEGIN CERTIFICATE-----\\nMIIC${n}\\n-----END CERTIFICATE-----\\n`;
  const certs = execConfig('cert', `"clientCertificateData":"${pem('$n')}","clientKeyData":"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n"`);
  const c1 = await certs.requestOptions();
  const c2 = await certs.requestOptions();
  assert.notEqual(c2.agent, c1.agent, 'a new certificate: a new agent');
  assert.match(String(options(c1.agent).cert), /MIIC1/);
  assert.match(String(options(c2.agent).cert), /MIIC2/);
  assert.match(String(options(c2.streamAgent).cert), /MIIC2/);
  assert.equal(c1.agent.keepSocketAlive(new Socket()), false, 'the old certificate keeps no connection');
  certs.close();
});
