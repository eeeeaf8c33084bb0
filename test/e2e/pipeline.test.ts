// The whole pipeline through the real CLI against the demo server with faults switched on:
// what kevtui prints must agree exactly with the server's own events, and it only ever GETs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../demo/server.js';
import { runCli, startCli, waitFor } from './cli.js';
import { diff, foldGroups, keyOf, truth, type JsonGroup } from '../helpers/groups.js';

/** Folded NDJSON as group → count (expired groups included: nothing expires in these runs). */
const fold = (ndjson: string) => new Map([...foldGroups(ndjson)].map(([k, g]) => [k, g.count]));

/**
 * Lines where a group's printed count went down or the group was removed. Nothing expires, is
 * restored or changes its text in these runs (the demo's combined events are re-stated, but
 * they are one group each), so a follower must only ever see counts grow.
 */
function shrinking(ndjson: string): string[] {
  const shown = new Map<string, number>();
  const out: string[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const g = JSON.parse(line) as JsonGroup;
    const k = keyOf(g);
    if (g.removed || g.count < (shown.get(k) ?? 0)) out.push(`${shown.get(k)} → ${g.removed ? 'removed' : g.count}: ${k}`);
    shown.set(k, g.count);
  }
  return out;
}

test('--plain and --once agree exactly with the server through drops, 410s, 429s and 500s; only GETs', { timeout: 150_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const server = await startDemoServer({
    seed: 7,
    scenario: 'incident',
    events: 800,
    rate: 150,
    kubeconfigOut: kubeconfig,
    historySize: 200,
    faults: { dropWatchAfterEvents: 150, failRatio429: 0.05, failRatio500: 0.05 },
  });
  // Live events start once kevtui watches: on a loaded machine the CLI may take seconds to
  // start, and the faults must hit its watches, not a server generating to nobody.
  server.stopGenerating();
  try {
    const plain = startCli(['--kubeconfig', kubeconfig, '-A', '--plain', '-o', 'json']);
    try {
      await waitFor(() => server.requests.some((r) => /[?&]watch=(true|1)/.test(r.url)), 60_000, 'kevtui --plain to start watching');
      server.startGenerating();
      // Six seconds of live events under faults; then the printed state must converge to the truth.
      await new Promise((r) => setTimeout(r, 6000));
      server.stopGenerating();
      const want = truth(server.snapshotEvents());
      assert.ok(want.size > 100, `the scenario produced ${want.size} groups`);
      await waitFor(() => diff(want, fold(plain.stdout())).length === 0, 60_000, 'kevtui --plain to agree with the server').catch((e) => {
        assert.deepEqual(diff(want, fold(plain.stdout())).slice(0, 10), [], String(e));
      });
      assert.deepEqual(shrinking(plain.stdout()).slice(0, 10), [], 'shown counts only grow');
    } finally {
      await plain.stop();
    }

    const once = await runCli(['--kubeconfig', kubeconfig, '-A', '--once', '-o', 'json']);
    assert.equal(once.code, 0, once.stderr);
    const want = truth(server.snapshotEvents());
    const got = fold(once.stdout);
    assert.deepEqual(diff(want, got), []);
    assert.equal(once.stdout.trim().split('\n').length, want.size, 'one line per group, none doubled');
    const combined = [...foldGroups(once.stdout).values()].filter((g) => g.combined);
    assert.ok(combined.length > 0, 'the scenario has legacy combined events, printed with "combined": true');

    const methods = new Set(server.requests.map((r) => r.method));
    assert.deepEqual([...methods], ['GET'], 'kevtui sent only GET requests');
    const lists = server.requests.filter((r) => r.path.endsWith('/events') && !/[?&]watch=(true|1)/.test(r.url)).length;
    const watches = server.requests.filter((r) => /[?&]watch=(true|1)/.test(r.url)).length;
    assert.ok(watches > 2, `the faults forced reconnects (${watches} watches)`);
    assert.ok(lists > 2, `the faults forced relists (${lists} list requests)`);
    console.log(`groups ${want.size} (${combined.length} combined), events ${[...want.values()].reduce((a, b) => a + b, 0)}, list requests ${lists}, watch requests ${watches}`);
  } finally {
    await server.close();
  }
});

test('narrow RBAC: -A falls back to the readable namespace and says so', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const server = await startDemoServer({
    seed: 3,
    events: 400,
    rate: 0,
    kubeconfigOut: kubeconfig,
    restrictedTokens: { 'jane-token': { user: 'jane', namespaces: ['payments'] } },
  });
  try {
    const r = await runCli(['--kubeconfig', kubeconfig, '--context', 'kevtui-demo-jane', '-A', '--once', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const namespaces = new Set(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as JsonGroup).namespace));
    assert.deepEqual([...namespaces], ['payments']);
    const plain = startCli(['--kubeconfig', kubeconfig, '--context', 'kevtui-demo-jane', '-A', '--plain']);
    try {
      await waitFor(() => /payments/.test(plain.stderr()) && /forbidden/i.test(plain.stderr()), 20_000, 'the fallback to be reported');
    } finally {
      await plain.stop();
    }
  } finally {
    await server.close();
  }
});

test('clear one-line errors: unauthorized, unreachable, unknown context', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const server = await startDemoServer({ seed: 1, rate: 0, kubeconfigOut: kubeconfig, token: 'right' });
  try {
    const wrongToken = join(dir, 'wrong-token');
    writeFileSync(wrongToken, readFileSync(kubeconfig, 'utf8').replace('token: right', 'token: wrong'));
    const bad = await runCli(['--kubeconfig', wrongToken, '--once']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Unauthorized/);
    const unknown = await runCli(['--kubeconfig', kubeconfig, '--context', 'nope', '--once']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /nope/);
    assert.match(unknown.stderr, /kevtui-demo/);
    for (const r of [bad, unknown]) {
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  } finally {
    await server.close();
  }
  const gone = await runCli(['--kubeconfig', kubeconfig, '--once'], { timeoutMs: 90_000 });
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, new RegExp(`127\\.0\\.0\\.1:${server.port}`));
  assert.equal(gone.stderr.trim().split('\n').length, 1, gone.stderr);
});

test('usage errors: one line, exit 2; --help exits 0', async () => {
  const bad = await runCli(['--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^kevtui: unknown flag --bogus\n/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: kevtui/);
  const noConfig = await runCli(['--once'], { env: { HOME: mkdtempSync(join(tmpdir(), 'kevtui-home-')), KUBECONFIG: '' } });
  assert.equal(noConfig.code, 1);
  assert.match(noConfig.stderr, /no kubeconfig found.*kevtui --demo/);
  assert.equal(noConfig.stderr.trim().split('\n').length, 1);
});
