// The last line of defence: one readable line on stderr, never a stack trace.
// Unexpected errors keep their stack in a log file so a bug report can include it.
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeError } from '../kube/errors.js';
import { sanitize } from '../model/sanitize.js';

/** Writes the error as one line and returns the exit code to use. */
export function reportFatal(err: unknown): number {
  if (err instanceof KubeError) {
    process.stderr.write(`kevtui: ${sanitize(err.message)}${err.hint ? ` (${sanitize(err.hint)})` : ''}\n`);
    return 1;
  }
  const log = join(tmpdir(), 'kevtui-crash.log');
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  try {
    appendFileSync(log, `${new Date().toISOString()} ${text}\n`);
  } catch {
    // Nowhere to write: the one line below is all the user gets.
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`kevtui: internal error: ${sanitize(message).split(' ⏎ ')[0]} (details in ${log})\n`);
  return 70;
}
