// Emulates client-go's two event recorders, so what the demo writes has the exact shape,
// naming, de-duplication and aggregation a real cluster shows:
//  - tools/record (legacy, core/v1): kubelet and kube-controller-manager in 1.32.
//  - tools/events (events.k8s.io/v1): kube-scheduler, kube-proxy.
// Repeats are found through bounded LRU indexes keyed like client-go's caches: O(1) per event.
import type { ClusterWriter, CoreEvent, Rng } from './types.js';

export interface ObjectRef {
  kind: string;
  namespace?: string; // '' or absent for cluster-scoped objects (Node)
  name: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}
export type EventType = 'Normal' | 'Warning';

/** record.EventCorrelator defaults: LRU of 4096, 10 similar messages within 600 s combine. */
const LRU_SIZE = 4096;
const MAX_SIMILAR = 10;
const AGGREGATE_WINDOW_MS = 600_000;
/** tools/events: a cached isomorphic event stops gaining series after 6 min unobserved. */
const SERIES_FINISH_MS = 6 * 60_000;
export const COMBINED_PREFIX = '(combined from similar events): ';

/**
 * An approximate LRU in two generations: hits in the old generation are promoted, and when
 * the young one fills, the old one is dropped whole. O(1) without Map deletions (which made
 * a strict LRU the hottest code here). Holds between cap/2 and cap keys.
 */
class Lru<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private cap: number) {}
  get(k: string): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) this.set(k, o);
    return o;
  }
  set(k: string, v: V): void {
    this.young.set(k, v);
    if (this.young.size >= this.cap / 2) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * Event names are `<object>.<unix nanos in hex>` (fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())).
 * JS clocks have milliseconds, so the sub-millisecond part comes from the rng; the clock
 * never hands out the same instant twice, so names never collide.
 */
class NanoClock {
  private lastMs = -1;
  private lastSub = -1;
  constructor(private rng: Rng) {}
  tick(at: Date): { ms: number; sub: number } {
    const ms = at.getTime();
    let sub = this.rng.int(1_000_000);
    if (ms === this.lastMs && sub <= this.lastSub) sub = this.lastSub + 1;
    if (ms === this.lastMs || ms > this.lastMs) {
      this.lastMs = ms;
      this.lastSub = sub;
    }
    return { ms, sub };
  }
  static hex(t: { ms: number; sub: number }): string {
    return (BigInt(t.ms) * 1_000_000n + BigInt(t.sub)).toString(16);
  }
  /** metav1.MicroTime: six fractional digits. */
  static micro(t: { ms: number; sub: number }): string {
    const iso = new Date(t.ms).toISOString();
    return `${iso.slice(0, 19)}.${pad((t.ms % 1000) * 1000 + Math.floor(t.sub / 1000), 6)}Z`;
  }
}

/** metav1.Time: whole seconds. */
export const rfc3339 = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';

/** The object part of a dedup key; a UID identifies the object, so it stands for kind/name. */
function refKey(r: ObjectRef): string {
  if (r.uid) return `${r.uid}\u0000${r.name}\u0000${r.fieldPath ?? ''}`;
  return `${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}\u0000${r.uid ?? ''}\u0000${r.apiVersion ?? ''}\u0000${r.fieldPath ?? ''}`;
}

function involved(r: ObjectRef): CoreEvent['involvedObject'] {
  const o: CoreEvent['involvedObject'] = { kind: r.kind, namespace: r.namespace ?? '', name: r.name };
  if (r.uid) o.uid = r.uid;
  if (r.apiVersion) o.apiVersion = r.apiVersion;
  if (r.resourceVersion) o.resourceVersion = r.resourceVersion;
  if (r.fieldPath) o.fieldPath = r.fieldPath;
  return o;
}

/** Events about cluster-scoped objects are written to `default`. */
const eventNamespace = (r: ObjectRef) => (r.namespace ? r.namespace : 'default');

interface Observed { namespace: string; name: string; count: number }
interface Similar { messages: Set<string>; lastMs: number }
interface Series { namespace: string; name: string; count: number; lastMs: number }

/** One per simulated cluster: shared clock and caches, one recorder per event source. */
export class Recorders {
  private clock: NanoClock;
  private observed = new Lru<Observed>(LRU_SIZE);
  private similar = new Lru<Similar>(LRU_SIZE);
  private series = new Lru<Series>(LRU_SIZE);
  private legacyBySource = new Map<string, LegacyRecorder>();
  private newBySource = new Map<string, EventsRecorder>();
  /** Event writes so far (creates and PATCHes): scenarios check a step wrote exactly one. */
  writes = 0;

  constructor(readonly writer: ClusterWriter, rng: Rng) {
    this.clock = new NanoClock(rng);
  }

  /** tools/record recorder for EventSource{Component, Host}. */
  legacy(component: string, host = ''): LegacyRecorder {
    const k = `${component}\u0000${host}`;
    let r = this.legacyBySource.get(k);
    if (!r) this.legacyBySource.set(k, (r = new LegacyRecorder(this, component, host)));
    return r;
  }

  /** tools/events recorder; reportingInstance is `<controller>-<hostname>` as NewRecorder builds it. */
  events(controller: string, instance: string): EventsRecorder {
    const k = `${controller}\u0000${instance}`;
    let r = this.newBySource.get(k);
    if (!r) this.newBySource.set(k, (r = new EventsRecorder(this, controller, instance)));
    return r;
  }

  /** Creates an event, retrying with a later instant if that name were ever taken. */
  create(ev: CoreEvent, objName: string, at: Date, t: { ms: number; sub: number }): CoreEvent {
    for (let attempt = 0; ; attempt++) {
      ev.metadata.name = `${objName}.${NanoClock.hex(t)}`;
      try {
        const created = this.writer.createEvent(ev, at);
        this.writes++;
        return created;
      } catch (err) {
        if (attempt >= 3) throw err;
        t = { ms: t.ms, sub: t.sub + 1 };
      }
    }
  }

  /** @internal legacy path (EventCorrelator: aggregate, then observe). */
  recordLegacy(src: { component: string; host: string }, ref: ObjectRef, type: EventType, reason: string, message: string, at: Date): CoreEvent {
    const t = this.clock.tick(at);
    // EventAggregator: same source/object/type/reason with ≥10 distinct messages in 10 min.
    const aggKey = `${src.component}\u0000${src.host}\u0000${refKey(ref)}\u0000${type}\u0000${reason}`;
    let sim = this.similar.get(aggKey);
    if (!sim || t.ms - sim.lastMs > AGGREGATE_WINDOW_MS) this.similar.set(aggKey, (sim = { messages: new Set(), lastMs: t.ms }));
    sim.messages.add(message);
    sim.lastMs = t.ms;
    let key: string;
    let msg = message;
    if (sim.messages.size < MAX_SIMILAR) {
      key = `${aggKey}\u0000${message}`;
    } else {
      // The set is kept just under the limit (PopAny), so every further one stays combined.
      sim.messages.delete(sim.messages.values().next().value!);
      key = aggKey;
      msg = COMBINED_PREFIX + message;
    }

    // EventLogger.eventObserve: a repeat PATCHes count, lastTimestamp and message.
    const ts = rfc3339(at);
    const prev = this.observed.get(key);
    if (prev) {
      const count = prev.count + 1;
      const updated = this.writer.updateEvent(
        prev.namespace,
        prev.name,
        (ev) => {
          ev.count = count;
          ev.lastTimestamp = ts;
          ev.message = msg;
        },
        at,
      );
      if (updated) {
        prev.count = count;
        this.writes++;
        return updated;
      }
      // The event expired (TTL) or was deleted: client-go falls back to creating it anew.
    }
    const ev: CoreEvent = {
      metadata: { name: '', namespace: eventNamespace(ref) },
      involvedObject: involved(ref),
      reason,
      message: msg,
      source: src.host ? { component: src.component, host: src.host } : { component: src.component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: src.component,
      reportingInstance: src.host,
    };
    const created = this.create(ev, ref.name, at, t);
    this.observed.set(key, { namespace: created.metadata.namespace!, name: created.metadata.name, count: 1 });
    return created;
  }

  /** @internal events.k8s.io path (eventBroadcasterImpl.recordToSink). */
  recordNew(
    controller: string,
    instance: string,
    regarding: ObjectRef,
    related: ObjectRef | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    at: Date,
  ): CoreEvent {
    const t = this.clock.tick(at);
    // getKey: action, reason, reportingController, regarding, related, note.
    const key = `${action}\u0000${reason}\u0000${controller}\u0000${refKey(regarding)}\u0000${related ? refKey(related) : ''}\u0000${note}`;
    const prev = this.series.get(key);
    if (prev && t.ms - prev.lastMs <= SERIES_FINISH_MS) {
      // An isomorphic event becomes a series: count starts at 2, lastObservedTime moves.
      const count = prev.count < 2 ? 2 : prev.count + 1;
      const observed = NanoClock.micro(t);
      const updated = this.writer.updateEvent(prev.namespace, prev.name, (ev) => {
        ev.series = { count, lastObservedTime: observed };
      }, at);
      if (updated) {
        prev.count = count;
        prev.lastMs = t.ms;
        this.writes++;
        return updated;
      }
    }
    const ev: CoreEvent = {
      metadata: { name: '', namespace: eventNamespace(regarding) },
      involvedObject: involved(regarding),
      reason,
      message: note,
      // Written through events.k8s.io/v1: the deprecated core fields stay empty.
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type,
      eventTime: NanoClock.micro(t),
      action,
      reportingComponent: controller,
      reportingInstance: instance,
    };
    if (related) ev.related = involved(related);
    const created = this.create(ev, regarding.name, at, t);
    this.series.set(key, { namespace: created.metadata.namespace!, name: created.metadata.name, count: 1, lastMs: t.ms });
    return created;
  }
}

/** record.EventRecorder bound to one EventSource. */
export class LegacyRecorder {
  constructor(private owner: Recorders, readonly component: string, readonly host: string) {}
  event(ref: ObjectRef, type: EventType, reason: string, message: string, at: Date): CoreEvent {
    return this.owner.recordLegacy({ component: this.component, host: this.host }, ref, type, reason, message, at);
  }
}

/** events.EventRecorder: Eventf(regarding, related, type, reason, action, note). */
export class EventsRecorder {
  constructor(private owner: Recorders, readonly controller: string, readonly instance: string) {}
  eventf(regarding: ObjectRef, related: ObjectRef | undefined, type: EventType, reason: string, action: string, note: string, at: Date): CoreEvent {
    return this.owner.recordNew(this.controller, this.instance, regarding, related, type, reason, action, note, at);
  }
}
