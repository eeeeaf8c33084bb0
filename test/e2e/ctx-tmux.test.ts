// `:ctx` in a real terminal between two `kevtui demo-server` processes (different scenarios and
// seeds) named by one kubeconfig: the header and rows follow the other cluster, the old watch's
// sockets are closed, a context that is unknown or refuses the credentials is one line with the
// current cluster still watched, and q exits 0 leaving no process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { demoServer, kubeconfigYaml, type DemoServer } from './demo-servers.js';
import { cellOf, hasTmux, tableRows, Terminal } from './tmux.js';
import { alive, waitUntil } from '../helpers/processes.js';
import { connectionsTo } from '../helpers/sockets.js';

function kubeconfig(first: string, second: string): string {
  return kubeconfigYaml({
    clusters: { 'incident-cluster': first, 'storm-cluster': second },
    users: { anyone: '', 'second-admin': 'second-token', impostor: 'wrong-token' },
    contexts: [
      { name: 'first', cluster: 'incident-cluster', user: 'anyone', namespace: 'shop' },
      { name: 'second', cluster: 'storm-cluster', user: 'second-admin', namespace: 'load-03' },
      { name: 'badauth', cluster: 'storm-cluster', user: 'impostor', namespace: 'load-03' },
    ],
    current: 'first',
  });
}

/** The process in the tmux pane running kevtui (the pane's shell may have exec'd it or not). */
function kevtuiPid(t: Terminal): number {
  const pane = Number(execFileSync('tmux', t.tmuxArgs('list-panes', '-t', t.session, '-F', '#{pane_pid}'), { encoding: 'utf8' }).trim());
  const isKevtui = (pid: number) => {
    try {
      // node …/dist/cli.js, not the shell whose command line names it.
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return /node$/.test(argv[0]!) && argv[1]?.endsWith('dist/cli.js') === true;
    } catch {
      return false;
    }
  };
  if (isKevtui(pane)) return pane;
  for (const d of readdirSync('/proc')) {
    const pid = Number(d);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pane && isKevtui(pid)) return pid;
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('kevtui process not found in the tmux pane');
}

const nsCells = (s: string) => tableRows(s).map((r) => cellOf(s, r, 'NAMESPACE') ?? cellOf(s, r, 'NS'));

test('kevtui in tmux: :ctx between two demo servers, a bad context is one line, q leaves nothing', { skip: !hasTmux && 'tmux not installed', timeout: 180_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-ctx-'));
  const servers: DemoServer[] = [];
  let t: Terminal | undefined;
  try {
    servers.push(await demoServer(['--scenario', 'incident', '--seed', '7', '--events', '400', '--rate', '10']));
    servers.push(await demoServer(['--scenario', 'storm', '--seed', '11', '--events', '2000', '--rate', '20', '--token', 'second-token']));
    const [first, second] = servers as [DemoServer, DemoServer];
    const config = join(dir, 'kubeconfig');
    writeFileSync(config, kubeconfig(first.url, second.url));
    const firstPort = Number(new URL(first.url).port);
    const secondPort = Number(new URL(second.url).port);

    t = Terminal.start(`node ${CLI} --kubeconfig ${config}; echo "kevtui exited $?"; sleep 60`, { cwd: ROOT });
    const start = await t.until('the first cluster watched', (s) => /kevtui first \(incident-cluster\)/.test(s) && /· ns shop ·/.test(s) && /watching/.test(s) && tableRows(s).length > 0);
    assert.doesNotMatch(start, /load-\d\d/);
    const pid = kevtuiPid(t);
    assert.ok(connectionsTo(pid, firstPort) > 0, 'kevtui watches the first server');

    // Tab completes the context names of the kubeconfig.
    t.type(':ctx se');
    t.keys('Tab');
    await t.until('the completed context', (s) => /^:ctx second\b/m.test(s));
    t.keys('Enter');
    // The other context's own namespace (none was chosen), its cluster, its rows only.
    const switched = await t.until('the second cluster watched', (s) => /kevtui second \(storm-cluster\)/.test(s) && /· ns load-03 ·/.test(s) && /watching/.test(s) && tableRows(s).length > 0);
    assert.doesNotMatch(switched, /incident-cluster|· ns shop ·/);
    await waitUntil(() => connectionsTo(pid, firstPort) === 0, 'the first server’s sockets to close', 15_000);
    assert.ok(connectionsTo(pid, secondPort) > 0, 'kevtui watches the second server');

    // Every namespace of the second cluster: its rows only, none of the first cluster's.
    t.type(':ns all');
    t.keys('Enter');
    const all = await t.until('all namespaces of the second cluster', (s) => /· all namespaces ·/.test(s) && /watching/.test(s) && nsCells(s).length >= 10 && nsCells(s).every((c) => c !== undefined));
    for (const ns of nsCells(all)) assert.match(ns!, /^load-\d\d$/, all);

    // An unknown context and refused credentials: one line each, the second cluster still watched.
    t.type(':ctx nope');
    t.keys('Enter');
    const nope = await t.until('the unknown context line', (s) => /context not switched: context "nope" not found/.test(s));
    assert.match(nope, /kevtui second \(storm-cluster\)/);
    t.type(':ctx badauth');
    t.keys('Enter');
    const bad = await t.until('the refused credentials line', (s) => /context not switched: .*(401|[Uu]nauthori[sz]ed)/.test(s), 30_000);
    assert.match(bad, /kevtui second \(storm-cluster\).*watching/);
    assert.ok(connectionsTo(pid, secondPort) > 0, 'still watching the second server');

    t.type(':q');
    t.keys('Enter');
    await t.until('kevtui to exit', (s) => /kevtui exited \d+/.test(s));
    assert.match(t.screen(), /kevtui exited 0/);
    await waitUntil(() => !alive(pid), 'the kevtui process to be gone');
  } finally {
    t?.close();
    for (const s of servers) s.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
