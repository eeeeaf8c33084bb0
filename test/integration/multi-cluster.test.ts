// Several clusters in one session (--context a,b,…) against real in-process demo API servers: two
// healthy ones built from the same seed (so their event uids collide), one that refuses the
// credentials, a closed port and a server that accepts connections and never answers. The healthy
// clusters' groups equal each server's own list exactly, per cluster; the faulty ones only show
// in their own status; :ctx -NAME / +NAME remove and add a cluster live.
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
import type { EventGroup } from '../../src/store/aggregate.js';
import { waitUntil } from '../helpers/processes.js';
import { connectionsTo } from '../helpers/sockets.js';
import { COMBINED, diff, truth } from '../helpers/groups.js';

const dir = mkdtempSync(join(tmpdir(), 'kevtui-multi-'));
const servers: DemoServer[] = [];
const held = new Set<Socket>();
const silent = createServer((s) => {
  held.add(s);
  s.on('close', () => held.delete(s));
});
const savedWait = process.env.KEVTUI_CLUSTER_WAIT_MS;
process.env.KEVTUI_CLUSTER_WAIT_MS = '1500';
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
  if (savedWait === undefined) delete process.env.KEVTUI_CLUSTER_WAIT_MS;
  else process.env.KEVTUI_CLUSTER_WAIT_MS = savedWait;
});

async function setup(): Promise<{ config: string; a: DemoServer; b: DemoServer; c: DemoServer }> {
  // a and b: the same seed, so the same uids and texts; c wants a token nobody has.
  const a = await startDemoServer({ scenario: 'incident', seed: 7, events: 400, rate: 20 });
  const b = await startDemoServer({ scenario: 'incident', seed: 7, events: 400, rate: 20 });
  const c = await startDemoServer({ scenario: 'storm', seed: 3, events: 200, rate: 5, token: 'secret' });
  servers.push(a, b, c);
  await new Promise<void>((resolve) => silent.listening ? resolve() : silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as { port: number }).port;
  const cluster = (name: string, server: string) => ({ name, cluster: { server, 'insecure-skip-tls-verify': true } });
  const context = (name: string, cl: string, user = 'anyone') => ({ name, context: { cluster: cl, user, namespace: 'default' } });
  const config = join(dir, `kubeconfig-${servers.length}`);
  writeFileSync(config, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [cluster('a', a.url), cluster('b', b.url), cluster('c', c.url), cluster('closed', 'http://127.0.0.1:1'), cluster('silent', `http://127.0.0.1:${silentPort}`)],
    users: [{ name: 'anyone', user: {} }, { name: 'impostor', user: { token: 'wrong' } }],
    contexts: [context('prod-a', 'a'), context('prod-b', 'b'), context('prod-c', 'c', 'impostor'), context('prod-c2', 'c', 'impostor'), context('prod-closed', 'closed'), context('prod-silent', 'silent')],
    'current-context': 'prod-a',
  }));
  return { config, a, b, c };
}

/** The store's groups of one cluster in the helpers' key form (written apart from src/). */
function countsOf(s: OpenedSession, cluster: string): Map<string, number> {
  const out = new Map<string, number>();
  const text = (g: EventGroup) => (g.message.startsWith(COMBINED) ? `${COMBINED}<${g.type}>` : g.message);
  for (const g of s.store.groups()) {
    if (g.cluster !== cluster || g.expired) continue;
    const key = [g.namespace, g.component, g.object.kind, g.object.namespace, g.object.name, g.reason, text(g)].join('|');
    out.set(key, (out.get(key) ?? 0) + g.count);
  }
  return out;
}

const silentPort = () => (silent.address() as { port: number }).port;
const stateOf = (s: OpenedSession, name: string) => s.clusters!().find((c) => c.name === name)?.status;

test('multi-cluster: exact counts per cluster; refused, closed and silent clusters only show in their own status', async () => {
  const { config, a, b, c } = await setup();
  const opts = parseOptions(['--kubeconfig', config, '--context', 'prod-a,prod-b,prod-c,prod-closed,prod-silent', '-A'], false);
  const s = await openSession(opts);
  try {
    assert.deepEqual(s.clusters!().map((x) => [x.name, x.label]), [['prod-a', 'a'], ['prod-b', 'b'], ['prod-c', 'c'], ['prod-closed', 'closed'], ['prod-silent', 'silent']]);
    s.start();
    await s.whenSynced(); // does not wait for the silent one beyond KEVTUI_CLUSTER_WAIT_MS
    await waitUntil(() => stateOf(s, 'prod-a')?.state === 'watching' && stateOf(s, 'prod-b')?.state === 'watching', 'a and b watching', 20_000);
    await waitUntil(() => stateOf(s, 'prod-c')?.state === 'error', 'c refused', 20_000);
    assert.match(stateOf(s, 'prod-c')!.detail, /Unauthorized|401/);
    assert.ok(['connecting', 'reconnecting'].includes(stateOf(s, 'prod-closed')!.state), stateOf(s, 'prod-closed')!.state);
    assert.ok(['connecting', 'listing', 'reconnecting'].includes(stateOf(s, 'prod-silent')!.state), stateOf(s, 'prod-silent')!.state);
    assert.equal(s.status().state === 'error' || s.status().state === 'forbidden', false, 'the session as a whole is not failing');
    assert.equal(c.snapshotEvents().length > 0, true);

    // While generating: both live clusters go on; then frozen, each equals its own server exactly.
    const before = s.store.totals().events;
    await waitUntil(() => s.store.totals().events > before + 20, 'live events from a and b', 20_000);
    a.freeze();
    b.freeze();
    const want = { 'prod-a': truth(a.snapshotEvents()), 'prod-b': truth(b.snapshotEvents()) };
    let last: string[] = [];
    await waitUntil(() => {
      last = [...diff(want['prod-a'], countsOf(s, 'prod-a')), ...diff(want['prod-b'], countsOf(s, 'prod-b'))];
      return last.length === 0;
    }, 'the store to equal both servers', 20_000).catch(() => assert.fail(last.slice(0, 5).join('\n')));
    // Same seed, same uids: two clusters' worth of groups, none merged.
    const groupsOf = (cl: string) => [...s.store.groups()].filter((g) => g.cluster === cl).length;
    assert.ok(groupsOf('prod-a') > 0 && groupsOf('prod-b') > 0);
    assert.equal(countsOf(s, 'prod-c').size + countsOf(s, 'prod-closed').size + countsOf(s, 'prod-silent').size, 0);
    const idsA = new Set(a.snapshotEvents().map((e) => e.metadata.uid));
    assert.ok(b.snapshotEvents().some((e) => idsA.has(e.metadata.uid)), 'the two healthy servers share uids');

    // Object lookups go to the group's own cluster.
    const ga = [...s.store.groups()].find((g) => g.cluster === 'prod-a' && g.object.kind === 'Pod')!;
    const got = await s.objectsFor!('prod-a').get(ga.object);
    assert.ok(got.ok || 'gone' in got, JSON.stringify(got));
    const none = await s.objectsFor!('prod-gone').get(ga.object);
    assert.equal(none.ok, false);

    // :ctx -prod-b: its rows leave, a's stay; :ctx +prod-b: back, exact again.
    await s.changeContexts!({ remove: 'prod-b' });
    assert.equal(groupsOf('prod-b'), 0);
    assert.deepEqual(diff(want['prod-a'], countsOf(s, 'prod-a')), []);
    await waitUntil(() => connectionsTo(process.pid, b.port) === 0, 'b’s sockets to close');
    assert.equal(s.clusters!().some((x) => x.name === 'prod-b'), false);
    await s.changeContexts!({ add: 'prod-b' });
    await waitUntil(() => diff(want['prod-b'], countsOf(s, 'prod-b')).length === 0, 'b again', 20_000);
    await assert.rejects(s.changeContexts!({ add: 'nope' }), /context "nope" not found/);
    await assert.rejects(s.changeContexts!({ add: 'prod-a' }), /already watching/);
  } finally {
    await s.stop();
  }
  for (const srv of [a, b, c]) await waitUntil(() => connectionsTo(process.pid, srv.port) === 0, `sockets to ${srv.url} to close`);
  await waitUntil(() => connectionsTo(process.pid, silentPort()) === 0, 'the sockets to the silent server to close');
});

test('multi-cluster: --once lists the healthy clusters exactly and names the ones that failed', async () => {
  const { config, a, b } = await setup();
  a.freeze();
  b.freeze();
  const s = await openSession(parseOptions(['--kubeconfig', config, '--context', 'prod-a,prod-b,prod-c,prod-silent', '-A', '--once'], false));
  try {
    await s.listOnce();
    assert.deepEqual(diff(truth(a.snapshotEvents()), countsOf(s, 'prod-a')), []);
    assert.deepEqual(diff(truth(b.snapshotEvents()), countsOf(s, 'prod-b')), []);
    assert.equal(stateOf(s, 'prod-c')!.state, 'error');
    assert.equal(stateOf(s, 'prod-silent')!.state, 'error');
    assert.match(stateOf(s, 'prod-silent')!.detail, /no complete list in 2 s/);
  } finally {
    await s.stop();
  }
  await waitUntil(() => connectionsTo(process.pid, silentPort()) === 0, 'the sockets to the silent server to close');
});

test('multi-cluster: an unknown context is one line at start; every cluster failing rejects', async () => {
  const { config } = await setup();
  await assert.rejects(openSession(parseOptions(['--kubeconfig', config, '--context', 'prod-a,nope'], false)), /context "nope" not found in the kubeconfig \(contexts: prod-a, /);
  const s = await openSession(parseOptions(['--kubeconfig', config, '--context', 'prod-c,prod-c2', '--once'], false));
  try {
    await assert.rejects(s.listOnce(), /no cluster could be listed/);
  } finally {
    await s.stop();
  }
});
