// Finding and reading config.yaml, and handing its text to the check (check.ts). A file that
// cannot be used is one line naming the file, the line and the problem; the caller then runs with
// the built-in defaults.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { SeverityRule } from '../model/severity.js';
import type { ConfigFile } from './schema.js';

export interface LoadedConfig {
  /** The file read, or the one that would be (and that `:view save` writes). */
  readonly path: string;
  /** Named with --config (a missing file is then an error, not "no config"). */
  readonly explicit: boolean;
  readonly state: 'loaded' | 'absent' | 'invalid';
  /** The settings; empty unless loaded. */
  readonly file: ConfigFile;
  /** `FILE:LINE: what is wrong`, when invalid. */
  readonly problem?: string;
  /** The file's severity rules, compiled. */
  readonly rules: readonly SeverityRule[];
}

/** `$XDG_CONFIG_HOME/kevtui/config.yaml`, else `~/.config/kevtui/config.yaml` (XDG: a relative value is ignored). */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'kevtui', 'config.yaml');
}

// The check (YAML and zod) is most of a Node 20 start's parsing before the first frame, and most
// starts have no file: it loads only once there is one. loadConfig is synchronous (parseOptions
// is), so finding a file before the check is loaded, it asks for it (ConfigCheckNeeded) and the
// caller loads it and asks again; tests load it up front.
let check: typeof import('./check.js').parseConfig | undefined;

/** A config file is there to be checked, and the check is not loaded yet: `await loadConfigCheck()`, then call again. */
export class ConfigCheckNeeded extends Error {
  constructor(readonly path: string) {
    super(`${path}: the config check is not loaded (await loadConfigCheck() first)`);
  }
}

export async function loadConfigCheck(): Promise<void> {
  check ??= (await import('./check.js')).parseConfig;
}

/**
 * Reads the config: `explicitPath` (--config) or the default path. Never throws, but
 * ConfigCheckNeeded when a file is there and loadConfigCheck() has not run.
 */
export function loadConfig(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = explicitPath ?? defaultConfigPath(env);
  const explicit = explicitPath !== undefined;
  const none = { path, explicit, file: {}, rules: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ...none, state: 'absent' };
    return { ...none, state: 'invalid', problem: `${path}: cannot read it (${code ?? (e as Error).message})` };
  }
  if (check === undefined) throw new ConfigCheckNeeded(path);
  const parsed = check(text, path);
  if ('problem' in parsed) return { ...none, state: 'invalid', problem: parsed.problem };
  return { path, explicit, state: 'loaded', file: parsed.file, rules: parsed.rules };
}

/** No file at all (the demo server, tests). */
export function noConfig(path = defaultConfigPath()): LoadedConfig {
  return { path, explicit: false, state: 'absent', file: {}, rules: [] };
}
