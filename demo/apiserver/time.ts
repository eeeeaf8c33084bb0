// Kubernetes time formats: metav1.Time is RFC 3339 in whole seconds, metav1.MicroTime has
// six fractional digits; both print "null" when zero. HumanDuration is kubectl's age format.

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

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration, given milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** printers.translateTimestampSince: `<unknown>` for a missing time. */
export function since(ts: string | null | undefined, now: number): string {
  const d = parseTime(ts ?? undefined);
  return d ? humanDuration(now - d.getTime()) : '<unknown>';
}
