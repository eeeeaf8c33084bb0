// What start-up loads, by behaviour: a module hook records every file the main thread loads.
// --once and --plain never load React or Ink (the full screen's chunk), a real cluster never
// loads the demo cluster, and the full screen draws before client-node loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, ROOT, ensureBuilt } from './cli.js';
import { hasTmux, tableRows, Terminal } from './tmux.js';

/** A module hook that appends `load URL` to `log` for every file loaded; returns the --import file. */
function loadLogger(dir: string, log: string): string {
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, 'load ' + url + '\\n');
  return next(url, context);
}`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`);
  return join(dir, 'register.mjs');
}

const loadsIn = (lines: string[]) => lines.filter((l) => l.startsWith('load ')).map((l) => fileURLToPath(l.slice(5)));

async function loadedFiles(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ files: string[]; status: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-loads-'));
  try {
    const log = join(dir, 'loads');
    writeFileSync(log, '');
    const register = loadLogger(dir, log);
    // Not spawnSync: the demo cluster of one test serves from this process.
    const r = await promisify(execFile)(process.execPath, ['--import', register, CLI, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20, env }).then(
      (o) => ({ status: 0, stdout: o.stdout, stderr: o.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ status: e.code ?? null, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );
    const files = loadsIn(readFileSync(log, 'utf8').trim().split('\n'));
    return { files, status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// React's element tag, or the module banners esbuild writes above each bundled file.
const REACT_OR_INK = /react\.transitional\.element|node_modules\/(react|react-reconciler|ink|yoga-layout)\//;

test('--once --demo loads neither React nor Ink', async () => {
  ensureBuilt();
  const { files, status, stderr } = await loadedFiles(['--once', '--demo', '-A', '-o', 'json']);
  assert.equal(status, 0, stderr);
  assert.ok(files.some((f) => f.endsWith('/dist/cli.js')), `the hook saw the entry point: ${files.join(', ')}`);
  assert.ok(files.some((f) => /\/plain-[^/]+\.js$/.test(f)), 'the plain runner was loaded');
  for (const f of files) {
    assert.doesNotMatch(f, /\/tui-[^/]+\.js$/, 'the full-screen chunk was loaded');
    const code = readFileSync(f, 'utf8');
    assert.ok(!REACT_OR_INK.test(code), `${f} carries React or Ink`);
  }
});

test('--once against a cluster loads neither React, Ink nor the demo cluster', async () => {
  ensureBuilt();
  const { startDemoServer } = await import('../../demo/server.js');
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-loads-kc-'));
  const server = await startDemoServer({ port: 0, events: 50, rate: 0, kubeconfigOut: join(dir, 'kubeconfig') });
  try {
    const { files, status, stderr } = await loadedFiles(['--once', '--kubeconfig', join(dir, 'kubeconfig'), '-A']);
    assert.equal(status, 0, stderr);
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      assert.ok(!REACT_OR_INK.test(code), `${f} carries React or Ink`);
      assert.ok(!/function startDemoServer\b/.test(code), `${f} carries the demo cluster`);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--help loads no mode runner at all', async () => {
  ensureBuilt();
  const { files, status } = await loadedFiles(['--help']);
  assert.equal(status, 0);
  assert.ok(!files.some((f) => /\/(plain|tui|demo-server)-[^/]+\.js$/.test(f)), files.join(', '));
});

test('zod loads only when there is a config file to check, and then checks it', async () => {
  ensureBuilt();
  const home = mkdtempSync(join(tmpdir(), 'kevtui-loads-cfg-'));
  try {
    const env = { ...process.env, XDG_CONFIG_HOME: home };
    const zod = (files: string[]) => files.filter((f) => /\$ZodType\b/.test(readFileSync(f, 'utf8')));
    const none = await loadedFiles(['config', 'show'], env);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stdout, /not found, nothing read/);
    assert.deepEqual(zod(none.files), [], 'zod was loaded without a config file');
    mkdirSync(join(home, 'kevtui'));
    writeFileSync(join(home, 'kevtui', 'config.yaml'), 'sort: count\n');
    const good = await loadedFiles(['config', 'show'], env);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /^sort: count # config file$/m);
    assert.notDeepEqual(zod(good.files), [], 'the file was read without zod');
    // The schema's own message, with the file and line: the same check as before.
    writeFileSync(join(home, 'kevtui', 'config.yaml'), 'sort: count\ntheme: pink\n');
    const bad = await loadedFiles(['config', 'show'], env);
    assert.equal(bad.status, 0, bad.stderr);
    assert.equal(bad.stderr, `kevtui: ${join(home, 'kevtui', 'config.yaml')}:2: theme must be one of dark, light, mono, got "pink"; using the defaults\n`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('the full screen against a cluster draws its first frame before client-node loads, then lists', { skip: !hasTmux }, async () => {
  ensureBuilt();
  const { startDemoServer } = await import('../../demo/server.js');
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-loads-tui-'));
  const server = await startDemoServer({ port: 0, events: 200, rate: 0, kubeconfigOut: join(dir, 'kubeconfig') });
  // One file, in order: the hook's loads and kevtui's own start-up marks (KEVTUI_TRACE_START).
  const log = join(dir, 'trace');
  writeFileSync(log, '');
  const register = loadLogger(dir, log);
  const term = Terminal.start(`env KEVTUI_TRACE_START=${log} ${process.execPath} --import ${register} ${CLI} --kubeconfig ${join(dir, 'kubeconfig')} -A; echo "exit $?"; sleep 30`, { cwd: ROOT, columns: 120, rows: 40 });
  try {
    await term.until('the table', (s) => tableRows(s).length >= 10);
    term.keys('q');
    await term.until('kevtui gone', (s) => /^exit 0$/m.test(s));
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const at = (name: string) => lines.findIndex((l) => l.startsWith(`${name} `));
    // client-node's KubeConfig, however the bundle spells its class.
    const clientNode = lines.findIndex((l) => l.startsWith('load ') && /\bloadFromOptions\(/.test(readFileSync(fileURLToPath(l.slice(5)), 'utf8')));
    assert.ok(clientNode > 0, 'client-node was loaded (the session needs it)');
    assert.ok(at('frame1') > 0 && at('session') > at('frame1'), `first frame, then the session: ${lines.filter((l) => !l.startsWith('load ')).join(' | ')}`);
    assert.ok(clientNode > at('frame1'), 'client-node loaded before the first frame');
  } finally {
    term.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
