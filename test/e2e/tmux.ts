// Drives a program in a real terminal: tmux with send-keys and capture-pane, as a user sees it.
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export class Terminal {
  private constructor(readonly session: string) {}

  /**
   * tmux arguments for this terminal's own server: test files run in parallel, and on a shared
   * server closing the last session races with the next file's new-session ("server exited
   * unexpectedly"). No user config either.
   */
  tmuxArgs(...args: string[]): string[] {
    return ['-L', this.session, '-f', '/dev/null', ...args];
  }

  /** Starts `command` (a shell command line) in a detached tmux session of the given size. */
  static start(command: string, opts: { cwd: string; columns?: number; rows?: number }): Terminal {
    const session = `kevtui-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    execFileSync('tmux', ['-L', session, '-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', String(opts.columns ?? 120), '-y', String(opts.rows ?? 40), '-c', opts.cwd, command]);
    return new Terminal(session);
  }

  screen(): string {
    return execFileSync('tmux', this.tmuxArgs('capture-pane', '-p', '-t', this.session), { encoding: 'utf8' });
  }

  keys(...k: string[]): void {
    execFileSync('tmux', this.tmuxArgs('send-keys', '-t', this.session, ...k));
  }

  /** Types text literally (no key names). */
  type(text: string): void {
    execFileSync('tmux', this.tmuxArgs('send-keys', '-t', this.session, '-l', text));
  }

  async until(what: string, cond: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (cond(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  close(): void {
    spawnSync('tmux', this.tmuxArgs('kill-server'));
  }
}

/** Table rows as kevtui draws them: gutter (`x`: expired), then an age such as `10s` or `3m20s`. */
export const tableRows = (screen: string) => screen.split('\n').filter((l) => /^[ >][ +*x] +\d+[smhdy]/.test(l));

/** The table's header line (`LAST S TYPE …`), or '' when none is on the screen. */
export const headerLine = (screen: string) => screen.split('\n').find((l) => /^ +LAST( SEEN)? .*\bTYPE\b/.test(l)) ?? '';

/** The column titles of the header, left to right. */
export const columnTitles = (screen: string) => headerLine(screen).replace('LAST SEEN', 'LAST_SEEN').trim().split(/ +/);

/**
 * The text of a left-aligned column in one table row, read by the header's positions (the column
 * starts where its title starts and ends where the next title starts), so a test does not depend
 * on which optional columns (COMPONENT, NAMESPACE) the layout chose for this data. A right-aligned
 * column's value (#) may reach back under the previous title: take the first word where that matters.
 */
export function cellOf(screen: string, row: string, title: string): string | undefined {
  const header = headerLine(screen);
  const at = header.search(new RegExp(`\\b${title}\\b`));
  if (at < 0) return undefined;
  const after = at + title.length;
  const next = header.slice(after).search(/\S/);
  const end = next < 0 ? row.length : after + next;
  return row.slice(at, end).trim();
}
