// The one store behind every API path: events (in core/v1 storage form) and the objects they
// concern, a global resourceVersion counter bumped by every write, a bounded ring of changes
// (our "etcd history": watches replay from it, exact-RV lists are rebuilt from it, and what falls
// off it is "compacted"), and the event TTL that deletes expired events like --event-ttl does.
import type { ClusterWriter, CoreEvent, KubeObject, ObjectResource } from '../types.js';
import { normalizeCoreEvent } from './convert.js';
import { infoForStore, type StoreResource } from './resources.js';
import { alreadyExists, type GR } from './status.js';
import { formatTime } from './time.js';
import { uidGenerator } from './random.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One stored version of an object. Never mutated once stored: snapshots share it. */
export interface Stored {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly rv: number;
  readonly obj: KubeObject;
}

export interface Change {
  rv: number;
  resource: StoreResource;
  type: ChangeType;
  /** The new version; for DELETED the last version with the deletion's resourceVersion. */
  cur: Stored;
  prev?: Stored;
}

export const keyOf = (namespace: string, name: string) => (namespace ? `${namespace}/${name}` : name);

/** A sorted snapshot of one collection at a resourceVersion. */
export interface Snapshot {
  rv: number;
  items: Stored[];
}

/**
 * The current items sorted by key, patched in place by updates (copied first if a snapshot holds
 * them); creations and deletions are noted and merged by the next read. A read after writes costs
 * one array copy, not a re-sort or a lookup per item: a list page at 1M events stays cheap.
 */
class Collection {
  readonly byKey = new Map<string, Stored>();
  private items: Stored[] = [];
  /** `items` was handed out in a snapshot: copy before patching. */
  private shared = false;
  private adds = new Set<string>();
  private dels = new Set<string>();

  put(s: Stored, isNew: boolean): void {
    this.byKey.set(s.key, s);
    if (isNew && !this.dels.delete(s.key)) {
      this.adds.add(s.key);
      return;
    }
    if (this.adds.has(s.key)) return; // merged from byKey on the next read
    const i = lowerBound(this.items, s.key, keyOfStored);
    if (this.shared) {
      this.items = this.items.slice();
      this.shared = false;
    }
    this.items[i] = s;
  }

  remove(key: string): void {
    this.byKey.delete(key);
    if (!this.adds.delete(key)) this.dels.add(key);
  }

  /** The current state, sorted by key; the array is immutable once returned. */
  current(rv: number): Snapshot {
    if (this.dels.size) {
      const d = this.dels;
      this.items = this.items.filter((s) => !d.has(s.key));
      this.dels = new Set();
      this.shared = false;
    }
    if (this.adds.size) {
      const added = [...this.adds].sort(cmp).map((k) => this.byKey.get(k)!);
      this.items = mergeByKey(this.items, added);
      this.adds = new Set();
      this.shared = false;
    }
    this.shared = true;
    return { rv, items: this.items };
  }
}

const keyOfStored = (s: Stored) => s.key;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted `added` placed into sorted `items` (no common keys): a binary search per addition, runs copied. */
function mergeByKey(items: readonly Stored[], added: readonly Stored[]): Stored[] {
  const out = new Array<Stored>(items.length + added.length);
  let from = 0;
  let o = 0;
  for (const a of added) {
    const at = lowerBound(items, a.key, keyOfStored);
    for (let i = from; i < at; i++) out[o++] = items[i];
    out[o++] = a;
    from = at;
  }
  for (let i = from; i < items.length; i++) out[o++] = items[i];
  return out;
}

/** First index whose key is >= k (keys compare bytewise for ASCII, like etcd's). */
export function lowerBound<T>(xs: readonly T[], k: string, key: (x: T) => string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(xs[mid]) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Min-heap of TTL deadlines; an entry is stale once its event has been written again. */
class Deadlines {
  private h: Array<{ at: number; key: string; rv: number }> = [];
  push(e: { at: number; key: string; rv: number }): void {
    const h = this.h;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= h[i].at) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  peek() {
    return this.h[0];
  }
  pop() {
    const h = this.h;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].at < h[m].at) m = l;
        if (r < h.length && h[r].at < h[m].at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

export interface StoreOptions {
  historySize: number;
  eventTtlSeconds: number;
  seed: number;
}

export class Store implements ClusterWriter {
  /** The global resourceVersion: the last write's revision. */
  rv = 0;
  /** Changes up to and including this revision are no longer in the history ring. */
  compactedRv = 0;
  /** The clock writes without an explicit time use; the preloader moves it through the past. */
  now: () => Date = () => new Date();

  private readonly ring: Change[];
  private ringStart = 0;
  private ringLen = 0;
  private readonly colls = new Map<StoreResource, Collection>();
  private readonly subs = new Set<(c: Change) => void>();
  private readonly deadlines = new Deadlines();
  private readonly ttlMs: number;
  private readonly newUid: () => string;
  private compactPending = false;

  constructor(opts: StoreOptions) {
    this.ring = new Array(Math.max(1, opts.historySize));
    this.ttlMs = opts.eventTtlSeconds * 1000;
    this.newUid = uidGenerator(opts.seed);
  }

  private coll(r: StoreResource): Collection {
    let c = this.colls.get(r);
    if (!c) this.colls.set(r, (c = new Collection()));
    return c;
  }

  /** Every committed change, synchronously, in revision order. */
  subscribe(fn: (c: Change) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }

  get(r: StoreResource, namespace: string, name: string): Stored | undefined {
    return this.colls.get(r)?.byKey.get(keyOf(namespace, name));
  }

  count(r: StoreResource): number {
    return this.colls.get(r)?.byKey.size ?? 0;
  }

  /** The collection now, sorted by namespace/name. */
  snapshot(r: StoreResource): Snapshot {
    const snap = this.coll(r).current(this.rv);
    this.remember(r, snap);
    return snap;
  }

  // Recent snapshots by revision, so that every page of a paginated list is served from the
  // first page's revision without rebuilding it (the continue token names that revision).
  private readonly recent = new Map<string, Snapshot>();
  private remember(r: StoreResource, snap: Snapshot): void {
    const k = `${r}@${snap.rv}`;
    this.recent.delete(k);
    this.recent.set(k, snap);
    if (this.recent.size > 16) this.recent.delete(this.recent.keys().next().value!);
  }

  /**
   * The collection exactly as it was at revision `rv`, undoing later changes from the ring.
   * Returns undefined when `rv` is compacted (older than the ring reaches).
   */
  snapshotAt(r: StoreResource, rv: number): Snapshot | undefined {
    if (rv < this.compactedRv) return undefined;
    const hit = this.recent.get(`${r}@${rv}`);
    if (hit) {
      this.remember(r, hit);
      return hit;
    }
    const now = this.snapshot(r);
    if (rv >= this.rv) return now;
    let touched = false;
    for (let v = this.rv; v > rv; v--) if (this.changeAt(v).resource === r) touched = true;
    if (!touched) {
      const snap = { rv, items: now.items };
      this.remember(r, snap);
      return snap;
    }
    const state = new Map(now.items.map((s) => [s.key, s]));
    for (let v = this.rv; v > rv; v--) {
      const c = this.changeAt(v);
      if (c.resource !== r) continue;
      if (c.type === 'ADDED') state.delete(c.cur.key);
      else state.set(c.cur.key, c.prev!);
    }
    const items = [...state.values()].sort((a, b) => cmp(a.key, b.key));
    const snap = { rv, items };
    this.remember(r, snap);
    return snap;
  }

  private changeAt(rv: number): Change {
    const i = rv - this.compactedRv - 1;
    return this.ring[(this.ringStart + i) % this.ring.length];
  }

  /** Changes with revision > rv, oldest first; undefined if some were compacted. */
  changesAfter(rv: number): Change[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const out: Change[] = [];
    for (let v = Math.max(rv, this.compactedRv) + 1; v <= this.rv; v++) out.push(this.changeAt(v));
    return out;
  }

  /**
   * Compacts the history at the next write: that write and everything before it can no longer
   * be resumed from, so even a client that had seen every change before it gets 410 (a list
   * after it is at or past the compaction: no loop).
   */
  compactAtNextWrite(): void {
    this.compactPending = true;
  }

  private record(c: Change): void {
    if (this.compactPending) {
      this.compactPending = false;
      this.compactedRv = c.rv;
      this.ringStart = 0;
      this.ringLen = 0;
      for (const fn of this.subs) fn(c);
      return;
    }
    if (this.ringLen === this.ring.length) {
      this.ringStart = (this.ringStart + 1) % this.ring.length;
      this.ringLen--;
      this.compactedRv++;
    }
    this.ring[(this.ringStart + this.ringLen) % this.ring.length] = c;
    this.ringLen++;
    for (const fn of this.subs) fn(c);
  }

  /** Commits a new version of an object (create or update) under the next revision. */
  private commit(r: StoreResource, obj: KubeObject, at: Date): Stored {
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name;
    const key = keyOf(namespace, name);
    const coll = this.coll(r);
    const prev = coll.byKey.get(key);
    const rv = ++this.rv;
    const metadata = { ...obj.metadata, resourceVersion: String(rv) };
    metadata.uid = prev ? prev.obj.metadata.uid : (obj.metadata.uid ?? this.newUid());
    metadata.creationTimestamp = prev ? prev.obj.metadata.creationTimestamp : (obj.metadata.creationTimestamp ?? formatTime(at));
    const stored: Stored = { key, namespace, name, rv, obj: { ...obj, metadata } };
    coll.put(stored, !prev);
    if (r === 'events') this.deadlines.push({ at: at.getTime() + this.ttlMs, key, rv });
    this.record({ rv, resource: r, type: prev ? 'MODIFIED' : 'ADDED', cur: stored, prev });
    return stored;
  }

  private remove(r: StoreResource, namespace: string, name: string): Stored | undefined {
    const key = keyOf(namespace, name);
    const coll = this.colls.get(r);
    const prev = coll?.byKey.get(key);
    if (!coll || !prev) return undefined;
    const rv = ++this.rv;
    // A watch's DELETED carries the last state with the deletion's revision, as etcd3's watcher does.
    const gone: Stored = { ...prev, rv, obj: { ...prev.obj, metadata: { ...prev.obj.metadata, resourceVersion: String(rv) } } };
    coll.remove(key);
    this.record({ rv, resource: r, type: 'DELETED', cur: gone, prev });
    return gone;
  }

  // ---- API writes (used by http.ts): they keep the caller's object untouched ----

  createStored(r: StoreResource, obj: KubeObject, at: Date = this.now()): Stored {
    if (this.get(r, obj.metadata.namespace ?? '', obj.metadata.name)) throw alreadyExists(grOf(r), obj.metadata.name);
    return this.commit(r, obj, at);
  }

  /** Create-or-replace (events allow create on update). */
  putStored(r: StoreResource, obj: KubeObject, at: Date = this.now()): Stored {
    return this.commit(r, obj, at);
  }

  deleteStored(r: StoreResource, namespace: string, name: string): Stored | undefined {
    return this.remove(r, namespace, name);
  }

  /** Deletes events whose TTL has passed (each produces DELETED); returns how many. */
  expireEvents(nowMs: number = Date.now()): number {
    let n = 0;
    for (let top = this.deadlines.peek(); top && top.at <= nowMs; top = this.deadlines.peek()) {
      this.deadlines.pop();
      const cur = this.colls.get('events')?.byKey.get(top.key);
      if (cur && cur.rv === top.rv) {
        this.remove('events', cur.namespace, cur.name);
        n++;
      }
    }
    return n;
  }

  // ---- ClusterWriter (what scenarios use) ----

  putObject(resource: ObjectResource, obj: KubeObject): KubeObject {
    const info = infoForStore(resource);
    const full: KubeObject = {
      apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
      kind: info.kind,
      ...obj,
      metadata: { ...obj.metadata, namespace: info.namespaced ? (obj.metadata.namespace ?? 'default') : undefined },
    };
    if (!info.namespaced) delete full.metadata.namespace;
    return this.commit(resource, full, this.now()).obj;
  }

  getObject(resource: ObjectResource, namespace: string, name: string): KubeObject | undefined {
    const info = infoForStore(resource);
    return this.get(resource, info.namespaced ? namespace : '', name)?.obj;
  }

  deleteObject(resource: ObjectResource, namespace: string, name: string): void {
    const info = infoForStore(resource);
    this.remove(resource, info.namespaced ? namespace : '', name);
  }

  createEvent(ev: CoreEvent, at: Date): CoreEvent {
    const norm = normalizeCoreEvent(ev);
    if (!norm.metadata.namespace) norm.metadata.namespace = 'default';
    return this.createStored('events', norm, at).obj as CoreEvent;
  }

  updateEvent(namespace: string, name: string, mutate: (ev: CoreEvent) => void, at: Date): CoreEvent | undefined {
    const cur = this.get('events', namespace, name);
    if (!cur) return undefined;
    const copy = copyEvent(cur.obj as CoreEvent);
    mutate(copy);
    const norm = normalizeCoreEvent(copy);
    norm.metadata.namespace = namespace;
    norm.metadata.name = name;
    return this.commit('events', norm, at).obj as CoreEvent;
  }

  getEvent(namespace: string, name: string): CoreEvent | undefined {
    return this.get('events', namespace, name)?.obj as CoreEvent | undefined;
  }

  /** The server's own truth for agreement tests: every stored event, sorted by namespace/name. */
  snapshotEvents(): CoreEvent[] {
    return this.snapshot('events').items.map((s) => structuredClone(s.obj) as CoreEvent);
  }
}

/** A copy deep enough for a recorder's mutate(): every nested record an event has is new. */
function copyEvent(ev: CoreEvent): CoreEvent {
  const m = ev.metadata;
  const metadata = { ...m };
  if (m.labels) metadata.labels = { ...m.labels };
  if (m.annotations) metadata.annotations = { ...m.annotations };
  const out: CoreEvent = { ...ev, metadata, involvedObject: { ...ev.involvedObject } };
  if (ev.source) out.source = { ...ev.source };
  if (ev.series) out.series = { ...ev.series };
  if (ev.related) out.related = { ...ev.related };
  return out;
}

function grOf(r: StoreResource): GR {
  const info = infoForStore(r);
  return { resource: info.name, group: info.group };
}
