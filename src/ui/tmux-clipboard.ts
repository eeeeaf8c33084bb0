// Asks the tmux we run in how it treats OSC 52 (the one thing environment variables cannot
// tell): `set-clipboard` and `allow-passthrough`. Once, at start, in the background: a copy
// before the answer is sent plain.
import { execFile } from 'node:child_process';
import type { TmuxClipboard } from './osc52.js';

function show(option: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('tmux', ['show-options', '-gv', option], { timeout: timeoutMs, encoding: 'utf8' }, (err, out) => resolve(err ? undefined : out.trim()));
  });
}

/** tmux's settings, or undefined outside tmux or when tmux does not answer within timeoutMs. */
export async function detectTmuxClipboard(env: NodeJS.ProcessEnv = process.env, timeoutMs = 1000): Promise<TmuxClipboard | undefined> {
  if ((env.TMUX ?? '') === '') return undefined;
  const [setClipboard, allowPassthrough] = await Promise.all([show('set-clipboard', timeoutMs), show('allow-passthrough', timeoutMs)]);
  if (setClipboard === undefined) return undefined;
  return { setClipboard, allowPassthrough: allowPassthrough ?? 'off' };
}
