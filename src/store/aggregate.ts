// The aggregate store: every event the source delivers, folded into groups of "the same thing
// happening again" (model/key), with exact count deltas per event uid, indexes for the lookups
// the UI makes, incrementally kept totals, and a cap on groups. Pure: no I/O, no React.
import type { KubeEvent, ObjectRef } from '../model/event.js';
import type { SourceChange } from '../kube/types.js';
import { groupDigestOf, groupKeyOf, isCombined, memberIdOf, objectKey, stripCombined } from '../model/key.js';
import { severityOf, type Severity } from '../model/severity.js';
import { jsonBytes } from '../model/size.js';
import { ChangeLog } from './changelog.js';

/** One entry of a group's short history: an upsert that added `delta` occurrences. */
export interface Occurrence {
  /** The event's lastSeen (epoch ms, NaN when unknown). */
  at: number;
  delta: number;
  eventName: string;
}

/** A group as the view layer sees it. Mutated in place by the store: compare `changedVersion`. */
export interface EventGroup {
  readonly key: string;
  /** The events' own namespace (part of the key). */
  readonly namespace: string;
  /** The kubeconfig context the events came from; '' with one cluster (part of the key). */
  readonly cluster: string;
  readonly component: string;
  readonly reason: string;
  /** The latest message without the combined prefix (the key part, unless `combined`). */
  readonly baseMessage: string;
  /** Involved object of the latest member (kind/namespace/name never change within a group). */
  readonly object: ObjectRef;
  readonly instance: string;
  /** The latest member's message as stated, prefix included when `combined`. */
  readonly message: string;
  /**
   * A legacy combined event's group (client-go's aggregate of ≥10 similar messages): keyed on
   * component, object, reason and type, not on the message; `message` is its latest one.
   */
  readonly combined: boolean;
  /** The Kubernetes type as the latest member states it (Normal, Warning, …); see `severity`. */
  readonly type: string;
  readonly severity: Severity;
  /**
   * Occurrences counted here: the sum of its members' counts, deleted members included, so it
   * never drops when events expire. It drops only to follow the server: an event re-stated with
   * a lower count (an etcd restore) or moved to another text. Never 0 while in the store.
   */
  readonly count: number;
  /** epoch ms; NaN until some member carried a usable time. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The member with the greatest lastSeen (the only raw object the store keeps). */
  readonly latest: KubeEvent;
  /** Oldest first, at most `recentPerGroup` entries. */
  readonly recent: readonly Occurrence[];
  /** Members not deleted. */
  readonly live: number;
  /** Every member was deleted (TTL expiry), or the group was removed from the store. */
  readonly expired: boolean;
  readonly createdVersion: number;
  readonly changedVersion: number;
}

export interface ReasonCount {
  reason: string;
  groups: number;
  events: number;
}

export interface Totals {
  groups: number;
  /** Sum of group counts. */
  events: number;
  /** Groups whose (latest) type is Warning, and the sum of their counts. */
  warningGroups: number;
  warningEvents: number;
  expiredGroups: number;
  /** Members known and not deleted. */
  liveEvents: number;
  /** Groups dropped by the caps (groups, memory) since the store was created. */
  evicted: number;
  /** The occurrences those groups had counted. */
  evictedEvents: number;
  /** Estimated bytes of retained data (strings ×2, fixed overheads per group, uid, occurrence). */
  bytes: number;
  /**
   * Member uids no longer tracked because their group had more than `maxUidsPerGroup`: their
   * occurrences stay counted, but one that comes back (an update) is counted again.
   */
  untracked: number;
  /**
   * Deliveries of unknown events not kept because they were older than everything the cap
   * retains (they would be evicted at once). A relist re-delivers them: count of deliveries.
   */
  droppedOld: number;
}

export interface AggregateStoreOptions {
  /** Cap on groups; the least recently seen go first. Default 50,000. */
  maxGroups?: number;
  /** Occurrences kept per group for the detail view. Default 20. */
  recentPerGroup?: number;
  /** Deleted members remembered (so a revived uid is not counted twice). Default 100,000. */
  maxTombstones?: number;
  /** Budget for the estimated retained bytes; the least recently seen groups go first. Default 400 MB. */
  maxBytes?: number | undefined;
  /** Uids tracked per group, a last resort against one group of millions of events. Default 100,000. */
  maxUidsPerGroup?: number;
  /** The group digest (model/key's groupDigestOf); tests pass one that collides. */
  digest?: (e: KubeEvent) => string;
  /**
   * Keep each group's latest raw object (the detail view's YAML). Default true; a live session
   * passes false (its front ends fetch the event when the YAML is asked for): ~300 B a group.
   */
  keepRaw?: boolean;
}

// Memory is per group (a busy cluster has about as many groups as events, since the recorder
// already folds exact repeats into one event), so a group stores only what the latest member does
// not already hold, and its arrays start at their exact size.
class Group implements EventGroup {
  severity: Severity;
  count = 0;
  firstSeen: number;
  lastSeen: number;
  latest: KubeEvent;
  /** The short history: one occurrence alone (most groups have one), else oldest first. */
  ring: Occurrence | Occurrence[] | undefined = undefined;
  live = 0;
  changedVersion: number;
  /**
   * Uids that joined this group; stale entries (moved or forgotten members) are checked lazily.
   * Most groups have one member: then the uid itself, not an array of one (~56 B a group).
   */
  memberUids: string | string[] = NO_UIDS;
  /** memberUids length at which stale entries are next swept out. */
  compactAt = 32;
  /** Position in the store's dense group array (for O(1) removal). */
  slot = -1;
  /** This group's share of the store's byte estimate, and its parts kept incrementally. */
  bytes = 0;
  latestBytes: number;
  uidBytes = 0;

  constructor(
    readonly key: string,
    e: KubeEvent,
    readonly createdVersion: number,
    latestBytes: number,
  ) {
    this.severity = severityOf(e.type, e.reason, e.message);
    this.firstSeen = e.firstSeen;
    this.lastSeen = e.lastSeen;
    this.latest = e;
    this.latestBytes = latestBytes;
    this.changedVersion = createdVersion;
  }

  get recent(): readonly Occurrence[] {
    const r = this.ring;
    return r === undefined ? NO_OCCURRENCES : Array.isArray(r) ? r : [r];
  }

  /** recent.length, without making an array of one. */
  get recentCount(): number {
    const r = this.ring;
    return r === undefined ? 0 : Array.isArray(r) ? r.length : 1;
  }

  // Namespace, component, reason, object kind/namespace/name and base message are key parts: the
  // same for every member. The rest is "as the latest member states it".
  get namespace(): string {
    return this.latest.namespace;
  }
  get cluster(): string {
    return this.latest.cluster;
  }
  get component(): string {
    return this.latest.component;
  }
  get reason(): string {
    return this.latest.reason;
  }
  get baseMessage(): string {
    return stripCombined(this.latest.message);
  }
  get object(): ObjectRef {
    return this.latest.object;
  }
  get instance(): string {
    return this.latest.instance;
  }
  get message(): string {
    return this.latest.message;
  }
  get combined(): boolean {
    return isCombined(this.latest.message);
  }
  get type(): string {
    return this.latest.type;
  }
  get expired(): boolean {
    return this.live === 0;
  }
}

const NO_OCCURRENCES: Occurrence[] = [];
const MAX_DISSOLVED = 10_000;
const NO_UIDS = '';

function uidsOf(g: Group): readonly string[] {
  const u = g.memberUids;
  return typeof u !== 'string' ? u : u === NO_UIDS ? [] : [u];
}

interface Member {
  /** The event's uid within its cluster (model/key memberIdOf): the members map's key. */
  readonly uid: string;
  group: Group;
  /** The event's own count as last seen. */
  count: number;
  deleted: boolean;
}

const NO_GROUPS: ReadonlySet<EventGroup> = new Set();

export class AggregateStore {
  private readonly maxGroups: number;
  private readonly recentPerGroup: number;
  private readonly maxTombstones: number;
  private readonly maxBytes: number;
  private readonly maxUidsPerGroup: number;

  /** The caps this store keeps to (the :status view shows them). */
  get limits(): { readonly maxGroups: number; readonly maxBytes: number } {
    return { maxGroups: this.maxGroups, maxBytes: this.maxBytes };
  }

  private readonly byKey = new Map<string, Group>();
  /** Groups keyed on their full key (keyFor): 0 but after digest collisions. */
  private fullKeys = 0;
  private readonly digest: (e: KubeEvent) => string;
  private readonly keepRaw: boolean;
  /** The same groups, densely packed, and their eviction times by slot: eviction scans a flat
   *  array of doubles instead of chasing 50k scattered objects (which measured 10× slower). */
  private readonly dense: Group[] = [];
  private slotTimes = new Float64Array(1024);
  private scratch = new Float64Array(0);
  /** Greatest lastSeen of any evicted group: a new group older than this would be evicted at once. */
  private evictedUpTo = -Infinity;
  private readonly members = new Map<string, Member>();
  /** Most objects have one group: stored bare, a Set only from the second on. */
  private readonly byObject = new Map<string, Group | Set<Group>>();
  /** Groups of a reason and the sum of their counts (for topReasons without a scan). */
  private readonly byReason = new Map<string, { groups: Set<Group>; events: number }>();
  private readonly byNamespace = new Map<string, Set<Group>>();
  private readonly listeners = new Set<() => void>();

  /** Deleted members oldest first (entries may be stale: revived or evicted since). */
  private tombstoneQueue: Member[] = [];
  private tombstoneHead = 0;
  private tombstones = 0;

  private readonly t: Totals = {
    groups: 0, events: 0, warningGroups: 0, warningEvents: 0, expiredGroups: 0, liveEvents: 0, evicted: 0, evictedEvents: 0, bytes: 0, untracked: 0, droppedOld: 0,
  };

  private currentVersion = 0;
  /** The version the batch being applied will publish. */
  private next = 1;
  /** Groups removed because their events moved to another text (not evictions), newest last. */
  private dissolved: Array<{ version: number; group: EventGroup }> = [];
  private dirty = false;
  /** Groups per version they changed (store/changelog), and groups that left (evicted or dissolved). */
  private readonly changeLog = new ChangeLog<EventGroup>();
  private readonly leftLog = new ChangeLog<EventGroup>();
  private listCache: { version: number; list: readonly EventGroup[] } | undefined;

  constructor(options: AggregateStoreOptions = {}) {
    this.maxGroups = Math.max(1, Math.floor(options.maxGroups ?? 50_000));
    this.recentPerGroup = Math.max(0, Math.floor(options.recentPerGroup ?? 20));
    this.maxTombstones = Math.max(0, Math.floor(options.maxTombstones ?? 100_000));
    this.maxBytes = Math.max(1, options.maxBytes ?? 400e6);
    this.digest = options.digest ?? groupDigestOf;
    this.keepRaw = options.keepRaw ?? true;
    this.maxUidsPerGroup = Math.max(1, Math.floor(options.maxUidsPerGroup ?? 100_000));
  }

  /** Bumped once per applied batch that changed anything. */
  get version(): number {
    return this.currentVersion;
  }

  /** No group is expired (every member deleted) now: a view's hide-expired then hides nothing. */
  noneExpired(): boolean {
    return this.t.expiredGroups === 0;
  }

  /** Applies a batch; subscribers hear about it once, and only if something changed. */
  apply(changes: readonly SourceChange[]): void {
    this.next = this.currentVersion + 1;
    this.dirty = false;
    for (const c of changes) {
      if (c.kind === 'upsert') this.upsert(c.event);
      else if (c.kind === 'delete') this.remove(c.event);
      else this.synced(c.namespace, c.seen, c.cluster ?? '');
    }
    this.publish();
  }

  /** Drops every group of `cluster` (`:ctx -NAME`: no longer watched, which is not expiry). */
  forgetCluster(cluster: string): void {
    this.next = this.currentVersion + 1;
    this.dirty = false;
    for (const g of this.dense.filter((x) => x.cluster === cluster)) this.removeGroup(g);
    this.publish();
  }

  private publish(): void {
    if (!this.dirty) return;
    this.currentVersion = this.next;
    this.changeLog.compact(this.byKey.size);
    this.leftLog.compact(this.byKey.size);
    // Every subscriber hears about the batch even if one of them throws; the first error surfaces.
    let failure: { error: unknown } | undefined;
    for (const fn of [...this.listeners]) {
      try {
        fn();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /** Current groups, live view without copying (do not hold across apply()). */
  groups(): IterableIterator<EventGroup> {
    return this.byKey.values();
  }

  /** Current groups as an array, built at most once per version. */
  groupList(): readonly EventGroup[] {
    if (this.listCache?.version !== this.currentVersion) {
      this.listCache = { version: this.currentVersion, list: [...this.byKey.values()] };
    }
    return this.listCache.list;
  }

  get size(): number {
    return this.byKey.size;
  }

  /**
   * Groups that disappeared after `version` because every event in them moved to another text
   * (a series whose note changed). Each keeps its last count and reads expired. A follower that
   * printed them can say they are gone. Evictions are not listed: those groups were not wrong,
   * just old.
   */
  dissolvedSince(version: number): EventGroup[] {
    const out: EventGroup[] = [];
    for (let i = this.dissolved.length - 1; i >= 0 && this.dissolved[i]!.version > version; i--) out.push(this.dissolved[i]!.group);
    return out;
  }

  /** Groups changed after `version` (new ones too, and ones that left since), each once; undefined
   *  when the log was compacted past `version` (then scan groups() for changedVersion). */
  changedSince(version: number): EventGroup[] | undefined {
    return this.changeLog.since(version, (g, v) => g.changedVersion === v);
  }

  /** Groups that left the store after `version` (evicted, dissolved); undefined as changedSince. */
  goneSince(version: number): EventGroup[] | undefined {
    return this.leftLog.since(version, (g) => this.byKey.get(g.key) !== g);
  }

  group(key: string): EventGroup | undefined {
    return this.byKey.get(key);
  }

  /** The group an event with these key parts (model/key) belongs to. */
  groupOf(e: KubeEvent): EventGroup | undefined {
    return this.byKey.get(this.keyFor(e));
  }

  groupsOfObject(kind: string, namespace: string, name: string, cluster = ''): ReadonlySet<EventGroup> {
    const found = this.byObject.get(objectKey(kind, namespace, name, cluster));
    return found === undefined ? NO_GROUPS : found instanceof Group ? new Set([found]) : found;
  }

  groupsOfReason(reason: string): ReadonlySet<EventGroup> {
    return this.byReason.get(reason)?.groups ?? NO_GROUPS;
  }

  groupsOfNamespace(namespace: string): ReadonlySet<EventGroup> {
    return this.byNamespace.get(namespace) ?? NO_GROUPS;
  }

  /** The `n` reasons with the most events (ties: more groups, then name). Distinct reasons are few. */
  topReasons(n: number): ReasonCount[] {
    const all: ReasonCount[] = [];
    for (const [reason, r] of this.byReason) all.push({ reason, groups: r.groups.size, events: r.events });
    all.sort((a, b) => b.events - a.events || b.groups - a.groups || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
    return all.slice(0, Math.max(0, n));
  }

  totals(): Totals {
    return { ...this.t };
  }

  // ── changes ────────────────────────────────────────────────────────────────────────────────

  /**
   * Count rule per uid: the group gets the change of the event's own count (new uid: all of it;
   * re-delivered by a relist: nothing). A *lower* count than last seen:
   * - under our `namespace/name` fallback identity, the name was reused by a new incarnation
   *   (an event recreated after expiry); its count restarted, so all of it is new;
   * - under a real uid (never reused), the same event re-stated: the server went back in time
   *   (an etcd restore, after which we relist). The group follows the server down, so that
   *   counts stay the sum of the events' current counts; otherwise every restore would add the
   *   restored count again, for good.
   */
  private upsert(e: KubeEvent): Member | undefined {
    const id = memberIdOf(e);
    let m = this.members.get(id);
    // Updates and relists of a known event usually keep its key parts: compare them in place
    // rather than building and hashing a ~200-character key.
    const key = m !== undefined && sameKeyParts(m.group.latest, e) ? m.group.key : this.keyFor(e);
    if (m === undefined) {
      // Older than what the cap already dropped and of no kept group: it would be evicted at
      // once (this is what keeps a relist from churning through evicted groups again).
      if (this.t.evicted > 0 && !(evictionTime(e) > this.evictedUpTo) && !this.byKey.has(key)) {
        this.t.droppedOld++;
        this.dirty = true;
        return undefined;
      }
      const g = this.groupFor(key, e);
      m = { uid: id, group: g, count: e.count, deleted: false };
      this.members.set(id, m);
      this.join(m, g);
      this.absorb(g, e, e.count);
      this.reweigh(g);
      this.evictIfOver();
      return m;
    }
    const previous = m.count;
    const delta = e.count < previous && isFallbackUid(e) ? e.count : e.count - previous;
    m.count = e.count;
    if (m.deleted) this.revive(m);
    if (m.group.key !== key) {
      // The event's text changed under the same uid (rare: a series whose note changed; a
      // combined event keeps its key whatever its message): the event and its whole count now
      // belong to the new text, as kubectl shows it. The old group gives that count back, or,
      // if nothing else was counted in it, leaves the store keeping its last count (a paused
      // view may still hold it: it reads expired, never 0).
      const old = m.group;
      this.leave(m);
      const emptied = old.count <= previous;
      if (!emptied) this.takeBack(old, previous);
      const g = this.groupFor(key, e);
      this.join(m, g);
      this.absorb(g, e, e.count);
      if (emptied) this.dissolve(old);
    } else {
      if (delta < 0) this.takeBack(m.group, -delta);
      this.absorb(m.group, e, Math.max(0, delta));
    }
    this.reweigh(m.group);
    this.evictIfOver();
    return m;
  }

  /** DELETED carries the event's final state: count that first, then mark the member gone. */
  private remove(e: KubeEvent): void {
    // A delete for a uid we never saw (evicted, or from before we watched) adds nothing worth a group.
    const known = this.members.get(memberIdOf(e));
    if (known === undefined) return;
    if (known.deleted && known.count === e.count && sameKeyParts(known.group.latest, e)) return; // repeated
    const m = this.upsert(e);
    if (m === undefined || m.deleted || this.members.get(m.uid) !== m) return;
    this.markDeleted(m);
  }

  /**
   * A completed list of `namespace` ('' = all) of `cluster`: members in scope not seen were
   * deleted meanwhile. `seen` holds the server's uids; member ids carry the cluster (memberIdOf).
   */
  private synced(namespace: string, seen: ReadonlySet<string>, cluster: string): void {
    const gone: Member[] = [];
    const prefix = cluster === '' ? '' : memberIdOf({ cluster, uid: '' });
    const unseen = (id: string) => !seen.has(prefix === '' ? id : id.slice(prefix.length));
    if (namespace === '') {
      for (const m of this.members.values()) if (!m.deleted && m.group.cluster === cluster && unseen(m.uid)) gone.push(m);
    } else {
      for (const g of this.byNamespace.get(namespace) ?? []) {
        if (g.cluster !== cluster) continue;
        for (const uid of uidsOf(g)) {
          const m = this.members.get(uid);
          if (m !== undefined && m.group === g && !m.deleted && unseen(uid)) gone.push(m);
        }
      }
    }
    // A uid can appear twice in memberUids (moved away and back): mark each member once.
    for (const m of gone) if (!m.deleted && this.members.get(m.uid) === m) this.markDeleted(m);
  }

  // ── members ────────────────────────────────────────────────────────────────────────────────

  private join(m: Member, g: Group): void {
    m.group = g;
    const uids = g.memberUids;
    if (uids === NO_UIDS) g.memberUids = m.uid;
    else if (typeof uids === 'string') g.memberUids = [uids, m.uid];
    else uids.push(m.uid);
    g.uidBytes += uidBytes(m.uid);
    if (typeof g.memberUids !== 'string' && g.memberUids.length >= g.compactAt) this.compactMembers(g);
    this.setLive(g, g.live + 1);
    this.t.liveEvents++;
    this.touch(g);
  }

  /** Drops uids that moved away or were forgotten; amortised O(1) per join. */
  private compactMembers(g: Group): void {
    const kept = new Set<string>();
    for (const uid of uidsOf(g)) if (this.members.get(uid)?.group === g) kept.add(uid);
    let uids = [...kept];
    if (uids.length > this.maxUidsPerGroup) {
      // The last resort: forget the oldest members (deleted ones first). Their occurrences stay
      // counted; an update of one of them would be counted again, which totals.untracked admits.
      const over = uids.length - this.maxUidsPerGroup;
      const deletedFirst = uids.filter((u) => this.members.get(u)!.deleted);
      const forget = new Set(deletedFirst.length >= over ? deletedFirst.slice(0, over) : [...deletedFirst, ...uids.filter((u) => !this.members.get(u)!.deleted).slice(0, over - deletedFirst.length)]);
      for (const uid of forget) {
        const m = this.members.get(uid)!;
        this.members.delete(uid);
        if (m.deleted) this.tombstones--;
        else {
          this.setLive(g, g.live - 1);
          this.t.liveEvents--;
        }
      }
      this.t.untracked += forget.size;
      uids = uids.filter((u) => !forget.has(u));
    }
    g.memberUids = uids.length === 1 ? uids[0]! : uids;
    g.uidBytes = 0;
    for (const uid of uids) g.uidBytes += uidBytes(uid);
    g.compactAt = Math.max(32, 2 * uids.length);
  }

  private leave(m: Member): void {
    this.setLive(m.group, m.group.live - 1);
    this.t.liveEvents--;
    this.touch(m.group);
  }

  private markDeleted(m: Member): void {
    this.leave(m);
    m.deleted = true;
    this.tombstones++;
    this.tombstoneQueue.push(m);
    this.trimTombstones();
  }

  /** Back from deletion: live again in its group (which may change right after). */
  private revive(m: Member): void {
    m.deleted = false;
    this.tombstones--;
    this.setLive(m.group, m.group.live + 1);
    this.t.liveEvents++;
    this.touch(m.group);
  }

  private setLive(g: Group, live: number): void {
    if (g.live === 0 && live > 0) this.t.expiredGroups--;
    else if (g.live > 0 && live === 0) this.t.expiredGroups++;
    g.live = live;
  }

  /** Forgets the oldest tombstones beyond the cap: a revival of one of those would count again. */
  private trimTombstones(): void {
    while (this.tombstones > this.maxTombstones && this.tombstoneHead < this.tombstoneQueue.length) {
      const m = this.tombstoneQueue[this.tombstoneHead++]!;
      if (m.deleted && this.members.get(m.uid) === m) {
        this.members.delete(m.uid);
        this.tombstones--;
      }
    }
    // Compact once the consumed prefix (or stale entries) dominate, keeping pushes amortised O(1).
    if (this.tombstoneHead > 1024 && this.tombstoneHead * 2 > this.tombstoneQueue.length) {
      this.tombstoneQueue = this.tombstoneQueue.slice(this.tombstoneHead);
      this.tombstoneHead = 0;
    }
    if (this.tombstoneQueue.length - this.tombstoneHead > 2 * this.tombstones + 1024) {
      this.tombstoneQueue = this.tombstoneQueue
        .slice(this.tombstoneHead)
        .filter((m) => m.deleted && this.members.get(m.uid) === m);
      this.tombstoneHead = 0;
    }
  }

  // ── groups ─────────────────────────────────────────────────────────────────────────────────

  /**
   * The key of `e`'s group: its digest (model/key), unless the group under that digest has other
   * parts (a collision, made or by chance), then its full key. A group keyed in full outlives the
   * digest's group at times, so while any exists a digest that finds nothing looks for it too.
   */
  private keyFor(e: KubeEvent): string {
    const digest = this.digest(e);
    const g = this.byKey.get(digest);
    if (g !== undefined ? sameKeyParts(g.latest, e) : this.fullKeys === 0) return digest;
    const full = FULL_KEY + groupKeyOf(e);
    return g !== undefined || this.byKey.has(full) ? full : digest;
  }

  private groupFor(key: string, e: KubeEvent): Group {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const g = new Group(key, e, this.next, this.takeLatest(e));
    this.byKey.set(key, g);
    if (key.startsWith(FULL_KEY)) this.fullKeys++;
    this.changeLog.mark(g, this.next);
    g.slot = this.dense.length;
    this.dense.push(g);
    if (g.slot === this.slotTimes.length) {
      const grown = new Float64Array(this.slotTimes.length * 2);
      grown.set(this.slotTimes);
      this.slotTimes = grown;
    }
    this.slotTimes[g.slot] = evictionTime(g);
    this.indexObject(g);
    const r = this.byReason.get(g.reason);
    if (r === undefined) this.byReason.set(g.reason, { groups: new Set([g]), events: 0 });
    else r.groups.add(g);
    addTo(this.byNamespace, g.namespace, g);
    this.t.groups++;
    this.t.expiredGroups++; // no live member yet; join() follows at once
    if (g.type === 'Warning') this.t.warningGroups++;
    this.dirty = true;
    return g;
  }

  /** `e` becomes a group's latest member: its raw object goes unless kept; its estimated bytes. */
  private takeLatest(e: KubeEvent): number {
    if (this.keepRaw) return eventBytes(e);
    e.forgetRaw?.();
    return fieldBytes(e);
  }

  /** Adds `delta` occurrences of `e` to `g` and lets `e` become the latest member if it is. */
  private absorb(g: Group, e: KubeEvent, delta: number): void {
    if (delta > 0) {
      g.count += delta;
      this.t.events += delta;
      if (g.type === 'Warning') this.t.warningEvents += delta;
      this.byReason.get(g.reason)!.events += delta;
      if (this.recentPerGroup > 0) {
        const o: Occurrence = { at: e.lastSeen, delta, eventName: e.name };
        const ring = g.ring;
        if (ring === undefined || this.recentPerGroup === 1) g.ring = o;
        else if (!Array.isArray(ring)) g.ring = [ring, o];
        else {
          ring.push(o);
          if (ring.length > this.recentPerGroup) ring.shift();
        }
      }
      this.touch(g);
    }
    if (e.firstSeen < g.firstSeen || (g.firstSeen !== g.firstSeen && e.firstSeen === e.firstSeen)) {
      g.firstSeen = e.firstSeen;
      this.touch(g);
    }
    if (e.lastSeen > g.lastSeen || (g.lastSeen !== g.lastSeen && e.lastSeen === e.lastSeen)) {
      g.lastSeen = e.lastSeen;
      this.slotTimes[g.slot] = e.lastSeen;
      this.touch(g);
    }
    if (!isLatest(g.latest, e)) return;
    const previous = g.latest;
    if (previous.uid !== e.uid || previous.resourceVersion !== e.resourceVersion) this.touch(g);
    if (previous !== e) g.latestBytes = this.takeLatest(e);
    g.latest = e;
    if (previous.type !== e.type) {
      const sign = (e.type === 'Warning' ? 1 : 0) - (previous.type === 'Warning' ? 1 : 0);
      this.t.warningGroups += sign;
      this.t.warningEvents += sign * g.count;
      g.severity = severityOf(e.type, e.reason, e.message);
      this.touch(g);
    }
  }

  private touch(g: Group): void {
    if (g.changedVersion !== this.next) this.changeLog.mark(g, this.next);
    g.changedVersion = this.next;
    this.dirty = true;
  }

  private indexObject(g: Group): void {
    const k = objectKey(g.object.kind, g.object.namespace, g.object.name, g.cluster);
    const found = this.byObject.get(k);
    if (found === undefined) this.byObject.set(k, g);
    else if (found instanceof Group) this.byObject.set(k, new Set([found, g]));
    else found.add(g);
  }

  private unindexObject(g: Group): void {
    const k = objectKey(g.object.kind, g.object.namespace, g.object.name, g.cluster);
    const found = this.byObject.get(k);
    if (found === g) this.byObject.delete(k);
    else if (found instanceof Set) {
      found.delete(g);
      if (found.size === 1) this.byObject.set(k, found.values().next().value!);
    }
  }

  // ── the cap ────────────────────────────────────────────────────────────────────────────────

  /**
   * Over the cap, drop the least recently seen 1% (at least one) in one pass: a linear
   * selection of the threshold every maxGroups/100 new groups, i.e. amortised O(100) per new
   * group and no sorting. Groups without any usable time count as oldest.
   */
  private evictIfOver(): void {
    if (this.dense.length > this.maxGroups) this.evictOldest(this.dense.length - this.maxGroups + Math.floor(this.maxGroups / 100));
    // Over the byte budget: down to 99% of it, guessing the number of groups from their mean
    // size (a few rounds at most when the oldest groups are smaller than the mean).
    while (this.t.bytes > this.maxBytes && this.dense.length > 0) {
      const excess = this.t.bytes - 0.99 * this.maxBytes;
      this.evictOldest(Math.min(this.dense.length, Math.ceil((this.dense.length * excess) / this.t.bytes)));
    }
  }

  /** Evicts the `k` least recently seen groups. */
  private evictOldest(k: number): void {
    const n = this.dense.length;
    const slotTimes = this.slotTimes;
    if (this.scratch.length < n) this.scratch = new Float64Array(slotTimes.length);
    const times = this.scratch.subarray(0, n);
    times.set(slotTimes.subarray(0, n));
    const threshold = kthSmallest(times, k - 1);
    let below = 0;
    for (let i = 0; i < n; i++) if (slotTimes[i]! < threshold) below++;
    let ties = k - below; // how many groups exactly at the threshold go too
    const victims: Group[] = [];
    for (let i = 0; i < n; i++) {
      const t = slotTimes[i]!;
      if (t < threshold || (t === threshold && ties-- > 0)) victims.push(this.dense[i]!);
    }
    for (const g of victims) this.evict(g);
    if (threshold > this.evictedUpTo) this.evictedUpTo = threshold;
  }

  private evict(g: Group): void {
    this.t.evictedEvents += g.count;
    this.removeGroup(g);
    this.t.evicted++;
  }

  /** Brings the byte estimate up to date with what `g` holds now (O(1)). */
  private reweigh(g: Group): void {
    if (g.slot < 0) return;
    const b = GROUP_BYTES + 2 * g.key.length + g.latestBytes + g.recentCount * OCCURRENCE_BYTES + g.uidBytes;
    this.t.bytes += b - g.bytes;
    g.bytes = b;
  }

  /** A group whose every event moved to another text: gone, and said so to followers. */
  private dissolve(g: Group): void {
    this.removeGroup(g);
    this.dissolved.push({ version: this.next, group: g });
    if (this.dissolved.length > MAX_DISSOLVED) this.dissolved.splice(0, this.dissolved.length - MAX_DISSOLVED / 2);
  }

  /** Occurrences that moved to another group with their event, or that the server took back. */
  private takeBack(g: Group, n: number): void {
    g.count -= n;
    this.t.events -= n;
    if (g.type === 'Warning') this.t.warningEvents -= n;
    this.byReason.get(g.reason)!.events -= n;
    this.touch(g);
  }

  private removeGroup(g: Group): void {
    this.t.bytes -= g.bytes;
    g.bytes = 0;
    this.byKey.delete(g.key);
    if (g.key.startsWith(FULL_KEY)) this.fullKeys--;
    this.leftLog.mark(g, this.next);
    const last = this.dense.pop()!;
    if (last !== g) {
      this.dense[g.slot] = last;
      this.slotTimes[g.slot] = this.slotTimes[last.slot]!;
      last.slot = g.slot;
    }
    g.slot = -1;
    this.unindexObject(g);
    removeFrom(this.byNamespace, g.namespace, g);
    const r = this.byReason.get(g.reason)!;
    r.groups.delete(g);
    r.events -= g.count;
    if (r.groups.size === 0) this.byReason.delete(g.reason);
    this.t.groups--;
    this.t.events -= g.count;
    if (g.type === 'Warning') {
      this.t.warningGroups--;
      this.t.warningEvents -= g.count;
    }
    if (g.live === 0) this.t.expiredGroups--;
    // Forget its members, so a later update of one of them starts a fresh group.
    for (const uid of uidsOf(g)) {
      const m = this.members.get(uid);
      if (m === undefined || m.group !== g) continue;
      this.members.delete(uid);
      if (m.deleted) this.tombstones--;
      else this.t.liveEvents--;
    }
    g.live = 0;
    this.dirty = true;
  }
}

// Estimated bytes (test/unit/aggregate-memory.test.ts compares them with heap growth). Strings
// count 2 bytes a character, which is what V8 takes for non-Latin-1 text and twice what it takes
// for ASCII: the estimate errs high, and the process's RSS (garbage, parse buffers, the UI) sits
// above the heap anyway. The fixed part: the Group, its map/set/array entries, the object key.
const GROUP_BYTES = 600;
/** An Occurrence, its slot and its event name. */
const OCCURRENCE_BYTES = 120;

/** A tracked uid: the Member, its map entry, its memberUids slot and the string. */
function uidBytes(uid: string): number {
  return 120 + 2 * uid.length;
}

/** A delivered event as the store keeps it: the normalised fields share the raw object's strings. */
function eventBytes(e: KubeEvent): number {
  return 400 + (e.rawBytes ?? jsonBytes(e.raw));
}

/**
 * The same once the raw object is gone: the texts an event does not share with others (the short
 * repeated ones are interned, model/intern), counted as strings are above.
 */
function fieldBytes(e: KubeEvent): number {
  const o = e.object;
  let n = e.uid.length + e.name.length + e.resourceVersion.length + e.message.length + o.name.length + o.uid.length + e.instance.length;
  if (e.related !== undefined) n += 200 + e.related.name.length + e.related.uid.length;
  return 400 + 2 * n;
}

/** Whether two events share every part of the group key (see model/key). */
/** Starts a full key (never a digest, which is base-36 digits and a colon). */
const FULL_KEY = '=';

function sameKeyParts(a: KubeEvent, b: KubeEvent): boolean {
  return (
    a.cluster === b.cluster &&
    a.reason === b.reason &&
    a.object.name === b.object.name &&
    a.namespace === b.namespace &&
    a.component === b.component &&
    a.object.kind === b.object.kind &&
    a.object.namespace === b.object.namespace &&
    (isCombined(a.message) ? isCombined(b.message) && a.type === b.type : a.message === b.message)
  );
}

/** model/normalize's identity for an event the server sent without a uid: reused by a new
 *  incarnation of the same name. (A real uid of exactly this shape is counted the same way.) */
function isFallbackUid(e: KubeEvent): boolean {
  return e.uid.length === e.namespace.length + 1 + e.name.length && e.uid === e.namespace + '/' + e.name;
}

function isLatest(current: KubeEvent, e: KubeEvent): boolean {
  // The same event's latest delivery is its state, even with an earlier time (an etcd restore).
  if (current.uid === e.uid) return true;
  if (e.lastSeen !== e.lastSeen) return current.lastSeen !== current.lastSeen; // unknown time: only over unknown
  return !(e.lastSeen < current.lastSeen); // ties and an unknown current: the one received last
}

function evictionTime(g: { readonly lastSeen: number }): number {
  return g.lastSeen === g.lastSeen ? g.lastSeen : -Infinity;
}

function addTo<K>(index: Map<K, Set<Group>>, k: K, g: Group): void {
  const set = index.get(k);
  if (set === undefined) index.set(k, new Set([g]));
  else set.add(g);
}

function removeFrom<K>(index: Map<K, Set<Group>>, k: K, g: Group): void {
  const set = index.get(k);
  if (set === undefined) return;
  set.delete(g);
  if (set.size === 0) index.delete(k);
}

/** The k-th smallest value (0-based) by in-place quickselect; `a` is scrambled. O(n) expected. */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // Median of three as the pivot keeps sorted input (the usual case here) linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
