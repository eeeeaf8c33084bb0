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

/**
 * A 64-bit digest of the parts groupKeyOf joins, as a short string: what the store keys groups
 * on. The full key repeats the message, the largest string a group holds (1 KB messages: half of
 * a group's memory); the digest is 10–14 characters. Digests can collide (a hostile server can
 * make them): the store checks each hit against the group's own parts and keys the loser on
 * its full key.
 */
export function groupDigestOf(e: KubeEvent): string {
  const o = e.object;
  const combined = isCombined(e.message);
  // Two 32-bit multiplicative hashes (cyrb53's mixing) over the parts, each part ended by a 0,
  // which no sanitised field contains.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1, 2654435761);
    h2 = Math.imul(h2, 1597334677);
  };
  mix(e.cluster);
  mix(e.component);
  mix(o.kind);
  mix(o.namespace);
  mix(o.name);
  mix(e.reason);
  if (combined) {
    mix(COMBINED_PREFIX);
    mix(e.type);
  } else mix(e.message);
  mix(e.namespace);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(36) + ':' + (h1 >>> 0).toString(36);
}

/** The store's identity of an event: its uid, within its cluster (two clusters may share uids). */
export function memberIdOf(e: Pick<KubeEvent, 'uid' | 'cluster'>): string {
  return e.cluster === '' ? e.uid : e.cluster + SEP + e.uid;
}

/** Index key of an involved object (of `cluster`, '' for one cluster). */
export function objectKey(kind: string, namespace: string, name: string, cluster = ''): string {
  return cluster === '' ? [kind, namespace, name].join(SEP) : [kind, namespace, name, cluster].join(SEP);
}
