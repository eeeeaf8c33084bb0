#!/usr/bin/env node
// The entry point. Node ≥ 22.1 keeps V8's compiled code of every chunk imported after this on
// disk, in $XDG_CACHE_HOME/kevtui (else ~/.cache/kevtui; NODE_COMPILE_CACHE=DIR picks another,
// NODE_DISABLE_COMPILE_CACHE=1 turns it off): a second start compiles almost nothing. Hence this
// file imports nothing of kevtui's statically: the cache must be on before the options, the
// config's schema and YAML parser load. Node 20 has no such cache for ES modules.
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

function compileCacheDir(): string | undefined {
  if (process.env.NODE_COMPILE_CACHE) return undefined; // Node's own default reads it
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(base, 'kevtui', 'compile-cache') : undefined;
}

(module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache?.(compileCacheDir());
await import('./main.js');
