// How long to wait before trying again. Full jitter (AWS's "exponential backoff and jitter") so
// that many kevtui instances behind one flaky load balancer do not reconnect in lockstep.

export interface BackoffPolicy {
  /** First retry waits up to this long. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** Delay before retry number `attempt` (1-based): uniform in [0, min(cap, base·2^(attempt-1))]. */
export function fullJitter(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.floor(random() * ceiling);
}

/** After a watch ended cleanly: re-watch soon, but not all clients at the same instant. */
export function rewatchDelay(random: () => number = Math.random): number {
  return 200 + Math.floor(random() * 800);
}

/** A watch's timeoutSeconds, ±10 % so that many watches do not expire together. */
export function jitteredTimeout(seconds: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(seconds * (0.9 + 0.2 * random())));
}
