// Two `kevtui demo-server` processes built from the same seed (so the same event uids) and a
// third context whose credentials are refused, in one view (--context a,b,c) in a real terminal:
// a CLUSTER column with both short names, the refused one in the header, `cluster:` keeping one
// cluster's rows, and `--once -o json` lines carrying the context, with each cluster's counts
// equal to its own server's list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { demoServer, kubeconfigYaml, type DemoServer } from './demo-servers.js';
import { cellOf, columnTitles, hasTmux, tableRows, Terminal } from './tmux.js';
import { diff, foldCounts, truth } from '../helpers/groups.js';

function kubeconfig(a: string, b: string): string {
  return kubeconfigYaml({
    clusters: { east: a, west: b },
    users: { anyone: '', 'west-admin': 'west-token', impostor: 'wrong' },
    contexts: [
      { name: 'team-east', cluster: 'east', user: 'anyone', namespace: 'default' },
      { name: 'team-west', cluster: 'west', user: 'west-admin', namespace: 'default' },
      { name: 'team-broken', cluster: 'west', user: 'impostor', namespace: 'default' },
    ],
    current: 'team-east',
  });
}

/** The server's own list (kubectl's core/v1 events), as the test helpers group it. */
function listOf(url: string, token?: string): unknown[] {
  const out = execFileSync('curl', ['-sf', ...(token ? ['-H', `Authorization: Bearer ${token}`] : []), `${url}/api/v1/events`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return (JSON.parse(out) as { items: unknown[] }).items;
}

test('kevtui in tmux: --context a,b,c: CLUSTER column, cluster: filter, the refused one in the header; -o json carries cluster', { skip: !hasTmux && 'tmux not installed', timeout: 180_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-multi-'));
  const servers: DemoServer[] = [];
  let t: Terminal | undefined;
  try {
    // No live events (rate 0): each server's list is fixed, so counts can be compared exactly.
    servers.push(await demoServer(['--scenario', 'incident', '--seed', '7', '--events', '400', '--rate', '0']));
    servers.push(await demoServer(['--scenario', 'incident', '--seed', '7', '--events', '300', '--rate', '0', '--token', 'west-token']));
    const [east, west] = servers as [DemoServer, DemoServer];
    const config = join(dir, 'kubeconfig');
    writeFileSync(config, kubeconfig(east.url, west.url));

    // -o json: every line names its context; each cluster equals its own server exactly; the
    // refused context is named on stderr and makes the exit status 1.
    const once = spawnSync(process.execPath, [CLI, '--kubeconfig', config, '--context', 'team-east,team-west,team-broken', '-A', '--once', '-o', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(once.status, 1, once.stderr);
    assert.match(once.stderr, /kevtui: context team-broken: .*(Unauthorized|401)/);
    const lines = once.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { cluster: string });
    assert.deepEqual([...new Set(lines.map((l) => l.cluster))].sort(), ['team-east', 'team-west']);
    const of = (cluster: string) => lines.filter((l) => l.cluster === cluster).map((l) => JSON.stringify(l)).join('\n');
    assert.deepEqual(diff(truth(listOf(east.url)), foldCounts(of('team-east'))), []);
    assert.deepEqual(diff(truth(listOf(west.url, 'west-token')), foldCounts(of('team-west'))), []);

    t = Terminal.start(`node ${CLI} --kubeconfig ${config} --context team-east,team-west,team-broken -A; echo "kevtui exited $?"; sleep 60`, { cwd: ROOT, columns: 140 });
    const clusters = (s: string) => tableRows(s).map((r) => cellOf(s, r, 'CLUSTER'));
    const screen = await t.until('both clusters in the table', (s) => /3 clusters · east ●\s+west ●\s+broken ✗ unauthorized/.test(s) && new Set(clusters(s)).size === 2);
    assert.ok(columnTitles(screen).includes('CLUSTER'), columnTitles(screen).join(' '));
    assert.deepEqual([...new Set(clusters(screen))].sort(), ['east', 'west']);

    t.keys('/');
    t.type('cluster:west');
    t.keys('Enter');
    const westOnly = await t.until('only west rows', (s) => /\/cluster:west\s+\d+ of \d+ match/.test(s) && tableRows(s).length > 0 && clusters(s).every((c) => c === 'west'));
    assert.ok(tableRows(westOnly).length > 3);

    t.keys('Escape');
    t.type(':ctx -team-west');
    t.keys('Enter');
    await t.until('west removed', (s) => /no longer watching context team-west/.test(s) && /2 clusters · east ●\s+broken ✗/.test(s));
    t.type(':q');
    t.keys('Enter');
    await t.until('kevtui to exit', (s) => /kevtui exited \d+/.test(s));
    assert.match(t.screen(), /kevtui exited 0/);
  } finally {
    t?.close();
    for (const s of servers) s.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
