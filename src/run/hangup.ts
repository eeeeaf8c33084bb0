// The terminal going away (an SSH session drops, a tmux pane is killed) ends kevtui quietly with
// 129, once: every later write fails with EIO, and answering each failure with another write
// (an error line, a crash report) is how one hangup once became 12 MB of stack traces and an abort.
import { closeSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';

export const HANGUP_EXIT_CODE = 129;

/** Errors of a write or read whose other end is gone. */
const GONE = new Set(['EIO', 'EPIPE', 'ENXIO', 'ERR_STREAM_DESTROYED']);

// Read at startup: a hung-up terminal no longer answers isatty(), which is how we tell.
const startTerminals = [0, 1, 2].filter((fd) => isatty(fd));

/** True once a descriptor that was a terminal at startup has stopped being one: it hung up. */
export function terminalHungUp(): boolean {
  return startTerminals.some((fd) => !isatty(fd));
}

let ending = false;

/** Exits now, once; a second caller (the next failing write) changes nothing. */
function end(code: number): void {
  if (ending) return;
  ending = true;
  process.exit(code);
}

/**
 * Makes a dead terminal or a departed reader end the process quietly: 129 when the terminal hung
 * up, 0 when the reader of a pipe left (`kevtui --once | head`). Any other stream error is
 * rethrown, to the crash handler, as before.
 */
export function guardStdio(): void {
  const streams: Array<NodeJS.ReadStream | NodeJS.WriteStream> = [process.stdout, process.stderr];
  // Only a terminal's stdin ends by hanging up; anything else is left unread and untouched.
  const stdinIsTerminal = startTerminals.includes(0);
  if (stdinIsTerminal) streams.push(process.stdin);
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (ending) return;
      if (terminalHungUp()) return end(HANGUP_EXIT_CODE);
      if (GONE.has(err.code ?? '') && stream.isTTY !== true) return end(0);
      throw err;
    });
  }
  if (stdinIsTerminal) {
    process.stdin.on('end', () => {
      if (terminalHungUp()) end(HANGUP_EXIT_CODE);
    });
  }
  process.on('exit', detachHungUpTerminal);
}

/**
 * On exit Node restores the terminal mode of descriptors 0-2 and aborts (SIGABRT, or worse) when
 * that fails, as it does on a hung-up terminal. Pointing those descriptors at /dev/null makes it
 * skip them; the streams write through libuv's own reopened descriptors, so nothing else changes.
 */
function detachHungUpTerminal(): void {
  for (const fd of startTerminals) {
    if (isatty(fd)) continue;
    try {
      closeSync(fd);
      const got = openSync('/dev/null', fd === 0 ? 'r' : 'w');
      if (got !== fd) closeSync(got);
    } catch {
      // Nothing more to do on the way out.
    }
  }
}
