// The two error shapes kube/ produces: KubeError (one readable line for the user, with a code
// callers can branch on) and ApiStatusError (a Status answer from the API server, kept with
// its HTTP code, reason and Retry-After so the watch loop can decide what to do).
import { sanitize } from '../model/sanitize.js';
import { redact } from './redact.js';

export type KubeErrorCode =
  | 'no-kubeconfig'
  | 'unknown-context'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'exec-plugin'
  | 'bad-kubeconfig'
  | 'server';

export class KubeError extends Error {
  override name = 'KubeError';
  constructor(
    readonly code: KubeErrorCode,
    message: string,
    hint?: string,
  ) {
    super(oneLine(message));
    this.hint = hint === undefined ? undefined : oneLine(hint);
  }
  readonly hint?: string;
}

/** A non-2xx answer from the API server (its Status body, or the text it sent). */
export class ApiStatusError extends Error {
  override name = 'ApiStatusError';
  constructor(
    /** HTTP status code (or the Status `code` of an in-stream ERROR). */
    readonly code: number,
    /** Status `reason` (`Expired`, `Forbidden`, `TooManyRequests`…), '' when the body was not a Status. */
    readonly reason: string,
    message: string,
    readonly url: string,
    readonly retryAfterSeconds?: number,
    /** Status details.causes[].reason values, e.g. ResourceVersionTooLarge. */
    readonly causes: readonly string[] = [],
    /** A 410's metadata.continue: the server's token to finish the list inconsistently. */
    readonly listContinue?: string,
  ) {
    super(oneLine(message));
  }
}

/** Collapses whitespace runs with newlines into `; `, sanitises, redacts secrets and caps the length: errors are one line. */
export function oneLine(s: string, max = 400): string {
  // Server text: newlines become `; `, then the same sanitiser as every other server string.
  // Redacted before the cut, so a cut cannot leave half a password unrecognised.
  const flat = redact(sanitize(s.trim().replace(/\s*[\r\n]+\s*/g, '; '))).trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** What a user should read for an API error: kubectl's wording where it has one. */
export function toKubeError(e: unknown): KubeError {
  if (e instanceof KubeError) return e;
  if (e instanceof ApiStatusError) {
    if (e.code === 401) return new KubeError('unauthorized', `You must be logged in to the server (Unauthorized): ${e.url}`, 'check the credentials of this context');
    if (e.code === 403) return new KubeError('forbidden', `Forbidden: ${e.message}`);
    return new KubeError('server', `${e.reason || e.code}: ${e.message}`);
  }
  return new KubeError('server', e instanceof Error ? e.message : String(e));
}
