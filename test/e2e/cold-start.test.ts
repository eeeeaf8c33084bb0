// What start-up loads, by behaviour: a module hook records every file the main thread loads.
// --once and --plain never load React or Ink (the full screen's chunk), and --demo's cluster runs
// in its worker thread, so the main thread never loads the demo cluster's code either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, ensureBuilt } from './cli.js';

function loadedFiles(args: string[]): { files: string[]; status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-loads-'));
  try {
    const log = join(dir, 'loads');
    writeFileSync(log, '');
    writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}`);
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'; register('./hooks.mjs', import.meta.url);`);
    const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
    const files = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((u) => fileURLToPath(u));
    return { files, status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// React's element tag, or the module banners esbuild writes above each bundled file.
const REACT_OR_INK = /react\.transitional\.element|node_modules\/(react|react-reconciler|ink|yoga-layout)\//;

test('--once --demo: the main thread loads neither React, Ink nor the demo cluster', () => {
  ensureBuilt();
  const { files, status, stderr } = loadedFiles(['--once', '--demo', '-A', '-o', 'json']);
  assert.equal(status, 0, stderr);
  assert.ok(files.some((f) => f.endsWith('/dist/cli.js')), `the hook saw the entry point: ${files.join(', ')}`);
  assert.ok(files.some((f) => /\/plain-[^/]+\.js$/.test(f)), 'the plain runner was loaded');
  for (const f of files) {
    assert.doesNotMatch(f, /\/tui-[^/]+\.js$/, 'the full-screen chunk was loaded');
    const code = readFileSync(f, 'utf8');
    assert.ok(!REACT_OR_INK.test(code), `${f} carries React or Ink`);
    assert.ok(!/function startDemoServer\b/.test(code), `${f} carries the demo cluster (expected in the worker)`);
  }
});

test('--help loads no mode runner at all', () => {
  ensureBuilt();
  const { files, status } = loadedFiles(['--help']);
  assert.equal(status, 0);
  assert.ok(!files.some((f) => /\/(plain|tui|demo-server)-[^/]+\.js$/.test(f)), files.join(', '));
});
