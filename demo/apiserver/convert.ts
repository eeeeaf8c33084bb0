// core/v1 ⇄ events.k8s.io/v1 (kubernetes pkg/apis/events/v1/conversion.go) and the exact JSON
// shapes each group serialises: Go struct field order, `{}` for value structs, `null` for zero
// times, omitted empty optionals. Storage form is core/v1 (CoreEvent).
import type { CoreEvent, KubeObject } from '../types.js';
import { normMicroTime, normTime } from './time.js';

type Ref = NonNullable<CoreEvent['related']>;

/** events.k8s.io/v1 Event as it travels on the wire. */
export interface EventsV1Event {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObject['metadata'];
  eventTime?: string | null;
  series?: { count: number; lastObservedTime: string };
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: Ref;
  related?: Ref;
  note?: string;
  type?: string;
  deprecatedSource?: { component?: string; host?: string };
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  deprecatedCount?: number;
}

export type EventGroup = 'core' | 'events';

const META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** ObjectMeta in Go field order, empties dropped (creationTimestamp stays: it prints null when zero). */
export function shapeMeta(m: KubeObject['metadata']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of META_ORDER) {
    const v = m[k];
    if (k === 'creationTimestamp') {
      out[k] = v ?? null;
      continue;
    }
    if (v === undefined || v === null || v === '' || (typeof v === 'object' && Object.keys(v as object).length === 0)) continue;
    out[k] = v;
  }
  for (const k of Object.keys(m)) if (!(k in out) && !META_ORDER.includes(k) && m[k] !== undefined) out[k] = m[k];
  return out;
}

const REF_ORDER = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;
function shapeRef(r: Ref | undefined): Ref {
  const out: Record<string, string> = {};
  if (!r) return out;
  for (const k of REF_ORDER) {
    const v = (r as Record<string, unknown>)[k];
    if (typeof v === 'string' && v !== '') out[k] = v;
  }
  return out;
}
function shapeSource(s: CoreEvent['source']): { component?: string; host?: string } {
  const out: { component?: string; host?: string } = {};
  if (s?.component) out.component = s.component;
  if (s?.host) out.host = s.host;
  return out;
}
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Canonical storage form of an incoming core/v1 event: times truncated to their wire precision,
 * zero values normalised. Never returns the caller's object (the store owns what it keeps).
 */
export function normalizeCoreEvent(ev: CoreEvent): CoreEvent {
  const out: CoreEvent = {
    metadata: { ...ev.metadata },
    involvedObject: shapeRef(ev.involvedObject),
    source: shapeSource(ev.source),
    firstTimestamp: normTime(ev.firstTimestamp),
    lastTimestamp: normTime(ev.lastTimestamp),
    eventTime: normMicroTime(ev.eventTime),
    reportingComponent: ev.reportingComponent ?? '',
    reportingInstance: ev.reportingInstance ?? '',
  };
  if (str(ev.reason)) out.reason = ev.reason;
  if (str(ev.message)) out.message = ev.message;
  if (typeof ev.count === 'number' && ev.count !== 0) out.count = Math.trunc(ev.count);
  if (str(ev.type)) out.type = ev.type;
  if (ev.series && typeof ev.series === 'object') {
    out.series = { count: Math.trunc(Number(ev.series.count) || 0), lastObservedTime: normMicroTime(ev.series.lastObservedTime) ?? '' };
  }
  if (str(ev.action)) out.action = ev.action;
  if (ev.related && typeof ev.related === 'object') out.related = shapeRef(ev.related);
  return out;
}

/** The core/v1 JSON body in Go field order, without kind/apiVersion (list items carry none). */
export function coreBody(ev: CoreEvent): Record<string, unknown> {
  const o: Record<string, unknown> = { metadata: shapeMeta(ev.metadata), involvedObject: shapeRef(ev.involvedObject) };
  if (ev.reason) o.reason = ev.reason;
  if (ev.message) o.message = ev.message;
  o.source = shapeSource(ev.source);
  o.firstTimestamp = ev.firstTimestamp ?? null;
  o.lastTimestamp = ev.lastTimestamp ?? null;
  if (ev.count) o.count = ev.count;
  if (ev.type) o.type = ev.type;
  o.eventTime = ev.eventTime ?? null;
  if (ev.series) o.series = ev.series;
  if (ev.action) o.action = ev.action;
  if (ev.related) o.related = shapeRef(ev.related);
  o.reportingComponent = ev.reportingComponent ?? '';
  o.reportingInstance = ev.reportingInstance ?? '';
  return o;
}

/** core/v1 (storage) → events.k8s.io/v1 JSON body in Go field order, without kind/apiVersion. */
export function eventsV1Body(ev: CoreEvent): Record<string, unknown> {
  const o: Record<string, unknown> = { metadata: shapeMeta(ev.metadata), eventTime: ev.eventTime ?? null };
  if (ev.series) o.series = ev.series;
  if (ev.reportingComponent) o.reportingController = ev.reportingComponent;
  if (ev.reportingInstance) o.reportingInstance = ev.reportingInstance;
  if (ev.action) o.action = ev.action;
  if (ev.reason) o.reason = ev.reason;
  o.regarding = shapeRef(ev.involvedObject);
  if (ev.related) o.related = shapeRef(ev.related);
  if (ev.message) o.note = ev.message;
  if (ev.type) o.type = ev.type;
  o.deprecatedSource = shapeSource(ev.source);
  o.deprecatedFirstTimestamp = ev.firstTimestamp ?? null;
  o.deprecatedLastTimestamp = ev.lastTimestamp ?? null;
  if (ev.count) o.deprecatedCount = ev.count;
  return o;
}

/** events.k8s.io/v1 → core/v1 (storage form, normalised). */
export function eventsV1ToCore(e: EventsV1Event): CoreEvent {
  return normalizeCoreEvent({
    metadata: { ...(e.metadata ?? {}) } as KubeObject['metadata'],
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  });
}

export function eventBody(ev: CoreEvent, group: EventGroup): Record<string, unknown> {
  return group === 'core' ? coreBody(ev) : eventsV1Body(ev);
}

/** A body with kind/apiVersion in front, as watch events and single GETs carry them. */
export function withTypeMeta(kind: string, apiVersion: string, body: Record<string, unknown>): Record<string, unknown> {
  return { kind, apiVersion, ...body };
}

/** Same as withTypeMeta on an already serialised body: `{"metadata":…}` → `{"kind":…,"apiVersion":…,"metadata":…}`. */
export function prefixTypeMeta(kind: string, apiVersion: string, bodyJson: string): string {
  return `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},${bodyJson.slice(1)}`;
}

/** An object of another kind as a list item: metadata first (Go order), kind/apiVersion dropped. */
export function objectBody(obj: KubeObject): Record<string, unknown> {
  const o: Record<string, unknown> = { metadata: shapeMeta(obj.metadata) };
  for (const k of Object.keys(obj)) if (k !== 'kind' && k !== 'apiVersion' && k !== 'metadata') o[k] = obj[k];
  return o;
}
