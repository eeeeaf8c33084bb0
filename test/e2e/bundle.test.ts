// dist/ is the whole program: it runs with no node_modules beside it (resolving client-node's
// ~960 files one by one was most of its start-up), and each mode loads only what it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, ensureBuilt } from './cli.js';

test('dist/ runs from a directory without node_modules, with nothing on stderr but its status', () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-bundle-'));
  try {
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    const r = spawnSync(process.execPath, [join(dir, 'dist/cli.js'), '--once', '--demo', '-A', '-o', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length > 100, `expected the demo's groups, got ${lines.length} lines`);
    assert.equal(typeof JSON.parse(lines[0]!).reason, 'string');
    // No runtime warnings (a bundled dependency requiring a deprecated built-in, say).
    assert.doesNotMatch(r.stderr, /Warning|deprecat/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The files a chunk loads before it runs: its static imports, transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/^(?:import|export)\b[^;]*?from\s*"(\.[^"]+)";?$|^import\s*"(\.[^"]+)";?$/gms)) {
    staticClosure(join(dirname(file), m[1] ?? m[2]!), seen);
  }
  return seen;
}

test('--once and --plain load neither React nor Ink', () => {
  ensureBuilt();
  // dist/cli.js turns the compile cache on and imports the CLI's main chunk, which imports each runner.
  const cli = readFileSync(join(ROOT, 'dist/cli.js'), 'utf8');
  const main = /import\("\.\/(chunks\/main-[^"]+)"\)/.exec(cli)?.[1];
  assert.ok(main, 'dist/cli.js imports the main chunk');
  const plain = /import\("\.\/(plain-[^"]+)"\)/.exec(readFileSync(join(ROOT, 'dist', main), 'utf8'))?.[1];
  assert.ok(plain, 'the plain runner is a chunk of its own');
  const files = staticClosure(join(ROOT, 'dist', 'chunks', plain));
  for (const f of files) {
    const code = readFileSync(f, 'utf8');
    assert.doesNotMatch(code, /react\.transitional\.element|from "(react|ink)"/, `${f} carries React or Ink`);
  }
});
