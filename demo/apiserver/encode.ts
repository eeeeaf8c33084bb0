// Serialising stored objects for one API (group/version): list items without kind/apiVersion,
// single objects and watch objects with them. Nothing is kept on the stored objects: a 1M-event
// store would hold a gigabyte of JSON per group. Watch objects alone are kept, briefly, per
// group: every watcher of a group writes the same change within moments, so it is serialised once.
import type { CoreEvent } from '../types.js';
import { eventBody, objectBody, prefixTypeMeta, type EventGroup } from './convert.js';
import { apiVersionOf, type ResourceInfo } from './resources.js';
import type { Stored } from './store.js';

const SHARED = 4096;
const watchObjects = new Map<string, Map<Stored, string>>();

export class Encoder {
  readonly apiVersion: string;
  readonly kind: string;
  readonly listKind: string;
  /** For events: which group's shape; objects have one shape. */
  readonly form: EventGroup | 'obj';

  constructor(readonly info: ResourceInfo) {
    this.apiVersion = apiVersionOf(info);
    this.kind = info.kind;
    this.listKind = `${info.kind}List`;
    this.form = info.store === 'events' ? (info.group === '' ? 'core' : 'events') : 'obj';
  }

  /** The list-item body (no kind/apiVersion). */
  item(s: Stored): string {
    return JSON.stringify(this.form === 'obj' ? objectBody(s.obj) : eventBody(s.obj as CoreEvent, this.form));
  }

  /** object(s), shared by every watcher of this API while the change is recent. */
  watchObject(s: Stored): string {
    const key = `${this.apiVersion}/${this.kind}`;
    let m = watchObjects.get(key);
    if (!m) watchObjects.set(key, (m = new Map()));
    let j = m.get(s);
    if (j === undefined) {
      j = this.object(s);
      m.set(s, j);
      if (m.size > SHARED) m.delete(m.keys().next().value!);
    }
    return j;
  }

  /** The object with kind/apiVersion, as GET and watch events carry it. */
  object(s: Stored): string {
    return prefixTypeMeta(this.kind, this.apiVersion, this.item(s));
  }

  list(meta: Record<string, unknown>, items: string[]): string {
    return `{"kind":${JSON.stringify(this.listKind)},"apiVersion":${JSON.stringify(this.apiVersion)},"metadata":${JSON.stringify(meta)},"items":[${items.join(',')}]}`;
  }

  /** base64 of `{"kind":"<List>","apiVersion":"<v>","metadata":{},"items":null}` and a newline, as kube-apiserver 1.33 sends it. */
  private listBlueprint(): string {
    return Buffer.from(`{"kind":${JSON.stringify(this.listKind)},"apiVersion":${JSON.stringify(this.apiVersion)},"metadata":{},"items":null}\n`).toString('base64');
  }

  /** The BOOKMARK object: an empty object of the watched kind carrying only a resourceVersion. */
  bookmark(rv: number, initialEventsEnd: boolean): string {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv), creationTimestamp: null };
    // The blueprint (an empty list of this kind) lets a WatchList client build its list object.
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true', 'kubernetes.io/initial-events-list-blueprint': this.listBlueprint() };
    const body =
      this.form === 'obj'
        ? { metadata }
        : this.form === 'core'
          ? { metadata, involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null, reportingComponent: '', reportingInstance: '' }
          : { metadata, eventTime: null, regarding: {}, deprecatedSource: {}, deprecatedFirstTimestamp: null, deprecatedLastTimestamp: null };
    return prefixTypeMeta(this.kind, this.apiVersion, JSON.stringify(body));
  }
}
