// Session.switchContext against two real demo API servers named by one kubeconfig: the other
// context comes with its own store and scope (its default namespace, unless -A or :ns chose one),
// the old source stops and its sockets close; an unknown context, refused credentials or a 403
// on events reject with one line while the current session keeps watching.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { parseOptions } from '../../src/options.js';
import { openSession } from '../../src/run/session.js';
import type { OpenedSession } from '../../src/session/types.js';
import { KubeError } from '../../src/kube/errors.js';
import { waitUntil } from '../helpers/processes.js';
import { connectionsTo } from '../helpers/sockets.js';

const dir = mkdtempSync(join(tmpdir(), 'kevtui-switch-'));
const servers: DemoServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function setup(silentPort = 1): Promise<{ config: string; first: DemoServer; second: DemoServer }> {
  const first = await startDemoServer({ scenario: 'incident', seed: 5, events: 300, rate: 5 });
  const second = await startDemoServer({
    scenario: 'storm', seed: 9, events: 600, rate: 5, token: 'admin-token',
    restrictedTokens: { 'narrow-token': { user: 'narrow', namespaces: ['load-01'] } },
  });
  servers.push(first, second);
  const cluster = (name: string, s: DemoServer) => ({ name, cluster: { server: s.url, 'insecure-skip-tls-verify': true } });
  const context = (name: string, cluster: string, user: string, namespace: string) => ({ name, context: { cluster, user, namespace } });
  const config = join(dir, `kubeconfig-${servers.length}`);
  writeFileSync(config, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [cluster('incident', first), cluster('storm', second), { name: 'silent', cluster: { server: `http://127.0.0.1:${silentPort}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'anyone', user: {} }, { name: 'admin', user: { token: 'admin-token' } }, { name: 'impostor', user: { token: 'wrong' } }, { name: 'narrow', user: { token: 'narrow-token' } }],
    contexts: [
      context('first', 'incident', 'anyone', 'shop'),
      context('second', 'storm', 'admin', 'load-03'),
      context('badauth', 'storm', 'impostor', 'load-03'),
      context('narrow', 'storm', 'narrow', 'load-05'), // may only read load-01
      context('silent', 'silent', 'anyone', 'default'), // accepts connections, never answers
    ],
    'current-context': 'first',
  }));
  return { config, first, second };
}

const watching = (s: OpenedSession) => waitUntil(() => s.status().state === 'watching', `${s.context} watching`, 20_000);

test('switchContext: a fresh store and the other context’s namespace; the old watch is closed', async () => {
  const { config, first, second } = await setup();
  const switched: OpenedSession[] = [];
  const a = await openSession(parseOptions(['--kubeconfig', config], true), { onSwitch: (s) => switched.push(s) });
  let b: OpenedSession | undefined;
  try {
    a.start();
    await watching(a);
    assert.deepEqual([a.context, a.cluster, [...a.namespaces]], ['first', 'incident', ['shop']]);
    assert.ok(a.store.size > 0);
    assert.ok(connectionsTo(process.pid, first.port) > 0);

    b = await a.switchContext('second');
    assert.deepEqual(switched, [b]);
    assert.deepEqual([b.context, b.cluster, [...b.namespaces]], ['second', 'storm', ['load-03']]);
    assert.notEqual(b.store, a.store);
    assert.equal(a.status().state, 'stopped');
    await watching(b);
    for (const g of b.store.groups()) assert.equal(g.namespace, 'load-03');
    assert.ok(b.store.size > 0);
    await waitUntil(() => connectionsTo(process.pid, first.port) === 0, 'the first server’s sockets to close');
    assert.ok(connectionsTo(process.pid, second.port) > 0);
  } finally {
    await (b ?? a).stop();
  }
  await waitUntil(() => connectionsTo(process.pid, second.port) === 0, 'the second server’s sockets to close');
});

test('switchContext: -A and :ns carry over; the context’s own namespace does not', async () => {
  const { config } = await setup();
  const all = await openSession(parseOptions(['--kubeconfig', config, '-A'], true));
  const next = await all.switchContext('second').catch(async (e: unknown) => {
    await all.stop();
    throw e;
  });
  assert.deepEqual([...next.namespaces], ['']);
  await next.stop();

  const one = await openSession(parseOptions(['--kubeconfig', config], true));
  one.start();
  await one.rescope!(['load-02', 'load-04']);
  const after = await one.switchContext('second').catch(async (e: unknown) => {
    await one.stop();
    throw e;
  });
  try {
    assert.deepEqual([...after.namespaces], ['load-02', 'load-04']);
    await watching(after);
    for (const g of after.store.groups()) assert.ok(['load-02', 'load-04'].includes(g.namespace), g.namespace);
  } finally {
    await after.stop();
  }
});

test('switchContext: unknown, refused and forbidden contexts reject; the current session keeps watching', async () => {
  const { config, first, second } = await setup();
  const a = await openSession(parseOptions(['--kubeconfig', config], true));
  try {
    a.start();
    await watching(a);
    const reject = async (name: string, code: string, text: RegExp) => {
      const e = await a.switchContext(name).then(() => undefined, (err: unknown) => err);
      assert.ok(e instanceof KubeError, `${name}: ${String(e)}`);
      assert.equal(e.code, code, e.message);
      assert.match(e.message, text);
      assert.doesNotMatch(e.message, /\n/);
    };
    await reject('nope', 'unknown-context', /context "nope" not found/);
    await reject('badauth', 'unauthorized', /Unauthorized/);
    await reject('narrow', 'forbidden', /load-05/);
    assert.equal(a.status().state, 'watching');
    assert.equal(a.context, 'first');
    assert.ok(connectionsTo(process.pid, first.port) > 0);
    // The refused attempts left nothing open to the other server.
    await waitUntil(() => connectionsTo(process.pid, second.port) === 0, 'the refused attempts’ sockets to close');
  } finally {
    await a.stop();
  }
});

test('switchContext: a silent server is given up on, and quitting meanwhile cancels the attempt', async () => {
  const held = new Set<Socket>();
  const silent = createServer((s) => {
    held.add(s);
    s.on('close', () => held.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const { config } = await setup(port);
  const saved = process.env.KEVTUI_SWITCH_WAIT_MS;
  process.env.KEVTUI_SWITCH_WAIT_MS = '1500';
  const a = await openSession(parseOptions(['--kubeconfig', config], true));
  try {
    a.start();
    await watching(a);
    const e = await a.switchContext('silent').then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof KubeError && e.code === 'unreachable', String(e));
    assert.match(e.message, /no answer from http:\/\/127\.0\.0\.1:\d+ in 2 s/);
    assert.equal(a.status().state, 'watching');
    await waitUntil(() => connectionsTo(process.pid, port) === 0, 'the silent server’s sockets to close');

    // Quitting while the other server says nothing: the attempt ends with the session.
    process.env.KEVTUI_SWITCH_WAIT_MS = '60000';
    const pending = a.switchContext('silent').then(() => undefined, (err: unknown) => err);
    await waitUntil(() => held.size > 0, 'the attempt to reach the silent server');
    await a.stop();
    const q = await pending;
    assert.ok(q instanceof KubeError, String(q));
    assert.match(q.message, /stopped while connecting to context "silent"/);
    await waitUntil(() => connectionsTo(process.pid, port) === 0, 'the cancelled attempt’s sockets to close');
  } finally {
    if (saved === undefined) delete process.env.KEVTUI_SWITCH_WAIT_MS;
    else process.env.KEVTUI_SWITCH_WAIT_MS = saved;
    await a.stop();
    for (const s of held) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
