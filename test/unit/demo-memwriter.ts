// An in-memory ClusterWriter for scenario tests: Maps, a resourceVersion counter, and a log
// of every event write (ADDED / MODIFIED) in order, like a watch would see them.
import type { ClusterWriter, CoreEvent, KubeObject, ObjectResource } from '../../demo/types.js';

export interface EventWrite { type: 'ADDED' | 'MODIFIED'; event: CoreEvent }

export class MemWriter implements ClusterWriter {
  rv = 0;
  objects = new Map<string, KubeObject>();
  events = new Map<string, CoreEvent>();
  log: EventWrite[] = [];
  keepLog = true;

  private key(resource: string, ns: string, name: string) {
    return `${resource}/${ns}/${name}`;
  }
  putObject(resource: ObjectResource, obj: KubeObject): KubeObject {
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    this.objects.set(this.key(resource, obj.metadata.namespace ?? '', obj.metadata.name), stored);
    return stored;
  }
  getObject(resource: ObjectResource, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(this.key(resource, namespace, name));
  }
  deleteObject(resource: ObjectResource, namespace: string, name: string): void {
    this.rv++;
    this.objects.delete(this.key(resource, namespace, name));
  }
  createEvent(ev: CoreEvent, at: Date): CoreEvent {
    const ns = ev.metadata.namespace!;
    const k = `${ns}/${ev.metadata.name}`;
    if (!ev.metadata.name || !ns) throw new Error('event name and namespace are required');
    if (this.events.has(k)) throw new Error(`events "${ev.metadata.name}" already exists`);
    const stored: CoreEvent = { ...ev, metadata: { ...ev.metadata, resourceVersion: String(++this.rv), creationTimestamp: at.toISOString().slice(0, 19) + 'Z' } };
    this.events.set(k, stored);
    if (this.keepLog) this.log.push({ type: 'ADDED', event: stored });
    return stored;
  }
  updateEvent(namespace: string, name: string, mutate: (ev: CoreEvent) => void, _at: Date): CoreEvent | undefined {
    const cur = this.events.get(`${namespace}/${name}`);
    if (!cur) return undefined;
    // Recorders only set top-level fields (count, lastTimestamp, message, series): a shallow copy is enough.
    const copy: CoreEvent = { ...cur, metadata: { ...cur.metadata } };
    mutate(copy);
    copy.metadata.resourceVersion = String(++this.rv);
    this.events.set(`${namespace}/${name}`, copy);
    if (this.keepLog) this.log.push({ type: 'MODIFIED', event: copy });
    return copy;
  }
  getEvent(namespace: string, name: string): CoreEvent | undefined {
    return this.events.get(`${namespace}/${name}`);
  }
  /** Any object by kind/namespace/name, for ownerReference checks. */
  find(kind: string, namespace: string, name: string): KubeObject | undefined {
    for (const o of this.objects.values()) if (o.kind === kind && (o.metadata.namespace ?? '') === namespace && o.metadata.name === name) return o;
    return undefined;
  }
}
