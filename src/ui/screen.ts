// The terminal's full-screen state: alternate buffer, hidden cursor, no line wrap. Whatever ends
// the program (q, Ctrl-C, SIGTERM, SIGHUP, a crash) must put the terminal back exactly once,
// before any last words are printed, or the user's shell is left in the alternate buffer.

export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';
export const WRAP_OFF = '\x1b[?7l';
export const WRAP_ON = '\x1b[?7h';

/** Written on entry: alternate buffer, home, cursor hidden, no autowrap. */
export const ENTER_SEQUENCE = ENTER_ALT_SCREEN + '\x1b[H' + HIDE_CURSOR + WRAP_OFF;
/** Written on exit: everything undone in reverse order. */
export const LEAVE_SEQUENCE = WRAP_ON + SHOW_CURSOR + LEAVE_ALT_SCREEN;

interface Writable {
  write(s: string): unknown;
}

interface TtyInput {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

/** The part of `process` the guard uses (a fake in tests). */
export interface ProcessLike {
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  off(event: string, fn: (...args: unknown[]) => void): unknown;
}

export type ExitReason =
  | { kind: 'signal'; signal: 'SIGTERM' | 'SIGHUP' | 'SIGINT' }
  | { kind: 'error'; error: unknown };

export class Screen {
  private active = false;

  constructor(
    private readonly out: Writable,
    private readonly input?: TtyInput,
  ) {}

  get isActive(): boolean {
    return this.active;
  }

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.out.write(ENTER_SEQUENCE);
  }

  /** Idempotent: safe to call from every exit path. */
  leave(): void {
    if (!this.active) return;
    this.active = false;
    try {
      if (this.input?.isTTY === true) this.input.setRawMode?.(false);
    } catch {
      // stdin already closed: nothing to restore there.
    }
    this.out.write(LEAVE_SEQUENCE);
  }
}

/**
 * On signals and crashes hands the reason to `onExit`, which should stop drawing, call
 * `screen.leave()` and then print (in that order: a last frame drawn after leaving would land in
 * the user's shell). The screen is restored even if `onExit` throws or forgets. `onExit` runs
 * once; later signals and crashes are absorbed. Returns the function that removes the handlers.
 */
export function guardExit(screen: Screen, onExit: (reason: ExitReason) => void, proc: ProcessLike = process): () => void {
  const handlers: Array<[string, (...args: unknown[]) => void]> = [];
  const add = (event: string, fn: (...args: unknown[]) => void) => {
    handlers.push([event, fn]);
    proc.on(event, fn);
  };
  // The first reason is the one handled: a signal or a crash during the way out (a failing
  // write, a render loop) must not start it again, or report again.
  let exiting = false;
  const run = (reason: ExitReason) => {
    if (exiting) return;
    exiting = true;
    try {
      onExit(reason);
    } finally {
      screen.leave();
    }
  };
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    add(signal, () => run({ kind: 'signal', signal }));
  }
  const crash = (error: unknown) => run({ kind: 'error', error });
  add('uncaughtException', crash);
  add('unhandledRejection', crash);
  // Last resort: a synchronous process.exit() elsewhere still restores the terminal.
  add('exit', () => screen.leave());
  return () => {
    for (const [event, fn] of handlers) proc.off(event, fn);
  };
}

/** Exit codes by convention: 128 + signal number. */
export function signalExitCode(signal: 'SIGTERM' | 'SIGHUP' | 'SIGINT'): number {
  return signal === 'SIGHUP' ? 129 : signal === 'SIGINT' ? 130 : 143;
}
