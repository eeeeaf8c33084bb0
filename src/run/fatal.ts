// The last line of defence: one readable line on stderr, never a stack trace. Unexpected errors
// keep their stack in the crash log so a bug report can include it. Only the first fatal error
// of a process is reported: what follows it (a failure loop, the same error seen again on the way
// out) would only bury it.
import { KubeError } from '../kube/errors.js';
import { sanitize } from '../model/sanitize.js';
import { redact } from '../kube/redact.js';
import { appendCrashEntry, crashLogPath } from './crash-log.js';
import { HANGUP_EXIT_CODE, terminalHungUp } from './hangup.js';

let firstCode: number | undefined;

/** Writes the error as one line (the first time) and returns the exit code to use. */
export function reportFatal(err: unknown): number {
  // Nobody is left to read a line, and a failing write is no bug of ours.
  if (terminalHungUp()) return HANGUP_EXIT_CODE;
  if (firstCode !== undefined) return firstCode;
  if (err instanceof KubeError) {
    process.stderr.write(`kevtui: ${redact(sanitize(err.message))}${err.hint ? ` (${redact(sanitize(err.hint))})` : ''}\n`);
    return (firstCode = 1);
  }
  const log = crashLogPath();
  let where = ` (details in ${log})`;
  try {
    // A crash log is attached to bug reports: no token or password may ride along.
    appendCrashEntry(log, redact(err instanceof Error ? (err.stack ?? err.message) : String(err)));
  } catch {
    where = '';
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`kevtui: internal error: ${redact(sanitize(message).split(' ⏎ ')[0] ?? '')}${where}\n`);
  return (firstCode = 70);
}

/** Outside the full screen: an uncaught error prints its one line and ends the process. */
export function exitOnCrash(): void {
  const crash = (err: unknown) => process.exit(reportFatal(err));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
