// Terse KubeEvents for store tests: only what a test cares about is spelt out.
import type { KubeEvent } from '../../../src/model/event.js';
import type { SourceChange } from '../../../src/kube/types.js';

export interface EventSpec {
  uid: string;
  count?: number;
  reason?: string;
  message?: string;
  type?: string;
  ns?: string;
  kind?: string;
  object?: string;
  component?: string;
  instance?: string;
  name?: string;
  rv?: string;
  firstSeen?: number;
  lastSeen?: number;
  cluster?: string;
}

export function ev(p: EventSpec): KubeEvent {
  const ns = p.ns ?? 'shop';
  const lastSeen = p.lastSeen ?? 1000;
  return {
    uid: p.uid,
    namespace: ns,
    name: p.name ?? `${p.object ?? 'web'}.${p.uid}`,
    resourceVersion: p.rv ?? '1',
    object: { kind: p.kind ?? 'Pod', namespace: p.kind === 'Node' ? '' : ns, name: p.object ?? 'web', apiVersion: 'v1', uid: '', fieldPath: '' },
    related: undefined,
    reason: p.reason ?? 'BackOff',
    message: p.message ?? 'Back-off restarting failed container',
    type: p.type ?? 'Warning',
    component: p.component ?? 'kubelet',
    instance: p.instance ?? 'node-a',
    action: '',
    count: p.count ?? 1,
    firstSeen: p.firstSeen ?? lastSeen,
    lastSeen,
    apiGroup: 'core',
    cluster: p.cluster ?? '',
    raw: {},
  };
}

export const upsert = (event: KubeEvent): SourceChange => ({ kind: 'upsert', event });
