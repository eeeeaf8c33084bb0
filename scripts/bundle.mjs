// One file, dist/kevtui.mjs: the whole CLI with every dependency, for copying to a machine that
// has Node but no npm access (`scp dist/kevtui.mjs bastion: && node kevtui.mjs`). dist/cli.js is
// split into chunks for cold start; this build is not split, so it stays one file (its lazy
// imports become lazily run functions inside it).
import { build } from 'esbuild';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { shared } from './esbuild-options.mjs';

const out = 'dist/kevtui.mjs';
await mkdir('dist', { recursive: true });
await build({
  ...shared,
  outfile: out,
  // Not split, so not minified either: like dist/cli.js, a crash log's stack stays readable.
  splitting: false,
});
await chmod(out, 0o755);
console.log(`${out}: ${((await stat(out)).size / 1e6).toFixed(2)} MB`);
