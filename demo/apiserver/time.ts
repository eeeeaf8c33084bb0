// Kubernetes time formats: metav1.Time is RFC 3339 in whole seconds, metav1.MicroTime has
// six fractional digits; both print "null" when zero. HumanDuration is kubectl's age format.

import { humanDuration } from '../../src/model/duration.js';

/** metav1.Time: `2024-05-01T10:00:00Z`. */
export function formatTime(d: Date): string {
  return d.toISOString().slice(0, 19) + 'Z';
}

/** metav1.MicroTime: `2024-05-01T10:00:00.123000Z` (JS dates carry milliseconds only). */
export function formatMicroTime(d: Date): string {
  return d.toISOString().slice(0, 23) + '000Z';
}

/** Normalise an incoming timestamp to metav1.Time; empty/zero/unparsable → null. */
const CANON_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const CANON_MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

export function normTime(v: unknown): string | null {
  // Already canonical (the common case on rewrites): skip the Date round trip.
  if (typeof v === 'string' && CANON_TIME.test(v) && !v.startsWith('0001-')) return v;
  const d = parseTime(v);
  return d ? formatTime(d) : null;
}

export function normMicroTime(v: unknown): string | null {
  if (typeof v === 'string' && CANON_MICRO.test(v) && !v.startsWith('0001-')) return v;
  const d = parseTime(v);
  return d ? formatMicroTime(d) : null;
}

export function parseTime(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  // Go's zero time serialised by some clients.
  if (v.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

// kubectl's HumanDuration: the same code kevtui prints ages with.
export { humanDuration };

/** printers.translateTimestampSince: `<unknown>` for a missing time. */
export function since(ts: string | null | undefined, now: number): string {
  const d = parseTime(ts ?? undefined);
  return d ? humanDuration(now - d.getTime()) : '<unknown>';
}
