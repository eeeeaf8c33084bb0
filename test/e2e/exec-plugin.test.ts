// The built CLI with exec credential plugins that hang, the way a user meets them: --once gives
// up with one line and leaves no plugin behind, --plain keeps at most one plugin run alive
// across its retries and quits at once on SIGTERM, the full screen quits on `q` while a plugin
// hangs; and no token, password or plugin output ever reaches stdout or stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startDemoServer } from '../../demo/server.js';
import { CLI, ensureBuilt, ROOT, runCli, startCli } from './cli.js';
import { hasTmux, Terminal } from './tmux.js';
import { alive, waitUntil } from '../helpers/processes.js';

const TOKEN = 'tok-SECRET-e2e-4f9a';
const PASSWORD = 'PASSWD-e2e-77';

/** A plugin that answers `answers` times (credential valid `validSeconds`), then hangs with a child. */
function plugin(dir: string, answers: number, validSeconds = 3): { command: string; runs: () => number[][] } {
  const pids = join(dir, 'pids');
  const count = join(dir, 'count');
  writeFileSync(pids, '');
  const command = join(dir, 'plugin.sh');
  writeFileSync(
    command,
    `#!/bin/sh
n=$(($(cat ${count} 2>/dev/null || echo 0) + 1)); echo $n > ${count}
if [ $n -le ${answers} ]; then
  exp=$(date -u -d "+${validSeconds} seconds" +%Y-%m-%dT%H:%M:%SZ)
  echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"${TOKEN}","expirationTimestamp":"'$exp'"}}'
  exit 0
fi
sleep 1000 &
echo $$ $! >> ${pids}
wait
`,
  );
  chmodSync(command, 0o755);
  return { command, runs: () => readFileSync(pids, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').map(Number)) };
}

function kubeconfig(dir: string, server: string, user: Record<string, unknown>): string {
  const p = join(dir, 'kubeconfig');
  writeFileSync(p, stringify({ clusters: [{ name: 'c', cluster: { server } }], users: [{ name: 'u', user }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
  return p;
}

const exec = (command: string) => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command } });
const runAlive = (run: number[]) => run.some(alive);

function assertNoSecrets(out: string, ...secrets: string[]): void {
  for (const s of secrets) assert.ok(!out.includes(s), `"${s}" was printed:\n${out}`);
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('--once: a hung plugin is one line at the deadline and is gone, children too; no secret is printed', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-exec-e2e-'));
  const hung = plugin(dir, 0);
  const r = await runCli(['--kubeconfig', kubeconfig(dir, 'http://127.0.0.1:1', exec(hung.command)), '--once'], { env: { KEVTUI_EXEC_TIMEOUT: '1' } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^kevtui: getting credentials: exec plugin \S+plugin\.sh did not answer within 1s and was killed \(does it need a terminal or a fresh login\? run it by hand\)\n$/);
  const runs = hung.runs();
  assert.equal(runs.length, 1);
  await waitUntil(() => !runAlive(runs[0]!), `plugin ${runs[0]} gone after kevtui exited`);

  // Ctrl-C while the plugin runs (before any handler of kevtui's own): kevtui dies of SIGINT as
  // before, and takes the plugin's process group, which the terminal's Ctrl-C does not reach, along.
  const dir2 = mkdtempSync(join(tmpdir(), 'kevtui-exec-e2e-'));
  const hung2 = plugin(dir2, 0);
  const cli = startCli(['--kubeconfig', kubeconfig(dir2, 'http://127.0.0.1:1', exec(hung2.command)), '--once'], { KEVTUI_EXEC_TIMEOUT: '60' });
  await waitUntil(() => hung2.runs().length === 1, 'the plugin started');
  const closed = new Promise<string | null>((resolve) => cli.child.on('close', (_code, signal) => resolve(signal)));
  cli.child.kill('SIGINT');
  assert.equal(await closed, 'SIGINT');
  await waitUntil(() => !runAlive(hung2.runs()[0]!), `plugin ${hung2.runs()[0]} gone after Ctrl-C`);

  // A plugin that prints a bare token: its length is reported, never its text.
  const bare = join(dir, 'bare.sh');
  writeFileSync(bare, '#!/bin/sh\necho "hunter2-SHORT; "\n');
  chmodSync(bare, 0o755);
  const b = await runCli(['--kubeconfig', kubeconfig(dir, 'http://127.0.0.1:1', exec(bare)), '--once']);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /printed no valid ExecCredential JSON \(16 bytes on stdout\)/);
  assertNoSecrets(b.stdout + b.stderr, 'hunter2');

  // A password in the server URL: kubectl's url.Redacted form.
  const port = await closedPort();
  const u = await runCli(['--kubeconfig', kubeconfig(dir, `http://admin:${PASSWORD}@127.0.0.1:${port}`, { token: TOKEN }), '--once']);
  assert.equal(u.code, 1);
  assert.match(u.stderr, new RegExp(`cannot reach http://admin:xxxxx@127\\.0\\.0\\.1:${port}/`));
  assertNoSecrets(u.stdout + u.stderr, PASSWORD, TOKEN);
});

test('--plain: a plugin that answers once then hangs: one run alive at a time across retries, SIGTERM exits and kills it', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-exec-e2e-'));
  // Watches dropped every second make kevtui ask for credentials again once the first expired.
  const server = await startDemoServer({ seed: 3, events: 50, rate: 5, token: TOKEN, faults: { dropWatchAfterSeconds: 1 } });
  const p = plugin(dir, 1, 2);
  const cfg = kubeconfig(dir, server.url.replace('http://', `http://kevtui:${PASSWORD}@`), exec(p.command));
  const cli = startCli(['--kubeconfig', cfg, '-A', '--plain'], { KEVTUI_EXEC_TIMEOUT: '1' });
  let maxAlive = 0;
  try {
    await waitUntil(
      () => {
        maxAlive = Math.max(maxAlive, p.runs().filter(runAlive).length);
        return p.runs().length >= 4;
      },
      'four hung plugin runs (retries)',
      90_000,
    );
    assert.equal(maxAlive, 1, 'never more than one plugin run alive');
    assert.ok(cli.child.exitCode === null, 'kevtui keeps retrying');
    assert.match(cli.stderr(), /did not answer within 1s and was killed/);

    // SIGTERM while a plugin hangs: kevtui exits on its own (stop() would SIGKILL after 5 s).
    await waitUntil(() => p.runs().some(runAlive), 'a plugin hanging');
    const hanging = p.runs().flat();
    const t0 = Date.now();
    const code = await cli.stop();
    console.log(`SIGTERM → exit ${Date.now() - t0} ms; ${p.runs().length} runs, at most ${maxAlive} alive`);
    assert.equal(code, 0, `exited by itself, not killed: ${cli.stderr()}`);
    await waitUntil(() => hanging.every((pid) => !alive(pid)), `plugin processes ${hanging} gone`);
    assertNoSecrets(cli.stdout() + cli.stderr(), TOKEN, PASSWORD);
  } finally {
    cli.child.kill('SIGKILL');
    for (const pid of p.runs().flat()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await server.close();
  }
});

test('full screen: q while a plugin hangs gives the prompt back and leaves no plugin behind', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-exec-e2e-'));
  const server = await startDemoServer({ seed: 5, events: 50, rate: 5, token: TOKEN, faults: { dropWatchAfterSeconds: 1 } });
  // One answer serves the preflight and the first watch; once it expires, the plugin hangs (60 s deadline).
  const p = plugin(dir, 1, 3);
  const cfg = kubeconfig(dir, server.url, exec(p.command));
  const exitFile = join(dir, 'exit');
  const t = Terminal.start(`KEVTUI_EXEC_TIMEOUT=60 node ${CLI} --kubeconfig ${cfg} -A; echo $? > ${exitFile}; printf 'AFTER-KEVTUI\\n'; sleep 30`, { cwd: ROOT });
  try {
    await t.until('the table', (s) => /watching|reconnecting/.test(s));
    await waitUntil(() => p.runs().some(runAlive), 'the plugin hanging', 60_000);
    const hanging = p.runs().flat();
    const t0 = Date.now();
    t.keys('q');
    await t.until('the prompt back', (s) => /AFTER-KEVTUI/.test(s));
    console.log(`q → exit ${Date.now() - t0} ms (tmux polled every 150 ms)`);
    assert.ok(existsSync(exitFile));
    assert.equal(readFileSync(exitFile, 'utf8').trim(), '0');
    await waitUntil(() => hanging.every((pid) => !alive(pid)), `plugin processes ${hanging} gone`);
    assert.equal(p.runs().length, 1, 'no run started after quitting');
    assertNoSecrets(t.screen(), TOKEN);
  } finally {
    t.close();
    for (const pid of p.runs().flat()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await server.close();
  }
});
