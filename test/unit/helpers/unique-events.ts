// Unique groups with ~1 KB messages, as JSON watch lines parse them: the memory tests and
// bench/memory.ts feed the store with these.
import { normalize } from '../../../src/model/normalize.js';
import type { KubeEvent } from '../../../src/model/event.js';

const FILLER = 'x'.repeat(1024);
const BASE = Date.parse('2025-03-01T12:00:00Z');

/** The raw Event `i` (a distinct object, hence a distinct group; lastSeen grows with i). */
export function uniqueRaw(i: number, opts: { uid?: string; object?: string; messageBytes?: number } = {}): Record<string, unknown> {
  const t = new Date(BASE + i * 1000).toISOString();
  const pod = opts.object ?? `app-${i.toString(36)}-x2k4q`;
  return {
    kind: 'Event', apiVersion: 'v1',
    metadata: { name: `${pod}.${(0x17c3e5a1b2c3d4n + BigInt(i)).toString(16)}`, namespace: `team-${i % 40}`, uid: opts.uid ?? `0c0ffee0-${i.toString(16).padStart(4, '0')}-4222-8333-444455556666`, resourceVersion: String(1000 + i), creationTimestamp: t },
    involvedObject: { kind: 'Pod', namespace: `team-${i % 40}`, name: pod, uid: `obj-${i}`, apiVersion: 'v1', resourceVersion: '42', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    message: `Back-off restarting failed container app in pod ${pod} #${i} ${FILLER.slice(0, opts.messageBytes ?? 1024)}`,
    source: { component: 'kubelet', host: `node-${i % 50}` },
    firstTimestamp: t, lastTimestamp: t, count: 1, type: 'Warning', eventTime: null, reportingComponent: 'kubelet', reportingInstance: `node-${i % 50}`,
  };
}

/** The event as the source delivers it: parsed from its JSON line (fresh strings), normalised. */
export function uniqueEvent(i: number, opts: Parameters<typeof uniqueRaw>[1] = {}): KubeEvent {
  return normalize(JSON.parse(JSON.stringify(uniqueRaw(i, opts))), 'core')!;
}
