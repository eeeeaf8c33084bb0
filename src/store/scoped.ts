// The store's groups of some namespaces only, as a row source for a view (:ns while the store
// keeps the other namespaces, so switching back shows them at once). Pure.
import type { AggregateStore, EventGroup } from './aggregate.js';
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
  groupList(): readonly EventGroup[] {
    return [...this.groups()];
  }
  group(key: string): EventGroup | undefined {
    const g = this.store.group(key);
    return g !== undefined && this.namespaces.has(g.namespace) ? g : undefined;
  }
  groupsOfObject(kind: string, namespace: string, name: string): Iterable<EventGroup> {
    return [...this.store.groupsOfObject(kind, namespace, name)].filter((g) => this.namespaces.has(g.namespace));
  }
}
