// A standalone Linux executable, dist/kevtui-linux-<arch>: a Node single executable application
// (https://nodejs.org/api/single-executable-applications.html) that carries its own Node, for a
// bastion with no Node at all. It embeds Node 24, the supported LTS, whatever Node runs this
// script: the blob must be made by the very Node binary it is injected into, so that binary is
// fetched from npm (node-linux-<arch>) into the cache directory .ci/run uses.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'postject';

const NODE_VERSION = '24.22.3';
// A string in Node's binary; postject flips the byte after it to say a blob is inside.
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
if (process.platform !== 'linux' || !arch) {
  console.error(`build:sea: builds Linux x64 and arm64 executables only, not ${process.platform}-${process.arch}`);
  process.exit(1);
}
const pkgName = `node-linux-${arch}`;
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kevtui-ci', `node-${NODE_VERSION}`);
const node = join(cacheDir, 'node_modules', pkgName, 'bin', 'node');
if (!existsSync(node)) {
  console.log(`build:sea: fetching ${pkgName}@${NODE_VERSION} into ${cacheDir}`);
  execFileSync('npm', ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', `${pkgName}@${NODE_VERSION}`], { stdio: 'inherit' });
}

// The executable carries dist/kevtui.mjs, the one-file bundle, as it is.
await import('./bundle.mjs');

const work = resolve('dist/sea');
const out = resolve(`dist/kevtui-linux-${arch}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const config = {
  main: resolve('packaging/sea/main.cjs'),
  output: join(work, 'sea-prep.blob'),
  assets: { 'kevtui.mjs': resolve('dist/kevtui.mjs') },
  disableExperimentalSEAWarning: true,
  // Code cache covers the main script only (a dozen lines here), and rules out import().
  useCodeCache: false,
  useSnapshot: false,
};
writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, 2));
execFileSync(node, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'pipe' });

rmSync(out, { force: true });
copyFileSync(node, out);
chmodSync(out, 0o755);
// postject warns about ELF note sections it does not know; the binary runs all the same.
const warn = console.warn;
console.warn = () => {};
try {
  await inject(out, 'NODE_SEA_BLOB', readFileSync(config.output), { sentinelFuse: FUSE });
} finally {
  console.warn = warn;
}
rmSync(work, { recursive: true, force: true });
console.log(`${out}: ${(statSync(out).size / 1e6).toFixed(1)} MB (Node ${NODE_VERSION})`);
