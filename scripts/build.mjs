// Bundles the CLI (and the demo cluster it embeds) into dist/: cli.js plus lazily loaded chunks.
// esbuild rather than tsc: demo/ lives beside src/, and one bundle is the first step towards
// shipping kevtui to bastions without a node_modules tree.
import { build } from 'esbuild';
import { chmod, readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.tsx'],
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // Splitting keeps React, Ink and the demo cluster out of the entry chunk, so cli.js can set
  // NODE_ENV before React loads (React picks its production build at require time, and its
  // development build walks props on every render: measured 2x slower per frame).
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { VERSION: JSON.stringify(pkg.version) },
});
await chmod('dist/cli.js', 0o755);
