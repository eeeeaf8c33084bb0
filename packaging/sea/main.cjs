// The main script of the standalone executable (scripts/sea.mjs). Node 24 runs a single
// executable's main script as CommonJS, but kevtui's bundle is ESM with top-level await (Ink,
// yoga-layout), so this script hands the embedded dist/kevtui.mjs to Node's ESM loader through
// a module hook. It is named after the executable's own file URL, the file its code is in: stack
// traces read `file:///…/kevtui:LINE`, and the bundle's createRequire(import.meta.url) works.
'use strict';
const { registerHooks } = require('node:module');
const { getAsset } = require('node:sea');
const { pathToFileURL } = require('node:url');

// V8's compile cache for the bundle (as dist/cli.js turns it on for its chunks): the bundle is
// one module, so it must be on before the bundle is compiled, not from inside it.
if (!process.env.NODE_COMPILE_CACHE) {
  const { homedir } = require('node:os');
  const { join } = require('node:path');
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  if (base) require('node:module').enableCompileCache?.(join(base, 'kevtui', 'compile-cache'));
}

const url = pathToFileURL(process.execPath).href;
registerHooks({
  resolve: (specifier, context, next) => (specifier === url ? { url, format: 'module', shortCircuit: true } : next(specifier, context)),
  load: (u, context, next) => (u === url ? { format: 'module', source: getAsset('kevtui.mjs', 'utf8'), shortCircuit: true } : next(u, context)),
});
import(url).catch((err) => {
  // kevtui reports its own errors; this is only for a bundle that fails to load at all.
  process.stderr.write(`kevtui: cannot start: ${err && err.message ? err.message : String(err)}\n`);
  process.exitCode = 70;
});
