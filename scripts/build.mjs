// Bundles the CLI (and the demo cluster it embeds) into dist/cli.js.
// esbuild rather than tsc: demo/ lives beside src/, and one bundle is the first step
// towards shipping kevtui to bastions without a node_modules tree.
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));

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
  define: { VERSION: JSON.stringify(pkg.version) },
});
await chmod('dist/cli.js', 0o755);
