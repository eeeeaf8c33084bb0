// Getting kevtui onto a machine: the npm package (installed from its tarball, offline, into an
// empty prefix), the kubectl plugin it installs, and the one-file bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cleanEnv, copyProject, run } from './install-kit.js';

let dir: string;
let project: string;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

before(() => ({ dir, project } = copyProject('kevtui-install-')));
after(() => rmSync(dir, { recursive: true, force: true }));

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

test('npm pack → npm install -g --offline into an empty prefix: kevtui and kubectl kevtui run, nothing was downloaded', async (t) => {
  // An empty npm cache and --offline: any dependency to fetch would fail the install.
  const env = cleanEnv({ npm_config_cache: join(dir, 'npm-cache'), npm_config_update_notifier: 'false' });
  const pack = run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: project, env });
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = info!.files.map((f) => f.path).sort();
  // prepack built dist/; the package is dist/'s JavaScript and the manifest, no source maps.
  assert.ok(files.includes('dist/cli.js'), files.join(' '));
  for (const f of files) assert.match(f, /^(dist\/.*\.js|package\.json|README\.md|LICENSE)$/, f);
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined, 'every dependency is bundled into dist/');

  const prefix = join(dir, 'prefix');
  const install = run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(dir, info!.filename)], { env });
  assert.equal(install.status, 0, install.stderr);
  const bin = join(prefix, 'bin');
  assert.deepEqual(readdirSync(bin).sort(), ['kevtui', 'kubectl-kevtui']);

  const version = run(join(bin, 'kevtui'), ['--version'], { cwd: dir });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout, `kevtui ${pkg.version}\n`);
  const once = run(join(bin, 'kevtui'), ['--demo', '--once', '-A'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(once.status, 0, once.stderr);
  const lines = once.stdout.trim().split('\n');
  assert.match(lines[0]!, /^NAMESPACE +LAST SEEN +TYPE +REASON/);
  assert.ok(lines.length > 50, `${lines.length} lines`);

  await t.test('kubectl kevtui, with kubectl global flags passed through', (t) => {
    if (!hasKubectl) return t.skip('kubectl is not on PATH');
    const kenv = { ...env, PATH: `${bin}${delimiter}${process.env.PATH}` };
    const v = run('kubectl', ['kevtui', '--version'], { env: kenv });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, `kevtui ${pkg.version}\n`);
    const ns = run('kubectl', ['kevtui', '--demo', '--once', '-n', 'shop', '-o', 'json'], { env: kenv, timeoutMs: 60_000 });
    assert.equal(ns.status, 0, ns.stderr);
    const namespaces = new Set(ns.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { namespace: string }).namespace));
    assert.deepEqual([...namespaces], ['shop']);
    const missing = join(dir, 'no-such-kubeconfig');
    const bad = run('kubectl', ['kevtui', '--once', '--kubeconfig', missing, '--context', 'prod'], { env: kenv });
    assert.equal(bad.status, 1);
    assert.ok(bad.stderr.includes(missing), bad.stderr);
  });
});

test('npm run bundle writes one file that runs with node from an empty folder', () => {
  const before = new Set(readdirSync(join(project, 'dist'), { recursive: true }).map(String));
  const r = run('npm', ['run', 'bundle', '--silent'], { cwd: project, env: cleanEnv() });
  assert.equal(r.status, 0, r.stderr);
  const added = readdirSync(join(project, 'dist'), { recursive: true }).map(String).filter((f) => !before.has(f));
  assert.deepEqual(added, ['kevtui.mjs']);
  const code = readFileSync(join(project, 'dist/kevtui.mjs'), 'utf8');
  assert.doesNotMatch(code, /\bimport\s*\(\s*["']\.|\bfrom\s*["']\.|require\(["']\.\.?\//, 'loads no file of its own');

  const empty = join(dir, 'empty');
  mkdirSync(empty);
  copyFileSync(join(project, 'dist/kevtui.mjs'), join(empty, 'kevtui.mjs'));
  const v = run(process.execPath, ['kevtui.mjs', '--version'], { cwd: empty });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout, `kevtui ${pkg.version}\n`);
  const once = run(process.execPath, ['kevtui.mjs', '--demo', '--once', '-o', 'json'], { cwd: empty, timeoutMs: 60_000 });
  assert.equal(once.status, 0, once.stderr);
  assert.equal(typeof JSON.parse(once.stdout.split('\n')[0]!).reason, 'string');
  assert.doesNotMatch(once.stderr, /Warning|deprecat/i);
});

test('the krew manifest template, filled in, is a krew Plugin whose bin is what build:sea writes', async () => {
  const { parse } = await import('yaml');
  const text = readFileSync(join(project, 'packaging/krew/kevtui.yaml'), 'utf8');
  const filled = text.replace(/\$\{VERSION\}/g, pkg.version).replace(/\$\{REPO\}/g, 'o/kevtui').replace(/\$\{SHA256_LINUX_AMD64\}/g, 'a'.repeat(64));
  assert.doesNotMatch(filled.replace(/^#.*$/gm, ''), /\$\{/);
  const m = parse(filled);
  assert.equal(m.kind, 'Plugin');
  assert.equal(m.metadata.name, 'kevtui');
  assert.equal(m.spec.version, `v${pkg.version}`);
  const [linux] = m.spec.platforms;
  assert.deepEqual(linux.selector.matchLabels, { os: 'linux', arch: 'amd64' });
  assert.equal(linux.bin, 'kevtui-linux-x64');
  assert.match(readFileSync(join(project, 'scripts/sea.mjs'), 'utf8'), /dist\/kevtui-linux-\$\{arch\}/);
});
