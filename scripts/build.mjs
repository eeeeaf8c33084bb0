// Bundles the CLI (and the demo cluster it embeds) into dist/cli.js.
// esbuild rather than tsc: demo/ lives beside src/, and one bundle is the first step
// towards shipping kevtui to bastions without a node_modules tree.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

await build({
  entryPoints: ['src/cli.tsx'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
