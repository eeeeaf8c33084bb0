// Row sources for the view (store/view RowSource) while folding is on: the folded rows of a
// store (store/fold), and the member groups of one fold (what Enter on a fold lists). Pure.
import type { AggregateStore, EventGroup } from './aggregate.js';
import { FoldIndex, isFold, type Fold, type FoldRow } from './fold.js';
import type { RowSource } from './view.js';

/** The store's groups folded: one row per fold of two or more, the other groups as they are. */
export class FoldedRows implements RowSource {
  readonly index = new FoldIndex();
  private readonly byKey = new Map<string, FoldRow>();
  /** Versions at which rows last left, and at which a row that had left came back unchanged. */
  private removedAt = 0;
  private rebuildAt = 0;

  constructor(private readonly store: AggregateStore) {}

  /** Brings the rows up to the store's version: call once per store snapshot, only while shown. */
  sync(): void {
    const before = this.index.version;
    const c = this.index.sync(this.store);
    const version = this.index.version;
    for (const r of c.removed) if (this.byKey.get(r.key) === r) this.byKey.delete(r.key);
    if (c.removed.length > 0) this.removedAt = version;
    for (const r of c.changed) {
      this.byKey.set(r.key, r);
      // A group that is a row again because its fold shrank: its own changedVersion is older than
      // what the view has merged, so a merge would keep its old row beside the new one.
      if (!isFold(r) && r.changedVersion <= before && before > 0) this.rebuildAt = version;
    }
  }

  get version(): number {
    return this.index.version;
  }
  get size(): number {
    return this.byKey.size;
  }
  groups(): Iterable<EventGroup> {
    return this.index.rows();
  }
  groupList(): readonly EventGroup[] {
    return this.index.rows();
  }
  group(key: string): EventGroup | undefined {
    return this.byKey.get(key);
  }
  groupsOfObject(kind: string, namespace: string, name: string, cluster?: string): Iterable<EventGroup> {
    const rows = new Set<EventGroup>();
    for (const g of this.store.groupsOfObject(kind, namespace, name, cluster)) rows.add(this.index.foldOf(g) ?? g);
    return rows;
  }
  rowVersion(row: EventGroup): number {
    return this.index.rowVersion(row);
  }
  leftSince(version: number): 'none' | 'removed' | 'rebuild' {
    return this.rebuildAt > version ? 'rebuild' : this.removedAt > version ? 'removed' : 'none';
  }
}

/** The member groups of one fold, as plain store groups (their own versions apply). */
export class FoldMembers implements RowSource {
  constructor(
    private readonly store: AggregateStore,
    readonly fold: Fold,
  ) {}

  get version(): number {
    return this.store.version;
  }
  get size(): number {
    return this.fold.members.size;
  }
  groups(): Iterable<EventGroup> {
    return this.fold.members;
  }
  groupList(): readonly EventGroup[] {
    return [...this.fold.members];
  }
  group(key: string): EventGroup | undefined {
    const g = this.store.group(key);
    return g !== undefined && this.fold.members.has(g) ? g : undefined;
  }
  groupsOfObject(kind: string, namespace: string, name: string, cluster?: string): Iterable<EventGroup> {
    return [...this.store.groupsOfObject(kind, namespace, name, cluster)].filter((g) => this.fold.members.has(g));
  }
  /** A member can leave while another joins (a type change each way), sizes equal: always look
   *  rows up again (a fold's members are few). */
  leftSince(): 'removed' {
    return 'removed';
  }
}
