// The event behind a group's YAML (`y` in the detail view, `c` copies it). A live store keeps
// only the fields it shows (a raw object was ~300 B a group), so the event is fetched from the
// server when a detail view opens, as kubectl and k9s do; a replay's store still has it. When the
// server no longer has it (events expire after an hour by default), what kevtui kept of it is
// shown instead, and says so.
import type { EventGroup } from '../store/aggregate.js';
import type { ObjectRef } from '../model/event.js';
import type { ObjectRefLike } from '../session/types.js';

export type EventObject =
  | { readonly state: 'kept' | 'fetched'; readonly object: Record<string, unknown> }
  | { readonly state: 'loading' }
  /** The server had none (`gone`) or would not say: `object` is kevtui's own fields. */
  | { readonly state: 'failed'; readonly gone: boolean; readonly message: string; readonly object: Record<string, unknown> };

/** The raw event the store kept (a replay), if it kept one. */
export function keptRaw(g: EventGroup): Record<string, unknown> | undefined {
  const raw = g.latest.raw;
  for (const _ in raw) return raw;
  return undefined;
}

/** Which event to fetch: the group's latest member, in the API group it was watched through. */
export function eventRef(g: EventGroup): ObjectRefLike {
  const e = g.latest;
  return { apiVersion: e.apiGroup === 'events' ? 'events.k8s.io/v1' : 'v1', kind: 'Event', namespace: e.namespace, name: e.name };
}

/** A stable name for "the same event" across the group's updates (a refetch when it changes). */
export function eventIdOf(g: EventGroup): string {
  const e = g.latest;
  return `${g.cluster}\u0000${e.apiGroup}\u0000${e.namespace}\u0000${e.name}`;
}

/** The latest member as a core/v1 Event, from the fields kevtui keeps (all already sanitised). */
export function keptFields(g: EventGroup): Record<string, unknown> {
  const e = g.latest;
  const time = (t: number) => (t === t ? new Date(t).toISOString().replace('.000Z', 'Z') : null);
  const ref = (r: ObjectRef) => ({
    kind: r.kind,
    ...(r.namespace !== '' ? { namespace: r.namespace } : {}),
    name: r.name,
    ...(r.apiVersion !== '' ? { apiVersion: r.apiVersion } : {}),
    ...(r.uid !== '' ? { uid: r.uid } : {}),
    ...(r.fieldPath !== '' ? { fieldPath: r.fieldPath } : {}),
  });
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: e.name, namespace: e.namespace, uid: e.uid, resourceVersion: e.resourceVersion },
    involvedObject: ref(e.object),
    ...(e.related !== undefined ? { related: ref(e.related) } : {}),
    reason: e.reason,
    message: e.message,
    type: e.type,
    count: e.count,
    firstTimestamp: time(e.firstSeen),
    lastTimestamp: time(e.lastSeen),
    source: { component: e.component, ...(e.instance !== '' ? { host: e.instance } : {}) },
    ...(e.action !== '' ? { action: e.action } : {}),
  };
}
