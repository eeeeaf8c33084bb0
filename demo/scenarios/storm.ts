// `storm`: the cheapest valid step, for load tests. Many distinct pods across many namespaces
// and nodes (high cardinality), mostly new events, about one in five a repeat that the
// recorder turns into a count PATCH. The involved pods are not created as objects: only the
// events matter here, and 100,000 pod objects would dwarf them.
import * as msg from '../messages.js';
import { podTemplateHash, randSuffix, uid } from '../names.js';
import { Recorders, type ObjectRef } from '../recorder.js';
import { SimCluster } from '../workloads.js';
import type { ClusterWriter, Rng, Scenario } from '../types.js';

const APPS = ['api', 'web', 'worker', 'cart', 'search', 'auth', 'billing', 'ingest', 'indexer', 'notifier', 'gateway', 'ledger', 'reports', 'media', 'feeds', 'chat'];
const NAMESPACES = 24;
const NODES = 40;
const RECENT = 512;

interface Occurrence { host: string; ref: ObjectRef; type: 'Normal' | 'Warning'; reason: string; message: string }

export function stormScenario(): Scenario {
  let rec: Recorders | undefined;
  const recent: Occurrence[] = [];
  let next = 0;
  const pods: Array<{ ns: string; name: string; uid: string; node: string; image: string; ip: string }> = [];
  return {
    name: 'storm',
    description: 'Load test: high-cardinality pod events across 24 namespaces and 40 nodes, mostly new, some repeats',
    setup(c: ClusterWriter, rng: Rng, at: Date) {
      rec = new Recorders(c, rng);
      const sim = new SimCluster(c, rng);
      for (let i = 0; i < NAMESPACES; i++) sim.namespace(`load-${String(i).padStart(2, '0')}`, at);
      for (let i = 1; i <= NODES; i++) sim.addNode(`node-${String(i).padStart(3, '0')}`, `us-east-1${'abc'[i % 3]}`, 16, at);
    },
    step(_c: ClusterWriter, rng: Rng, at: Date) {
      if (!rec) throw new Error('storm: step() called before setup()');
      if (recent.length === RECENT && rng.next() < 0.2) {
        const o = recent[rng.int(RECENT)]!;
        rec.legacy('kubelet', o.host).event(o.ref, o.type, o.reason, o.message, at);
        return;
      }
      // A new pod every few steps; otherwise a new event about one of the last pods.
      if (pods.length === 0 || rng.next() < 0.3) {
        const app = rng.pick(APPS);
        const ns = `load-${String(rng.int(NAMESPACES)).padStart(2, '0')}`;
        const node = `node-${String(1 + rng.int(NODES)).padStart(3, '0')}`;
        pods.push({ ns, name: `${app}-${podTemplateHash(rng)}-${randSuffix(rng)}`, uid: uid(rng), node, image: `ghcr.io/acme/${app}:v1.${rng.int(30)}.${rng.int(10)}`, ip: `10.244.${rng.int(250)}.${2 + rng.int(250)}` });
        if (pods.length > 256) pods.shift();
        const p = pods[pods.length - 1]!;
        rec.events('default-scheduler', 'default-scheduler-control-plane-1')
          .eventf({ kind: 'Pod', namespace: p.ns, name: p.name, uid: p.uid, apiVersion: 'v1' }, undefined, 'Normal', 'Scheduled', 'Binding', msg.assigned(p.ns, p.name, p.node), at);
        return;
      }
      const p = pods[pods.length - 1 - rng.int(Math.min(pods.length, 64))]!;
      const ref: ObjectRef = { kind: 'Pod', namespace: p.ns, name: p.name, uid: p.uid, apiVersion: 'v1', fieldPath: `spec.containers{${p.name.split('-')[0]}}` };
      const r = rng.int(8);
      const [type, reason, message]: [Occurrence['type'], string, string] =
        r === 0 ? ['Normal', 'Pulling', msg.pulling(p.image)]
        : r === 1 ? ['Normal', 'Pulled', msg.alreadyPresent(p.image)]
        : r === 2 ? ['Normal', 'Created', msg.created(p.name.split('-')[0]!)]
        : r === 3 ? ['Normal', 'Started', msg.started(p.name.split('-')[0]!)]
        : r === 4 ? ['Warning', 'Unhealthy', msg.probeFailed('Readiness', msg.httpStatus(rng.pick([500, 502, 503])))]
        : r === 5 ? ['Warning', 'Unhealthy', msg.probeFailed('Liveness', msg.httpTimeout(`http://${p.ip}:8080/healthz`))]
        : r === 6 ? ['Warning', 'BackOff', msg.backOffRestart(p.name.split('-')[0]!, p.name, p.ns, p.uid)]
        : ['Normal', 'Killing', msg.stopping(p.name.split('-')[0]!)];
      const o: Occurrence = { host: p.node, ref, type, reason, message };
      rec.legacy('kubelet', p.node).event(ref, type, reason, message, at);
      if (recent.length < RECENT) recent.push(o);
      else recent[next++ % RECENT] = o;
    },
  };
}
