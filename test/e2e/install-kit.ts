// The install tests build and pack in a copy of the project, so that rebuilding dist/ (npm
// pack's prepack, the bundle, the executable) never pulls files from under the other e2e tests,
// which run the project's own dist/cli.js at the same time.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

const SKIP = new Set(['node_modules', 'dist', 'test', 'bench', '.git']);

/** A fresh temp directory holding `project/` (the sources, node_modules linked). */
export function copyProject(prefix: string): { dir: string; project: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const project = join(dir, 'project');
  cpSync(ROOT, project, { recursive: true, filter: (src) => !SKIP.has(src.slice(ROOT.length).split('/')[0]!) });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  return { dir, project };
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000 });
}

/** The environment without npm's own variables (a test started by `npm test` inherits them). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}
