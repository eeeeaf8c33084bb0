// Where unexpected errors keep their stack for a bug report: $XDG_STATE_HOME/kevtui/crash.log
// (default ~/.local/state/kevtui/), capped in size with one older generation kept as crash.log.1,
// so a misbehaving session cannot fill a bastion's disk.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const CRASH_LOG_MAX_BYTES = 1024 * 1024;
/** One entry never takes more than this, whatever an error message drags in. */
const ENTRY_MAX_CHARS = 64 * 1024;

export function crashLogPath(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG spec says to ignore a relative XDG_STATE_HOME.
  const state = env.XDG_STATE_HOME !== undefined && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'kevtui', 'crash.log');
}

/** Appends one entry, rotating first if it would pass the cap. Throws when there is nowhere to write. */
export function appendCrashEntry(path: string, text: string, now = new Date(), maxBytes = CRASH_LOG_MAX_BYTES): void {
  const body = text.length > ENTRY_MAX_CHARS ? `${text.slice(0, ENTRY_MAX_CHARS)}… (${text.length - ENTRY_MAX_CHARS} more characters)` : text;
  const entry = `${now.toISOString()} ${body}\n`;
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // No log yet.
  }
  if (size > 0 && size + Buffer.byteLength(entry) > maxBytes) renameSync(path, `${path}.1`);
  appendFileSync(path, entry, { mode: 0o600 });
}
