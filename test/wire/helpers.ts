// Shared helpers for the wire tests: a small deterministic scenario (so these tests do not
// depend on the scenario module's content), and the shared raw HTTP client bound to a base URL.
import { req as request, watch as openWatch, type Res, type WatchClient } from '../helpers/http.js';
import type { ClusterWriter, CoreEvent, Rng, Scenario } from '../../demo/types.js';

const NAMESPACES = ['default', 'kube-system', 'payments', 'web'];
const REASONS: Array<[string, 'Normal' | 'Warning', string]> = [
  ['Scheduled', 'Normal', 'Successfully assigned pod to node'],
  ['Pulled', 'Normal', 'Container image "nginx:1.27" already present on machine'],
  ['BackOff', 'Warning', 'Back-off restarting failed container app in pod'],
  ['Unhealthy', 'Warning', 'Readiness probe failed: HTTP probe failed with statuscode: 503'],
  ['Started', 'Normal', 'Started container app'],
];

/** Namespaces, 2 nodes and 3 pods per namespace; each step creates an event or repeats one. */
export function testScenario(): Scenario {
  const made: Array<{ ns: string; name: string }> = [];
  return {
    name: 'wire-test',
    description: 'deterministic events for wire tests',
    setup(c: ClusterWriter, _rng: Rng, at: Date) {
      const ts = at.toISOString().slice(0, 19) + 'Z';
      for (const ns of NAMESPACES) {
        c.putObject('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, creationTimestamp: ts }, status: { phase: 'Active' } });
        for (let i = 0; i < 3; i++) {
          c.putObject('pods', {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `app-${i}`, namespace: ns, labels: { app: 'app' }, creationTimestamp: ts },
            spec: { nodeName: `node-${i % 2}`, containers: [{ name: 'app', image: 'nginx:1.27' }] },
            status: { phase: 'Running', podIP: `10.0.0.${i}`, containerStatuses: [{ name: 'app', ready: true, restartCount: i, state: { running: {} } }] },
          });
        }
      }
      for (let i = 0; i < 2; i++) {
        c.putObject('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i}`, creationTimestamp: ts }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.4' } } });
      }
    },
    step(c: ClusterWriter, rng: Rng, at: Date) {
      if (made.length > 5 && rng.next() < 0.3) {
        const pick = made[rng.int(made.length)];
        const updated = c.updateEvent(pick.ns, pick.name, (ev) => {
          ev.count = (ev.count ?? 1) + 1;
          ev.lastTimestamp = at.toISOString();
        }, at);
        if (updated) return;
      }
      const ns = rng.pick(NAMESPACES);
      const pod = `app-${rng.int(3)}`;
      const [reason, type, message] = rng.pick(REASONS);
      const name = `${pod}.${rng.hex(16)}`;
      const ts = at.toISOString();
      const ev: CoreEvent = {
        metadata: { name, namespace: ns },
        involvedObject: { kind: 'Pod', namespace: ns, name: pod, apiVersion: 'v1', uid: `uid-${ns}-${pod}`, fieldPath: 'spec.containers{app}' },
        reason,
        message,
        source: { component: 'kubelet', host: `node-${rng.int(2)}` },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        reportingComponent: 'kubelet',
        reportingInstance: `node-${rng.int(2)}`,
      };
      c.createEvent(ev, at);
      made.push({ ns, name });
    },
  };
}

export type { Res, WatchClient } from '../helpers/http.js';

/** One request to the demo server at `base`. */
export function req(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Res> {
  return request({ url: base }, path, opts);
}

export async function waitFor<T>(cond: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens a watch on the demo server at `base`; resolves once the response headers arrive. */
export function watch(base: string, path: string, headers: Record<string, string> = {}): Promise<WatchClient> {
  return openWatch({ url: base }, path, headers);
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
