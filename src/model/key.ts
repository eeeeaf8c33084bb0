// The aggregation key: which events are "the same thing happening again".
import type { KubeEvent } from './event.js';

/** client-go's legacy recorder prefix once ≥10 similar messages were folded into one event. */
export const COMBINED_PREFIX = '(combined from similar events): ';

// sanitize() strips every C0 control, so no field can contain NUL: joining on it cannot collide.
const SEP = '\u0000';

export function isCombined(message: string): boolean {
  return message.startsWith(COMBINED_PREFIX);
}

/** The message without the combined prefix (the latest text of a combined group). */
export function stripCombined(message: string): string {
  return message.startsWith(COMBINED_PREFIX) ? message.slice(COMBINED_PREFIX.length) : message;
}

/**
 * Reporting component, involved object (kind, namespace, name), reason, message. The event's own
 * namespace is included too: it equals the object's for namespaced objects, and keeping it makes
 * a group's namespace well defined for cluster-scoped objects (whose events usually live in
 * `default`, but may be anywhere).
 *
 * A legacy combined event is client-go's EventAggregator folding one source, object, type and
 * reason into a single event that it re-states with each new message and a growing count: its
 * text is not what it is, so its type stands in the message's place. No other message starts with
 * the prefix, so the two kinds of key cannot meet.
 */
export function groupKeyOf(e: KubeEvent): string {
  const o = e.object;
  const text = isCombined(e.message) ? COMBINED_PREFIX + e.type : e.message;
  // join() builds one flat string; `a + b + …` builds a tree of rope nodes that V8 can keep alive
  // for as long as the key lives (measured: ~300 bytes more per group).
  const key = [e.component, o.kind, o.namespace, o.name, e.reason, text, e.namespace].join(SEP);
  // Groups never merge across clusters; one cluster ('') keeps its key as it was.
  return e.cluster === '' ? key : e.cluster + SEP + key;
}

/** The store's identity of an event: its uid, within its cluster (two clusters may share uids). */
export function memberIdOf(e: Pick<KubeEvent, 'uid' | 'cluster'>): string {
  return e.cluster === '' ? e.uid : e.cluster + SEP + e.uid;
}

/** Index key of an involved object (of `cluster`, '' for one cluster). */
export function objectKey(kind: string, namespace: string, name: string, cluster = ''): string {
  return cluster === '' ? [kind, namespace, name].join(SEP) : [kind, namespace, name, cluster].join(SEP);
}
