// The standalone executable (npm run build:sea): Node 24 and kevtui in one file, run where no
// `node` is on PATH. The build fetches Node 24 from npm once (into the cache .ci/run uses); a
// machine that cannot fetch it skips this test, saying so.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, copyProject, run } from './install-kit.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const arch = { x64: 'x64', arm64: 'arm64' }[process.arch as string];
const node24 = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kevtui-ci', 'node-24.22.3', 'node_modules', `node-linux-${arch}`, 'bin', 'node');

let dir: string | undefined;
after(() => dir && rmSync(dir, { recursive: true, force: true }));

test('npm run build:sea: a standalone executable that runs with no node on PATH', (t) => {
  if (process.platform !== 'linux' || !arch) return t.skip(`no standalone build for ${process.platform}-${process.arch}`);
  let project: string;
  ({ dir, project } = copyProject('kevtui-sea-'));
  const build = run('npm', ['run', 'build:sea', '--silent'], { cwd: project, env: cleanEnv(), timeoutMs: 300_000 });
  if (build.status !== 0 && !existsSync(node24)) return t.skip(`Node 24 could not be fetched from npm: ${build.stderr.trim().split('\n').pop()}`);
  assert.equal(build.status, 0, build.stderr);
  const exe = join(project, `dist/kevtui-linux-${arch}`);
  assert.ok(existsSync(exe));

  // PATH is one empty folder: no node, no shell tools; the executable needs none.
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const env = { PATH: empty, HOME: dir, TERM: 'dumb' };
  assert.notEqual(run('/bin/sh', ['-c', 'command -v node'], { env }).status, 0, 'node is not on this PATH');
  const v = run(exe, ['--version'], { cwd: empty, env });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout, `kevtui ${pkg.version}\n`);
  assert.equal(v.stderr, '', 'no experimental-feature warning');

  const once = run(exe, ['--demo', '--once', '-A', '-o', 'json'], { cwd: empty, env, timeoutMs: 60_000 });
  assert.equal(once.status, 0, once.stderr);
  const lines = once.stdout.trim().split('\n');
  assert.ok(lines.length > 50, `${lines.length} lines`);
  assert.equal(typeof JSON.parse(lines[0]!).reason, 'string');
  assert.equal(once.stderr, '');

  // A usage error is still one line and exit 2 (the bundle's own error handling runs).
  const bad = run(exe, ['--nope'], { cwd: empty, env });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^kevtui: unknown flag --nope\n/);
});
