// Bundles the CLI (and the demo cluster it embeds) into dist/: cli.js plus lazily loaded chunks.
// esbuild rather than tsc: demo/ lives beside src/, and one bundle is the first step towards
// shipping kevtui to bastions without a node_modules tree.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { shared } from './esbuild-options.mjs';

await rm('dist', { recursive: true, force: true });
await build({
  ...shared,
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // Splitting loads only what the mode needs: --plain never loads React and Ink, a real
  // cluster never loads the demo cluster.
  splitting: true,
  sourcemap: 'linked',
});
await chmod('dist/cli.js', 0o755);
