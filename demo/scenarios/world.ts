// The cluster the `incident` and `steady` scenarios run on: five nodes across three zones and
// the workloads an SRE expects (a shop, payments with a database, monitoring, kube-system),
// all already running when the demo starts, so their creation produces no events.
import type { ContainerSpec, CronJobState, HpaState, NodeState, PodState, PvcState, WorkloadState } from '../cluster.js';
import { controllerRef } from '../cluster.js';
import { randSuffix } from '../names.js';
import type { ClusterWriter, Rng } from '../types.js';
import type { Deployment } from '../workloads.js';
import { Kit } from './kit.js';

export const NAMESPACES = ['default', 'kube-system', 'shop', 'payments', 'monitoring'];

export interface World {
  kit: Kit;
  nodes: NodeState[];
  web: Deployment;
  cart: Deployment;
  api: Deployment;
  worker: Deployment;
  coredns: Deployment;
  metrics: Deployment;
  grafana: Deployment;
  grafanaPvc: PvcState;
  postgres: { w: WorkloadState; pod: PodState };
  cronJobs: CronJobState[];
  backup: CronJobState;
  hpaWeb: HpaState;
  hpaCart: HpaState;
}

const app = (name: string, image: string, cpu: string, memory: string, limit: string, port = 8080): ContainerSpec => ({
  name, image, cpu, memory, memoryLimit: limit, port, probes: { readiness: '/ready', liveness: '/healthz' },
});
const batch = (name: string, image: string): ContainerSpec => ({ name, image, cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' });

const DAY = 86_400_000;

export function buildWorld(writer: ClusterWriter, rng: Rng, at: Date): World {
  const kit = new Kit(writer, rng);
  const c = kit.c;
  const ago = (days: number) => new Date(at.getTime() - days * DAY - rng.int(3_600_000));

  for (const ns of NAMESPACES) c.namespace(ns, ago(40));
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const nodes = [1, 2, 3, 4, 5].map((i) => c.addNode(`node-${i}`, zones[(i - 1) % 3]!, i <= 3 ? 8 : 4, ago(30 - i)));
  const node = (i: number) => nodes[i - 1]!;

  /** A Deployment already rolled out long ago, its pods running on the given nodes. */
  const deploy = (ns: string, name: string, spec: ContainerSpec, on: number[], days: number): Deployment => {
    const d = c.deployment(ns, name, spec, on.length, ago(days));
    const rs = d.current;
    rs.created = ago(days / 2);
    rs.replicas = rs.updated = rs.ready = on.length;
    for (const i of on) {
      const p = c.rsPod(rs, ago(1 + rng.next() * 2));
      c.bind(p, node(i), p.created);
      c.start(p, p.created);
    }
    c.putReplicaSet(rs);
    c.putDeployment(d);
    return d;
  };

  const web = deploy('shop', 'web', app('app', 'ghcr.io/acme/shop-web:v2.4.0', '500m', '512Mi', '768Mi'), [1, 2, 4], 21);
  const cart = deploy('shop', 'cart', app('cart', 'ghcr.io/acme/shop-cart:v1.12.3', '250m', '256Mi', '512Mi'), [3, 5], 21);
  const api = deploy('payments', 'api', app('api', 'ghcr.io/acme/payments-api:v3.8.1', '500m', '512Mi', '1Gi'), [1, 2, 3], 35);
  const worker = deploy('payments', 'worker', app('worker', 'ghcr.io/acme/payments-worker:v3.8.1', '250m', '384Mi', '512Mi', 9090), [4, 5], 35);
  const coredns = deploy('kube-system', 'coredns', app('coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', '100m', '70Mi', '170Mi', 8181), [1, 2], 30);
  const metrics = deploy('kube-system', 'metrics-server', app('metrics-server', 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', '100m', '200Mi', '400Mi', 10250), [4], 30);
  const grafana = deploy('monitoring', 'grafana', app('grafana', 'docker.io/grafana/grafana:11.3.0', '250m', '256Mi', '512Mi', 3000), [4], 25);
  const grafanaPvc = c.pvc('monitoring', 'grafana', '10Gi', true, ago(25));
  const gp = kit.podsOf(grafana.current)[0]!;
  gp.volumes = [{ name: 'storage', claim: 'grafana' }];
  c.putPod(gp, gp.created);

  for (const [ns, name, port] of [['shop', 'web', 8080], ['shop', 'cart', 8080], ['payments', 'api', 8080], ['monitoring', 'grafana', 3000], ['kube-system', 'metrics-server', 10250]] as const) {
    c.service(ns, name, port, ago(21));
  }

  /** A one-replica StatefulSet with its claim: `<sts>-0`, `<claim>-<sts>-0`. */
  const statefulSet = (ns: string, name: string, spec: ContainerSpec, claim: string, on: number) => {
    const w = c.workload(ns, name, spec, 1, ago(35));
    w.ready = 1;
    c.putStatefulSet(w, claim);
    c.pvc(ns, `${claim}-${name}-0`, '20Gi', true, ago(35));
    const pod = c.newPod(controllerRef('apps/v1', 'StatefulSet', name, w.uid), ns, `${name}-0`, spec,
      { app: name, 'apps.kubernetes.io/pod-index': '0', 'statefulset.kubernetes.io/pod-name': `${name}-0` }, ago(3), {
        volumes: [{ name: claim, claim: `${claim}-${name}-0` }],
      });
    c.bind(pod, node(on), pod.created);
    c.start(pod, pod.created);
    return { w, pod };
  };
  const postgres = statefulSet('payments', 'postgres', { ...batch('postgres', 'docker.io/library/postgres:16.4'), cpu: '1', memory: '2Gi', memoryLimit: '4Gi' }, 'data', 3);
  statefulSet('shop', 'redis', { ...batch('redis', 'docker.io/library/redis:7.4.1'), memory: '256Mi' }, 'data', 2);
  statefulSet('monitoring', 'prometheus', { ...batch('prometheus', 'quay.io/prometheus/prometheus:v2.55.1'), cpu: '500m', memory: '2Gi', memoryLimit: '3Gi' }, 'prometheus-db', 5);

  /** DaemonSets: one pod per node, `<ds>-<5 chars>`. */
  for (const [ns, name, image] of [
    ['kube-system', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.4'],
    ['monitoring', 'node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2'],
  ] as const) {
    const w = c.workload(ns, name, batch(name, image), nodes.length, ago(30));
    w.ready = nodes.length;
    c.putDaemonSet(w);
    for (const n of nodes) {
      const p = c.newPod(controllerRef('apps/v1', 'DaemonSet', name, w.uid), ns, `${name}-${randSuffix(rng)}`, w.container,
        { app: name, 'controller-revision-hash': '6b8c7d9f54', 'pod-template-generation': '1' }, ago(5));
      c.bind(p, n, p.created);
      c.start(p, p.created);
    }
  }

  const cronJobs = [
    c.cronJob('payments', 'settlement', '*/5 * * * *', batch('settlement', 'ghcr.io/acme/payments-settlement:v3.8.1'), ago(35)),
    c.cronJob('shop', 'sitemap', '*/15 * * * *', batch('sitemap', 'ghcr.io/acme/shop-sitemap:v0.9.4'), ago(21)),
    c.cronJob('monitoring', 'alert-digest', '*/10 * * * *', batch('alert-digest', 'ghcr.io/acme/alert-digest:v1.2.0'), ago(25)),
  ];
  const backup = c.cronJob('payments', 'pg-backup', '0 * * * *', batch('pg-backup', 'ghcr.io/acme/pg-backup:v1.4.0'), ago(35));

  const hpaWeb = c.hpa('shop', 'web', 3, 10, 3, ago(21));
  const hpaCart = c.hpa('shop', 'cart', 2, 8, 2, ago(21));
  return { kit, nodes, web, cart, api, worker, coredns, metrics, grafana, grafanaPvc, postgres, cronJobs, backup, hpaWeb, hpaCart };
}
