// The store's groups of some namespaces only, as a row source for a view (:ns while the store
// keeps the other namespaces, so switching back shows them at once). Pure.
import type { AggregateStore, EventGroup, Totals } from './aggregate.js';
import type { RowSource } from './view.js';

export class NamespaceRows implements RowSource {
  private readonly namespaces: ReadonlySet<string>;

  constructor(
    private readonly store: AggregateStore,
    namespaces: readonly string[],
  ) {
    this.namespaces = new Set(namespaces);
  }

  get version(): number {
    return this.store.version;
  }
  get size(): number {
    let n = 0;
    for (const ns of this.namespaces) n += this.store.groupsOfNamespace(ns).size;
    return n;
  }
  *groups(): Iterable<EventGroup> {
    for (const ns of this.namespaces) yield* this.store.groupsOfNamespace(ns);
  }
  noneExpired(): boolean {
    return this.store.noneExpired();
  }
  groupList(): readonly EventGroup[] {
    return [...this.groups()];
  }
  group(key: string): EventGroup | undefined {
    const g = this.store.group(key);
    return g !== undefined && this.namespaces.has(g.namespace) ? g : undefined;
  }
  groupsOfObject(kind: string, namespace: string, name: string, cluster?: string): Iterable<EventGroup> {
    return [...this.store.groupsOfObject(kind, namespace, name, cluster)].filter((g) => this.namespaces.has(g.namespace));
  }
}

/**
 * The store's totals with the group and event figures of these namespaces only ([''] or none =
 * all: the store's own), for a header that counts what the view is scoped to. The caps' figures
 * (evicted, untracked, bytes) stay the store's: they say what the store dropped, whatever is shown.
 */
export function scopedTotals(store: AggregateStore, namespaces: readonly string[]): Totals {
  const all = store.totals();
  if (namespaces.length === 0 || namespaces.includes('')) return all;
  let groups = 0;
  let events = 0;
  let warningGroups = 0;
  let warningEvents = 0;
  let expiredGroups = 0;
  let liveEvents = 0;
  for (const ns of new Set(namespaces)) {
    for (const g of store.groupsOfNamespace(ns)) {
      groups++;
      events += g.count;
      liveEvents += g.live;
      if (g.live === 0) expiredGroups++;
      if (g.type === 'Warning') {
        warningGroups++;
        warningEvents += g.count;
      }
    }
  }
  return { ...all, groups, events, warningGroups, warningEvents, expiredGroups, liveEvents };
}
