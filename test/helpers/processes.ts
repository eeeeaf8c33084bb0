// Is a process still there? Linux /proc: a zombie (exited, not yet reaped) counts as gone.
import { readFileSync } from 'node:fs';

export function alive(pid: number): boolean {
  try {
    // `pid (comm) S ...`: the state follows the last `)` (comm may contain anything).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Polls `cond` every 50 ms; a generous limit, as a hang guard, not a timing assertion. */
export async function waitUntil(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`gave up after ${limitMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
