#!/usr/bin/env node
// `npm run test:cluster`: build the real control plane (cached), start it in a temp dir (etcd,
// kube-apiserver, kube-scheduler, kube-controller-manager, kwok, a limited user), run
// test/cluster/*.test.ts with Node's test runner, and stop exactly what was started, on every
// exit path. Without Go: one line, exit 0 (exit 1 with KEVTUI_REQUIRE_CLUSTER=1).
//
//   node test/cluster/run.mjs [substring filter...]
// Env: KEVTUI_REQUIRE_CLUSTER=1  fail instead of skipping when Go (or the build) is missing
//      KEVTUI_CLUSTER_KEEP=1     keep the temp dir (logs) even when everything passed
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..', '..');
const require_ = process.env.KEVTUI_REQUIRE_CLUSTER === '1';
const t0 = Date.now();
const say = (m) => process.stderr.write(`test:cluster: ${m}\n`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

if (spawnSync('go', ['version'], { stdio: 'ignore' }).error) {
  if (require_) {
    say('FAILED: go not found, and KEVTUI_REQUIRE_CLUSTER=1 makes the cluster suite mandatory');
    process.exit(1);
  }
  console.log('cluster suite skipped: go not found');
  process.exit(0);
}
for (const tool of ['kubectl', 'openssl', 'curl']) {
  if (spawnSync(tool, tool === 'kubectl' ? ['version', '--client'] : ['--version'], { stdio: 'ignore' }).error) {
    say(`FAILED: ${tool} not found (the cluster suite needs it)`);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'kevtui-cluster-'));
const clusterDir = join(work, 'cluster');
let child; // the test runner, while it runs
let cleaned = false;

/** Every cluster.env under the temp dir (the main one and any a test started), newest first. */
function clusterDirs(dir = work, depth = 0) {
  if (!existsSync(dir) || depth > 3) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'cluster.env') out.push(dir);
    else if (depth < 3 && statSync(p, { throwIfNoEntry: false })?.isDirectory() && name !== 'etcd') out.push(...clusterDirs(p, depth + 1));
  }
  return out;
}

/** Stops what we started (only PIDs recorded in our own cluster.env files). Idempotent, synchronous. */
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  if (child && child.exitCode === null) child.kill('SIGTERM');
  for (const dir of clusterDirs()) spawnSync(join(HERE, 'start.sh'), ['stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function printLogTails(dir = work) {
  for (const d of [clusterDir, ...clusterDirs(dir)]) {
    const logs = join(d, 'logs');
    if (!existsSync(logs)) continue;
    for (const f of readdirSync(logs)) {
      const text = readFileSync(join(logs, f), 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      if (text) process.stderr.write(`---- ${join(logs, f)} (last lines) ----\n${text}\n`);
    }
  }
}

let exiting = false;
function finish(code, why) {
  if (exiting) return;
  exiting = true;
  if (why) say(why);
  if (code !== 0) printLogTails();
  cleanup();
  if (code === 0 && process.env.KEVTUI_CLUSTER_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  else say(`logs and data kept in ${work}`);
  say(`${code === 0 ? 'passed' : 'FAILED'} in ${secs(Date.now() - t0)}`);
  process.exit(code);
}
process.on('exit', cleanup); // last resort: never leave a control plane behind
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(sig === 'SIGINT' ? 130 : 143, `interrupted (${sig})`));
process.on('uncaughtException', (e) => finish(1, `internal error: ${e.stack ?? e}`));

/** Runs a child to completion, output passed through (stdout kept when asked). */
function step(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', opts.capture ? 'pipe' : 'inherit', 'inherit'] });
    child = c;
    let out = '';
    c.stdout?.on('data', (d) => (out += d));
    c.on('error', (e) => resolve({ code: 127, out: String(e) }));
    c.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

async function main() {
  // 1. The binaries (cached by version; a warm run only checks them).
  let t = Date.now();
  const build = await step(join(HERE, 'build.sh'), [], { capture: true });
  if (build.code !== 0) finish(1, 'FAILED: build.sh could not build the control plane (see above)');
  const bin = build.out.trim().split('\n').pop();
  say(`binaries in ${bin} (${secs(Date.now() - t)})`);

  // 2. kevtui itself.
  t = Date.now();
  const b = await step(process.execPath, ['scripts/build.mjs']);
  if (b.code !== 0) finish(1, 'FAILED: npm run build');
  say(`kevtui built (${secs(Date.now() - t)})`);

  // 3. The control plane: controllers, kwok, and a user who may read events in `web` only.
  t = Date.now();
  const up = await step(
    join(HERE, 'start.sh'),
    ['start', clusterDir, '--controllers', '--kwok', '--limited-user=kevtui-limited:web', '--apiserver-arg=--feature-gates=WatchList=true'],
    { env: { KEVTUI_CLUSTER_BIN: bin, KEVTUI_CLUSTER_READY_TIMEOUT: '240' }, capture: true },
  );
  if (up.code !== 0) finish(1, 'FAILED: the control plane did not start (start.sh, above)');
  say(`control plane up (${secs(Date.now() - t)}), workdir ${clusterDir}`);

  // 4. The suite, one file at a time (a 2-core machine; the files share the cluster).
  const filters = process.argv.slice(2);
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.test.ts') && (filters.length === 0 || filters.some((s) => f.includes(s))))
    .sort()
    .map((f) => join('test', 'cluster', f));
  if (files.length === 0) finish(1, 'no test files matched');
  t = Date.now();
  const r = await step(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    env: { KEVTUI_CLUSTER_ENV: join(clusterDir, 'cluster.env'), KEVTUI_CLUSTER_ROOT: join(work, 'scratch') },
  });
  say(`suite took ${secs(Date.now() - t)}`);
  finish(r.code === 0 ? 0 : 1, r.code === 0 ? undefined : 'FAILED: some cluster tests failed (see above)');
}

main().catch((e) => finish(1, `internal error: ${e.stack ?? e}`));
