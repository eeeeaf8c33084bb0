// core/v1 and events.k8s.io/v1 Event objects → the one KubeEvent shape, with kubectl's rules for
// times and counts. Tolerant: the server (or a proxy, or a hostile client that may create events)
// can send anything; every field falls back to '' / NaN / 1 instead of throwing. This runs for
// every listed and watched event (100k at an initial sync), so it reads only the fields it keeps
// and avoids needless allocation.
import type { ApiGroup, KubeEvent, ObjectRef } from './event.js';
import { NEWLINE_MARKER, sanitize, sanitizeDeep } from './sanitize.js';
import { intern } from './intern.js';
import { jsonBytes } from './size.js';

type Rec = Record<string, unknown>;
const EMPTY: Rec = Object.freeze({}) as Rec;

function rec(v: unknown): Rec | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined;
}

/**
 * A KubeEvent, or undefined when `raw` is not a JSON object at all. Both spellings of each field
 * are accepted whichever group is named (the group only decides which one wins), so a mislabelled
 * object still normalises.
 */
export function normalize(raw: unknown, apiGroup: ApiGroup): KubeEvent | undefined {
  const o = rec(raw);
  if (o === undefined) return undefined;
  const events = apiGroup === 'events';
  const meta = rec(o.metadata) ?? EMPTY;
  const series = rec(o.series);

  const namespace = short(meta.namespace);
  const name = text(meta.name);
  const source = rec(events ? (o.deprecatedSource ?? o.source) : (o.source ?? o.deprecatedSource)) ?? EMPTY;
  const relatedRaw = rec(o.related);

  const firstTs = events ? (o.deprecatedFirstTimestamp ?? o.firstTimestamp) : (o.firstTimestamp ?? o.deprecatedFirstTimestamp);
  const lastTs = events ? (o.deprecatedLastTimestamp ?? o.lastTimestamp) : (o.lastTimestamp ?? o.deprecatedLastTimestamp);
  let firstSeen = parseTime(firstTs);
  if (firstSeen !== firstSeen) firstSeen = parseTime(o.eventTime);
  if (firstSeen !== firstSeen) firstSeen = parseTime(meta.creationTimestamp);
  let lastSeen = series === undefined ? NaN : parseTime(series.lastObservedTime);
  if (lastSeen !== lastSeen) lastSeen = parseTime(lastTs);
  if (lastSeen !== lastSeen) lastSeen = parseTime(o.eventTime);
  if (lastSeen !== lastSeen) lastSeen = firstSeen;

  const legacyCount = events ? (o.deprecatedCount ?? o.count) : (o.count ?? o.deprecatedCount);
  // kubectl: series.count, else count, 0 reads as 1. (A series without a usable count falls back
  // to the legacy count rather than straight to 1.)
  const count = (series === undefined ? 0 : toCount(series.count)) || toCount(legacyCount) || 1;

  return new NormalizedEvent(
    text(meta.uid) || namespace + '/' + name,
    namespace,
    name,
    text(meta.resourceVersion),
    objectRef(events ? (o.regarding ?? o.involvedObject) : (o.involvedObject ?? o.regarding)),
    relatedRaw === undefined ? undefined : objectRef(relatedRaw),
    short(o.reason),
    trimMessage(text(events ? (o.note ?? o.message) : (o.message ?? o.note))),
    short(o.type),
    short(events ? (o.reportingController ?? o.reportingComponent) : (o.reportingComponent ?? o.reportingController)) || short(source.component),
    short(o.reportingInstance) || short(source.host),
    short(o.action),
    count,
    firstSeen,
    lastSeen,
    apiGroup,
    withoutManagedFields(o),
  );
}

/**
 * The fields kevtui reads are sanitised here, one string each; the raw object (the detail view's
 * YAML) when it is read: sanitising all of it up front was a third of normalising 100k events at
 * an initial sync, for the one object a person opens. Copy-on-write, so reading a clean object
 * again allocates nothing; treat it as immutable.
 */
class NormalizedEvent implements KubeEvent {
  #raw: Rec;
  constructor(
    public uid: string,
    public namespace: string,
    public name: string,
    public resourceVersion: string,
    public object: ObjectRef,
    public related: ObjectRef | undefined,
    public reason: string,
    public message: string,
    public type: string,
    public component: string,
    public instance: string,
    public action: string,
    public count: number,
    public firstSeen: number,
    public lastSeen: number,
    public apiGroup: ApiGroup,
    raw: Rec,
    public cluster = '',
  ) {
    this.#raw = raw;
  }

  get raw(): Rec {
    return sanitizeDeep(this.#raw) as Rec;
  }

  get rawBytes(): number {
    return jsonBytes(this.#raw);
  }

  forgetRaw(): void {
    this.#raw = EMPTY;
  }
}

/** A field as sanitised text: strings cleaned, numbers/booleans spelt out, anything else ''. */
const text = sanitize;

/** The same, for the short texts that repeat across events: one shared copy (model/intern). */
function short(v: unknown): string {
  return intern(sanitize(v));
}

function objectRef(v: unknown): ObjectRef {
  const r = rec(v) ?? EMPTY;
  return {
    kind: short(r.kind),
    namespace: short(r.namespace),
    name: short(r.name),
    apiVersion: short(r.apiVersion),
    uid: text(r.uid),
    fieldPath: short(r.fieldPath),
  };
}

// kubectl trims the message; a trailing newline would otherwise show as a stray marker.
const EDGE_BREAKS = new RegExp(`^(?:\\s|${NEWLINE_MARKER.trim()})+|(?:\\s|${NEWLINE_MARKER.trim()})+$`, 'g');

function trimMessage(m: string): string {
  if (m === '') return m;
  const a = m.charCodeAt(0);
  const z = m.charCodeAt(m.length - 1);
  return a > 0x20 && z > 0x20 && a !== 0x23ce && z !== 0x23ce ? m : m.replace(EDGE_BREAKS, '');
}

/** A count ≥ 1 from a number or numeric string; 0 when absent, zero, negative or not a number. */
function toCount(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  if (!(n >= 1)) return 0;
  return n < Number.MAX_SAFE_INTEGER ? Math.floor(n) : Number.MAX_SAFE_INTEGER;
}

// managedFields are server bookkeeping (often the largest part of an event) that nobody reads in an
// event monitor; kubectl hides them too. Dropping them keeps the stored latest events small.
function withoutManagedFields(o: Rec): Rec {
  const meta = rec(o.metadata);
  if (meta?.managedFields === undefined) return o;
  const { managedFields: _, ...rest } = meta;
  return { ...o, metadata: rest };
}

const D0 = 48;

/**
 * Epoch ms of an RFC 3339 time (Time `2024-05-01T10:00:00Z` or MicroTime `…00.123456Z`); NaN when
 * absent or unparseable. The canonical UTC form the API server writes is parsed by hand (several
 * times faster than Date.parse); anything else (offsets, odd spacing) falls back to Date.parse.
 */
export function parseTime(v: unknown): number {
  if (typeof v !== 'string' || v === '') return NaN;
  const n = v.length;
  if (
    n >= 20 &&
    v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45 && (v.charCodeAt(10) | 32) === 116 &&
    v.charCodeAt(13) === 58 && v.charCodeAt(16) === 58 && (v.charCodeAt(n - 1) | 32) === 122
  ) {
    const y = d4(v, 0);
    const mo = d2(v, 5);
    const d = d2(v, 8);
    const h = d2(v, 11);
    const mi = d2(v, 14);
    const s = d2(v, 17);
    let ms = 0;
    // Years before 100 are nonsense here, and 0001-01-01 is Go's zero time ("unset").
    let ok = y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 60;
    if (ok && n > 20) {
      // ".f…fZ": a dot and 1-9 digits, of which the first three are milliseconds.
      ok = v.charCodeAt(19) === 46 && n >= 22 && n <= 30;
      for (let i = 20, scale = 100; ok && i < n - 1; i++, scale /= 10) {
        const c = v.charCodeAt(i) - D0;
        if (c < 0 || c > 9) ok = false;
        else if (scale >= 1) ms += c * scale;
      }
    }
    return ok && d <= daysInMonth(y, mo) ? Date.UTC(y, mo - 1, d, h, mi, s, ms) : NaN;
  }
  // Date.parse alone is far too lenient ("1" is the year 2001), so only RFC 3339 shapes reach it.
  if (!RFC3339.test(v)) return NaN;
  const t = Date.parse(v.replace(' ', 'T'));
  return t > YEAR_100 ? t : NaN;
}

const YEAR_100 = -59_011_459_200_000; // 0100-01-01T00:00:00Z
const RFC3339 = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:[Zz]|[+-]\d\d:\d\d)$/;

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

function d2(v: string, i: number): number {
  const a = v.charCodeAt(i) - D0;
  const b = v.charCodeAt(i + 1) - D0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function d4(v: string, i: number): number {
  const a = d2(v, i);
  const b = d2(v, i + 2);
  return a >= 0 && b >= 0 ? a * 100 + b : -1;
}
