// Folding: groups that say the same thing about different PIDs, pods or images (the same
// component, object kind, namespace, reason, type and message template, model/template) shown as
// one row. client-go's "similar events" idea, done on the client with exact counts: a fold's count
// is always the sum of its members' counts. Pure: no I/O, no React; reads the store's public API.
//
// For a view (the TUI's `f`, --plain --fold):
//   const folds = new FoldIndex();
//   const changes = folds.sync(store);      // once per store version; cost ∝ groups changed
//   folds.rows();                           // every row: a group, or a Fold (isFold) of ≥ 2 groups
//   changes.changed / changes.removed       // rows that appeared or changed / that went away
//   folds.rowVersion(row)                   // store version at which the row last changed
//   folds.membersOf(fold)                   // Enter: the member groups, latest first
// A Fold is an EventGroup too (count, firstSeen, lastSeen, severity, latest, object, message =
// the template), so sorting, matching and row rendering work on it unchanged; `folded`,
// `template`, `groups`, `objects` and `members` say what it folds. A fold of one group is shown as
// that group, without markers. Rows are stable objects: a Fold is the same object while its key
// has members. Use rowVersion, not a row's changedVersion, to see that a row changed: a group
// that becomes a row again (its fold shrank to one) was not itself changed.
import type { AggregateStore, EventGroup, Occurrence } from './aggregate.js';
import type { KubeEvent, ObjectRef } from '../model/event.js';
import { objectKey } from '../model/key.js';
import { severityRank, type Severity } from '../model/severity.js';
import { templateOf } from '../model/template.js';

export interface Fold extends EventGroup {
  readonly folded: true;
  /** The message template, markers in place of the variable parts (also `message`). */
  readonly template: string;
  /** Member groups and distinct involved objects. */
  readonly groups: number;
  readonly objects: number;
  readonly members: ReadonlySet<EventGroup>;
  /** The member with the greatest lastSeen: the one to show. */
  readonly latestGroup: EventGroup;
}

export type FoldRow = EventGroup | Fold;

export function isFold(row: FoldRow): row is Fold {
  return (row as Partial<Fold>).folded === true;
}

export interface FoldChanges {
  /** Rows that appeared or changed, each once. */
  readonly changed: readonly FoldRow[];
  /** Rows no longer shown: a group absorbed into a fold, a fold down to one group, gone groups. */
  readonly removed: readonly FoldRow[];
}

const NO_CHANGES: FoldChanges = { changed: [], removed: [] };
const SEP = '\u0000';
const RECENT = 20;

/** What a fold last counted of a member, so that an update adds only its difference. */
interface Member {
  fold: FoldImpl;
  count: number;
  live: number;
  type: string;
  baseMessage: string;
  objectKey: string;
}

class FoldImpl implements Fold {
  readonly folded = true;
  readonly members = new Set<EventGroup>();
  /** Members per involved object. */
  readonly objectRefs = new Map<string, number>();
  count = 0;
  live = 0;
  firstSeen = NaN;
  lastSeen = NaN;
  severity: Severity = 'normal';
  latestGroup!: EventGroup;
  createdVersion: number;
  changedVersion: number;
  /** A member left: the extremes are recomputed once the batch is applied. */
  stale = false;
  private recentCache: { version: number; recent: readonly Occurrence[] } | undefined;

  constructor(
    readonly key: string,
    readonly template: string,
    version: number,
  ) {
    this.createdVersion = version;
    this.changedVersion = version;
  }

  get groups(): number {
    return this.members.size;
  }
  get objects(): number {
    return this.objectRefs.size;
  }
  get namespace(): string {
    return this.latestGroup.namespace;
  }
  get cluster(): string {
    return this.latestGroup.cluster;
  }
  get component(): string {
    return this.latestGroup.component;
  }
  get reason(): string {
    return this.latestGroup.reason;
  }
  get type(): string {
    return this.latestGroup.type;
  }
  get baseMessage(): string {
    return this.template;
  }
  get message(): string {
    return this.template;
  }
  get combined(): boolean {
    return false;
  }
  get object(): ObjectRef {
    return this.latestGroup.object;
  }
  get instance(): string {
    return this.latestGroup.instance;
  }
  get latest(): KubeEvent {
    return this.latestGroup.latest;
  }
  get expired(): boolean {
    return this.live === 0;
  }
  /** The members' recent occurrences merged, oldest first (built on demand, per version). */
  get recent(): readonly Occurrence[] {
    if (this.recentCache?.version !== this.changedVersion) {
      const all: Occurrence[] = [];
      for (const g of this.members) all.push(...g.recent);
      all.sort((a, b) => (a.at === a.at ? a.at : -Infinity) - (b.at === b.at ? b.at : -Infinity));
      this.recentCache = { version: this.changedVersion, recent: all.slice(-RECENT) };
    }
    return this.recentCache.recent;
  }

  /** Folds `g` into the extremes (never lowers anything: leaving sets `stale` instead). */
  take(g: EventGroup): void {
    if (g.firstSeen < this.firstSeen || (this.firstSeen !== this.firstSeen && g.firstSeen === g.firstSeen)) this.firstSeen = g.firstSeen;
    if (this.latestGroup === undefined || g === this.latestGroup || isLater(g, this.latestGroup)) {
      this.latestGroup = g;
    }
    if (g.lastSeen > this.lastSeen || (this.lastSeen !== this.lastSeen && g.lastSeen === g.lastSeen)) this.lastSeen = g.lastSeen;
    if (severityRank(g.severity) > severityRank(this.severity)) this.severity = g.severity;
  }

  recompute(): void {
    this.firstSeen = NaN;
    this.lastSeen = NaN;
    this.severity = 'normal';
    const first = this.members.values().next().value;
    if (first === undefined) return;
    this.latestGroup = first;
    for (const g of this.members) this.take(g);
    this.stale = false;
  }
}

/** A later lastSeen wins; an unknown time only over an unknown one. */
function isLater(a: EventGroup, b: EventGroup): boolean {
  if (a.lastSeen !== a.lastSeen) return false;
  return b.lastSeen !== b.lastSeen || a.lastSeen > b.lastSeen;
}

function foldKeyOf(g: EventGroup): string {
  // g.cluster first: a fold, like a group, never spans clusters.
  return [g.cluster, g.component, g.object.kind, g.namespace, g.reason, g.type, templateOf(g.baseMessage).key].join(SEP);
}

export class FoldIndex {
  private readonly folds = new Map<string, FoldImpl>();
  private readonly memberOf = new Map<EventGroup, Member>();
  private currentVersion = 0;
  /** Bumped by every apply that touched a fold: what the row cache is keyed on. */
  private mutations = 0;
  private rowCache: { mutations: number; rows: readonly FoldRow[] } | undefined;

  /** The store version the index reflects (after sync), or the last apply's. */
  get version(): number {
    return this.currentVersion;
  }

  /** Folds tracked (each row is one fold; a fold of one group is shown as the group). */
  get size(): number {
    return this.folds.size;
  }

  /**
   * Brings the index up to `store.version`: groups changed since (changedVersion) are re-folded,
   * groups that left the store (dissolved, evicted) leave their folds. O(groups changed) plus a
   * scan of the store's groups for changedVersion, as the view does, and a lookup per tracked
   * group only when groups were evicted.
   */
  sync(store: AggregateStore): FoldChanges {
    const since = this.currentVersion;
    const version = store.version;
    if (version === since && this.memberOf.size === store.size) return NO_CHANGES;
    const changed: EventGroup[] = [];
    let fresh = 0;
    for (const g of store.groups()) {
      if (g.changedVersion <= since) continue;
      changed.push(g);
      if (!this.memberOf.has(g)) fresh++;
    }
    const removed = new Set<EventGroup>();
    for (const g of store.dissolvedSince(since)) if (this.memberOf.has(g)) removed.add(g);
    // Evictions are not listed by the store: a size that does not add up means some happened.
    if (store.size !== this.memberOf.size - removed.size + fresh) {
      for (const g of this.memberOf.keys()) if (store.group(g.key) !== g) removed.add(g);
    }
    return this.apply(changed, removed, version);
  }

  /**
   * Re-folds `changed` groups (new, or changed since last seen) and drops `removed` ones. Only
   * the folds these touch are updated. `version` stamps the rows that change (default: one more
   * than the last).
   */
  apply(changed: Iterable<EventGroup>, removed: Iterable<EventGroup>, version = this.currentVersion + 1): FoldChanges {
    const before = new Map<FoldImpl, FoldRow | undefined>();
    const touch = (f: FoldImpl) => {
      if (!before.has(f)) before.set(f, rowOf(f));
    };
    for (const g of removed) {
      const m = this.memberOf.get(g);
      if (m === undefined) continue;
      touch(m.fold);
      this.leave(g, m);
      this.memberOf.delete(g);
    }
    for (const g of changed) {
      let m = this.memberOf.get(g);
      // A group's message is part of its key, so only a type change can move it.
      if (m !== undefined && m.type === g.type && m.baseMessage === g.baseMessage) {
        const f = m.fold;
        touch(f);
        f.count += g.count - m.count;
        f.live += g.live - m.live;
        m.count = g.count;
        m.live = g.live;
        f.take(g);
        continue;
      }
      const key = foldKeyOf(g);
      if (m !== undefined) {
        touch(m.fold);
        this.leave(g, m);
      }
      let f = this.folds.get(key);
      if (f === undefined) {
        f = new FoldImpl(key, templateOf(g.baseMessage).display, version);
        this.folds.set(key, f);
      }
      touch(f);
      const ok = objectKey(g.object.kind, g.object.namespace, g.object.name);
      m = { fold: f, count: g.count, live: g.live, type: g.type, baseMessage: g.baseMessage, objectKey: ok };
      this.memberOf.set(g, m);
      f.members.add(g);
      f.objectRefs.set(ok, (f.objectRefs.get(ok) ?? 0) + 1);
      f.count += g.count;
      f.live += g.live;
      f.take(g);
    }
    if (before.size === 0 && version === this.currentVersion) return NO_CHANGES;
    this.currentVersion = version;
    if (before.size > 0) this.mutations++;
    const out: FoldRow[] = [];
    const gone: FoldRow[] = [];
    const shown = new Set<FoldRow>();
    for (const f of before.keys()) {
      if (f.members.size === 0) this.folds.delete(f.key);
      else if (f.stale) f.recompute();
      f.changedVersion = version;
      const now = rowOf(f);
      if (now !== undefined) {
        out.push(now);
        shown.add(now);
      }
    }
    for (const was of before.values()) if (was !== undefined && !shown.has(was)) gone.push(was);
    return out.length === 0 && gone.length === 0 ? NO_CHANGES : { changed: out, removed: gone };
  }

  private leave(g: EventGroup, m: Member): void {
    const f = m.fold;
    f.members.delete(g);
    const n = f.objectRefs.get(m.objectKey)! - 1;
    if (n === 0) f.objectRefs.delete(m.objectKey);
    else f.objectRefs.set(m.objectKey, n);
    f.count -= m.count;
    f.live -= m.live;
    f.stale = true;
  }

  /** Every row, built at most once per change: a group, or a Fold of two or more. Do not mutate. */
  rows(): readonly FoldRow[] {
    if (this.rowCache?.mutations !== this.mutations) {
      const rows: FoldRow[] = [];
      for (const f of this.folds.values()) rows.push(rowOf(f)!);
      this.rowCache = { mutations: this.mutations, rows };
    }
    return this.rowCache.rows;
  }

  /** The store version at which this row last changed (0 for a row the index does not hold). */
  rowVersion(row: FoldRow): number {
    return isFold(row) ? row.changedVersion : (this.memberOf.get(row)?.fold.changedVersion ?? 0);
  }

  /** The fold a group belongs to (a Fold only when it has other members). */
  foldOf(g: EventGroup): Fold | undefined {
    const f = this.memberOf.get(g)?.fold;
    return f !== undefined && f.members.size > 1 ? f : undefined;
  }

  /** A fold's member groups, latest first. */
  membersOf(fold: Fold): EventGroup[] {
    return [...fold.members].sort((a, b) => (isLater(a, b) ? -1 : isLater(b, a) ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

function rowOf(f: FoldImpl): FoldRow | undefined {
  if (f.members.size === 0) return undefined;
  return f.members.size === 1 ? f.members.values().next().value! : f;
}
