// The incident summary: top reasons, namespaces, objects and components by count and by recent
// rate, Warning vs Normal totals, and what is new. One pass over the groups, computed when the
// summary is opened or refreshed (≤ once a second), never per frame. Pure: no I/O, no React.
import type { EventGroup } from './aggregate.js';

export const RATE_WINDOW_MS = 5 * 60_000;
export const NEW_WINDOW_MS = 10 * 60_000;
export const SUMMARY_TOP = 10;

/** What the rate column means, in one line (shown on screen and in --summary). */
export const RATE_MEANING = 'events/min over the last 5 min (a count first seen in one update is spread evenly from first to last seen)';

export type Dimension = 'reason' | 'namespace' | 'object' | 'component';
export const DIMENSIONS: readonly Dimension[] = ['reason', 'namespace', 'object', 'component'];

export interface SummaryRow {
  /** Reason, namespace, `Kind/name` or component as stated ('' when the events leave it empty). */
  label: string;
  /** The object's namespace (object rows only; '' for cluster-scoped objects). */
  namespace?: string;
  events: number;
  groups: number;
  /** Estimated events per minute over the last RATE_WINDOW_MS. */
  perMinute: number;
  /** A filter query that shows this row's groups; undefined when the label is empty. */
  filter: string | undefined;
}

export interface DimensionSummary {
  byCount: SummaryRow[];
  /** Only rows with a rate above zero. */
  byRate: SummaryRow[];
  /** How many distinct values there are in all. */
  distinct: number;
}

export interface TypeTotal {
  /** The event's Kubernetes `type` as the server said it (Warning, Normal, or anything else). */
  type: string;
  groups: number;
  events: number;
}

export interface NewRow {
  namespace: string;
  object: string;
  reason: string;
  events: number;
  firstSeen: number;
  filter: string | undefined;
}

export interface Summary {
  /** The clock the windows were measured against. */
  at: number;
  dimensions: Record<Dimension, DimensionSummary>;
  /** Warning first, then Normal (both always present), then other types by events. */
  types: TypeTotal[];
  /** Groups first seen within NEW_WINDOW_MS, most events first. */
  fresh: NewRow[];
  freshGroups: number;
  groups: number;
  events: number;
  perMinute: number;
}

interface Acc {
  label: string;
  namespace?: string;
  events: number;
  groups: number;
  recent: number;
  filter: string | undefined;
}

/**
 * Occurrences of `g` estimated to fall within [now - windowMs, now]. The store keeps a short ring
 * of updates (each: the event's lastSeen and how much its count grew). An update that added k > 1
 * occurred somewhere between the previous update (or the group's firstSeen, when the ring still
 * holds the group's first update) and its own time: the k are spread evenly over that span. So a
 * 50-count event first listed now but first seen an hour ago contributes ~4, not 50.
 */
export function recentOccurrences(g: EventGroup, now: number, windowMs: number): number {
  const from = now - windowMs;
  const ring = g.recent;
  if (ring.length === 0 || !(g.lastSeen >= from)) return 0;
  let kept = 0;
  for (const o of ring) kept += o.delta;
  // The ring still starts at the group's first update only if it accounts for its whole count.
  let prev = kept >= g.count ? g.firstSeen : NaN;
  let sum = 0;
  for (const o of ring) {
    const at = o.at;
    if (at !== at) continue; // no usable time: cannot be placed in the window
    const start = prev < at ? prev : at; // NaN prev → at
    if (at >= from) sum += start >= from || at === start ? o.delta : (o.delta * (at - from)) / (at - start);
    if (!(prev >= at)) prev = at;
  }
  return sum;
}

/** A field token for the filter bar (store/query.ts), quoted when the value needs it. */
export function filterToken(field: 'reason' | 'ns' | 'obj' | 'comp', value: string): string | undefined {
  if (value === '') return undefined;
  return /[\s"\\]/.test(value) ? `${field}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `${field}:${value}`;
}

const objectLabel = (g: EventGroup): string => `${g.object.kind}/${g.object.name}`;

function objectFilter(g: EventGroup): string | undefined {
  const obj = filterToken('obj', objectLabel(g));
  const ns = filterToken('ns', g.object.namespace);
  return obj === undefined ? undefined : ns === undefined ? obj : `${ns} ${obj}`;
}

/** Counts `g` into `map[key]`; false when there is no entry yet (the caller creates it). */
function bump(map: Map<string, Acc>, key: string, g: EventGroup, recent: number): boolean {
  const a = map.get(key);
  if (a === undefined) return false;
  a.events += g.count;
  a.groups++;
  a.recent += recent;
  return true;
}

function first(label: string, filter: string | undefined, g: EventGroup, recent: number, namespace?: string): Acc {
  return { label, ...(namespace !== undefined ? { namespace } : {}), filter, events: g.count, groups: 1, recent };
}

const byLabel = (a: Acc, b: Acc) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

function rows(accs: Acc[], top: number): DimensionSummary {
  const toRow = (a: Acc): SummaryRow => ({
    label: a.label,
    ...(a.namespace !== undefined ? { namespace: a.namespace } : {}),
    events: a.events,
    groups: a.groups,
    perMinute: (a.recent * 60_000) / RATE_WINDOW_MS,
    filter: a.filter,
  });
  const byCount = topBy(accs, top, (a, b) => b.events - a.events || b.groups - a.groups || byLabel(a, b));
  const byRate = topBy(accs.filter((a) => a.recent > 1e-9), top, (a, b) => b.recent - a.recent || b.events - a.events || byLabel(a, b));
  return { byCount: byCount.map(toRow), byRate: byRate.map(toRow), distinct: accs.length };
}

/** The first `top` by `cmp` without sorting everything (objects can be 50,000 distinct). */
function topBy<T>(items: T[], top: number, cmp: (a: T, b: T) => number): T[] {
  if (items.length <= top * 4) return items.slice().sort(cmp).slice(0, top);
  const out: T[] = [];
  for (const x of items) {
    if (out.length === top && cmp(x, out[top - 1]!) >= 0) continue;
    let i = out.length;
    while (i > 0 && cmp(x, out[i - 1]!) < 0) i--;
    out.splice(i, 0, x);
    if (out.length > top) out.pop();
  }
  return out;
}

export function summarize(groups: Iterable<EventGroup>, now: number, top = SUMMARY_TOP): Summary {
  const maps: Record<Exclude<Dimension, 'object'>, Map<string, Acc>> = { reason: new Map(), namespace: new Map(), component: new Map() };
  const objects = new Map<string, Map<string, Map<string, Acc>>>();
  const types = new Map<string, TypeTotal>([['Warning', { type: 'Warning', groups: 0, events: 0 }], ['Normal', { type: 'Normal', groups: 0, events: 0 }]]);
  const freshFrom = now - NEW_WINDOW_MS;
  const fresh: EventGroup[] = [];
  let total = 0;
  let events = 0;
  let recentAll = 0;
  for (const g of groups) {
    total++;
    events += g.count;
    const recent = recentOccurrences(g, now, RATE_WINDOW_MS);
    recentAll += recent;
    const { reason, namespace, component, object: o } = g;
    if (!bump(maps.reason, reason, g, recent)) maps.reason.set(reason, first(reason, filterToken('reason', reason), g, recent));
    if (!bump(maps.namespace, namespace, g, recent)) maps.namespace.set(namespace, first(namespace, filterToken('ns', namespace), g, recent));
    if (!bump(maps.component, component, g, recent)) maps.component.set(component, first(component, filterToken('comp', component), g, recent));
    // Objects are keyed kind → namespace → name: no key string built per group (that measured
    // 20× slower at 50,000 groups, mostly garbage).
    let byNs = objects.get(o.kind);
    if (byNs === undefined) objects.set(o.kind, (byNs = new Map()));
    let byName = byNs.get(o.namespace);
    if (byName === undefined) byNs.set(o.namespace, (byName = new Map()));
    if (!bump(byName, o.name, g, recent)) byName.set(o.name, first(objectLabel(g), objectFilter(g), g, recent, o.namespace));
    let t = types.get(g.type);
    if (t === undefined) types.set(g.type, (t = { type: g.type, groups: 0, events: 0 }));
    t.groups++;
    t.events += g.count;
    if (g.firstSeen >= freshFrom) fresh.push(g);
  }
  const dimensions = {} as Record<Dimension, DimensionSummary>;
  for (const d of DIMENSIONS) {
    dimensions[d] = rows(d === 'object' ? [...objects.values()].flatMap((ns) => [...ns.values()].flatMap((names) => [...names.values()])) : [...maps[d].values()], top);
  }
  const [warning, normal, ...others] = [...types.values()];
  others.sort((a, b) => b.events - a.events || (a.type < b.type ? -1 : 1));
  const freshTop = topBy(fresh, top, (a, b) => b.count - a.count || b.firstSeen - a.firstSeen || (a.key < b.key ? -1 : 1));
  return {
    at: now,
    dimensions,
    types: [warning!, normal!, ...others],
    fresh: freshTop.map((g) => ({
      namespace: g.namespace,
      object: objectLabel(g),
      reason: g.reason,
      events: g.count,
      firstSeen: g.firstSeen,
      filter: [objectFilter(g), filterToken('reason', g.reason)].filter((s) => s !== undefined).join(' ') || undefined,
    })),
    freshGroups: fresh.length,
    groups: total,
    events,
    perMinute: (recentAll * 60_000) / RATE_WINDOW_MS,
  };
}

/** A rate for people: one decimal below 10, whole numbers above. */
export function formatRate(perMinute: number): string {
  if (perMinute <= 0) return '0';
  if (perMinute < 0.05) return '<0.1';
  return perMinute < 10 ? perMinute.toFixed(1) : String(Math.round(perMinute));
}
