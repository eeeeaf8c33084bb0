// Shell completion: `kevtui completion bash|zsh|fish`, and the hidden `kevtui __complete` it
// runs for context names (the kubeconfig) and namespace names (the cluster, read-only, with a
// short timeout, silent on errors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CLI, ensureBuilt, startCli, waitFor } from './cli.js';
import { run } from './install-kit.js';

let dir: string;
let kubeconfig: string;
let env: NodeJS.ProcessEnv;

const KUBECONFIG = (server: string) => `apiVersion: v1
kind: Config
current-context: no-such-context
contexts:
- name: alpha
  context: {cluster: c, user: u}
- name: beta-prod
  context: {cluster: c, user: u, namespace: x}
clusters:
- name: c
  cluster: {server: "${server}"}
users:
- name: u
  user: {token: t}
`;

before(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kevtui-completion-'));
  // `kevtui` on PATH, as the scripts call the command being completed.
  symlinkSync(CLI, join(dir, 'kevtui'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, KUBECONFIG('https://127.0.0.1:1'));
  env = { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}`, KUBECONFIG: '' };
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** What bash's programmable completion offers for `words` (the last one being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const file = join(dir, 'completion.bash');
  writeFileSync(file, script);
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = run('bash', ['--norc', '-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _kevtui; printf '%s\\n' "\${COMPREPLY[@]}"`], { env });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('kevtui completion bash: valid bash that completes flags, values, contexts and subcommands', () => {
  const r = run(CLI, ['completion', 'bash'], { env });
  assert.equal(r.status, 0, r.stderr);
  const script = r.stdout;
  const file = join(dir, 'syntax.bash');
  writeFileSync(file, script);
  const syntax = run('bash', ['-n', file]);
  assert.equal(syntax.status, 0, syntax.stderr);

  assert.deepEqual(bashComplete(script, ['kevtui', '--cont']), ['--context']);
  assert.deepEqual(bashComplete(script, ['kevtui', '--con']), ['--context', '--config']);
  assert.deepEqual(bashComplete(script, ['kevtui', '--kubeconfig', kubeconfig, '--context', '']), ['alpha', 'beta-prod']);
  // bash splits --flag=value at '=' into three words.
  assert.deepEqual(bashComplete(script, ['kevtui', '--kubeconfig', '=', kubeconfig, '--context', '=', 'b']), ['beta-prod']);
  assert.deepEqual(bashComplete(script, ['kevtui', '-o', '']), ['wide', 'json']);
  assert.deepEqual(bashComplete(script, ['kevtui', '']), ['replay', 'demo-server', 'completion', 'config']);
  assert.deepEqual(bashComplete(script, ['kevtui', 'config', '']), ['show']);
  assert.deepEqual(bashComplete(script, ['kevtui', 'completion', '']), ['bash', 'zsh', 'fish']);
  assert.deepEqual(bashComplete(script, ['kevtui', 'demo-server', '--po']), ['--port']);
  assert.deepEqual(bashComplete(script, ['kevtui', '--po']), [], '--port is the demo server\'s');
  assert.deepEqual(bashComplete(script, ['kubectl-kevtui', '--all']), ['--all-contexts', '--all-namespaces']);
});

test('kevtui completion zsh and fish: scripts for those shells (zsh syntax-checked when zsh is here)', (t) => {
  const zsh = run(CLI, ['completion', 'zsh'], { env });
  assert.equal(zsh.status, 0, zsh.stderr);
  assert.match(zsh.stdout, /^#compdef kevtui kubectl-kevtui\n/);
  const fish = run(CLI, ['completion', 'fish'], { env });
  assert.equal(fish.status, 0, fish.stderr);
  assert.match(fish.stdout, /complete -c kevtui .*-l context .*__kevtui_names contexts/);
  const bad = run(CLI, ['completion', 'tcsh'], { env });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'kevtui: usage: kevtui completion bash|zsh|fish\n');
  if (spawnSync('zsh', ['--version']).status !== 0) return t.skip('zsh is not installed');
  const file = join(dir, '_kevtui');
  writeFileSync(file, zsh.stdout);
  const syntax = run('zsh', ['-n', file]);
  assert.equal(syntax.status, 0, syntax.stderr);
});

test('kevtui __complete contexts: the kubeconfig\'s names, even when its current-context is broken; nothing without one', () => {
  const r = run(CLI, ['__complete', 'contexts', '--kubeconfig', kubeconfig], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'alpha\nbeta-prod\n');
  const viaEnv = run(CLI, ['__complete', 'contexts'], { env: { ...env, KUBECONFIG: kubeconfig } });
  assert.equal(viaEnv.stdout, 'alpha\nbeta-prod\n');
  const none = run(CLI, ['__complete', 'contexts', '--kubeconfig', join(dir, 'missing')], { env });
  assert.equal(none.status, 0);
  assert.equal(none.stdout + none.stderr, '');
});

test('kevtui __complete namespaces: the cluster\'s namespaces; a refused or silent server gives nothing, quietly', async () => {
  const kcOut = join(dir, 'demo.kubeconfig');
  const demo = startCli(['demo-server', '--kubeconfig-out', kcOut]);
  try {
    await waitFor(() => existsSync(kcOut) && /listening/.test(demo.stdout()), 30_000, 'the demo server');
    const r = run(CLI, ['__complete', 'namespaces', '--kubeconfig', kcOut], { env });
    assert.equal(r.status, 0, r.stderr);
    const names = r.stdout.trim().split('\n');
    assert.ok(names.includes('shop') && names.includes('kube-system'), r.stdout);
    assert.deepEqual(names, [...names].sort());
  } finally {
    await demo.stop();
  }
  const refused = run(CLI, ['__complete', 'namespaces', '--kubeconfig', kubeconfig, '--context', 'alpha'], { env });
  assert.equal(refused.status, 0);
  assert.equal(refused.stdout + refused.stderr, '');

  // A server that accepts and never answers: the timeout ends it.
  const sockets: Socket[] = [];
  const silent = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const silentKc = join(dir, 'silent.kubeconfig');
  writeFileSync(silentKc, KUBECONFIG(`https://127.0.0.1:${port}`));
  try {
    const r = await new Promise<{ status: number | null; out: string }>((resolve) => {
      // Asynchronous: this process serves the silent socket meanwhile.
      const child = spawn(CLI, ['__complete', 'namespaces', '--kubeconfig', silentKc, '--context', 'alpha'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      child.on('close', (status) => resolve({ status, out }));
    });
    assert.equal(r.status, 0);
    assert.equal(r.out, '');
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});
