// Shared by the real-control-plane tests: where the cluster is (run.mjs exports it), kubectl
// with a fresh HOME and cache, kubectl's truth grouped by kevtui's key, raw HTTPS requests and
// watches, etcd compaction, a cuttable HTTP→HTTPS relay, and extra control planes via start.sh.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { truth } from '../helpers/groups.js';
import { req, type Endpoint } from '../helpers/http.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubectl's JSON, read loosely
type Obj = any;

export const HERE = fileURLToPath(new URL('.', import.meta.url));

// ---------------------------------------------------------------- the cluster run.mjs started

export interface ClusterEnv {
  WORK: string;
  BIN: string;
  API_URL: string;
  ETCD_PORT: string;
  KUBECONFIG: string;
  EVENT_TTL: string;
  LIMITED_USER?: string;
  LIMITED_NAMESPACE?: string;
  LIMITED_KUBECONFIG?: string;
  [k: string]: string | undefined;
}

export function readClusterEnv(file: string): ClusterEnv {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  for (const k of ['WORK', 'API_URL', 'ETCD_PORT', 'KUBECONFIG']) if (!env[k]) throw new Error(`${file} has no ${k}`);
  return env as ClusterEnv;
}

/** The cluster of `npm run test:cluster` (KEVTUI_CLUSTER_ENV), or undefined outside it. */
export const CLUSTER: ClusterEnv | undefined = process.env.KEVTUI_CLUSTER_ENV ? readClusterEnv(process.env.KEVTUI_CLUSTER_ENV) : undefined;

/** `test(name, { skip: SKIP }, …)`: these tests only run under test/cluster/run.mjs. */
export const SKIP: string | false = CLUSTER ? false : 'needs a real control plane: run `npm run test:cluster`';

export function cluster(): ClusterEnv {
  if (!CLUSTER) throw new Error('KEVTUI_CLUSTER_ENV is not set (run through test/cluster/run.mjs)');
  return CLUSTER;
}

/** Scratch space inside run.mjs's temp dir (removed with it). */
export function scratch(prefix: string): string {
  const root = process.env.KEVTUI_CLUSTER_ROOT ?? tmpdir();
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${prefix}-`));
}

let childEnvCache: NodeJS.ProcessEnv | undefined;
/** Environment for child processes: a fresh HOME, no ambient kubeconfig, no proxy for loopback. */
export function childEnv(): NodeJS.ProcessEnv {
  return (childEnvCache ??= { HOME: scratch('home'), KUBECONFIG: '', NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', NO_COLOR: '1' });
}

export interface Kubeconfig {
  server: string;
  ca: string;
  token: string;
  namespace?: string;
}

export function readKubeconfig(path: string): Kubeconfig {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const kc = parseYaml(readFileSync(path, 'utf8')) as any;
  const ctx = kc.contexts.find((c: { name: string }) => c.name === kc['current-context']).context;
  const cl = kc.clusters.find((c: { name: string }) => c.name === ctx.cluster).cluster;
  const user = kc.users.find((u: { name: string }) => u.name === ctx.user).user;
  return { server: cl.server, ca: Buffer.from(cl['certificate-authority-data'], 'base64').toString('utf8'), token: user.token, namespace: ctx.namespace };
}

// ---------------------------------------------------------------- processes

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...childEnv(), ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 120_000} ms; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

let kubectlCache: string | undefined;

/** kubectl against a kubeconfig; throws with its stderr unless it exits 0. */
export async function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const r = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', (kubectlCache ??= scratch('kubectl-cache')), '--request-timeout=60s', ...args], { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function kubectlJson(kubeconfig: string, args: string[]): Promise<any> {
  return JSON.parse(await kubectl(kubeconfig, [...args, '-o', 'json']));
}

/** Polls `cond` (which may be async) until it returns something truthy; its last failure text ends up in the error. */
export async function eventually<T>(cond: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs: number, what: string, intervalMs = 500): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Creates a namespace (if missing) and waits for its `default` ServiceAccount, as pods need it. */
export async function ensureNamespace(kubeconfig: string, ns: string): Promise<void> {
  await kubectl(kubeconfig, ['create', 'namespace', ns]).catch((e: Error) => {
    if (!/AlreadyExists/.test(e.message)) throw e;
  });
  await eventually(async () => (await kubectl(kubeconfig, ['-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name'])).includes('default'), 60_000, `the default ServiceAccount of ${ns}`, 300);
}

// ---------------------------------------------------------------- kevtui's key, independently

export { COMBINED, truth, keyOf, foldGroups, foldCounts, diff, type JsonGroup } from '../helpers/groups.js';

export async function kubectlTruth(kubeconfig: string, scope: string[] = ['-A']): Promise<Map<string, number>> {
  const list = await kubectlJson(kubeconfig, ['get', 'events', ...scope]);
  return truth(list.items);
}

export function restrict(m: Map<string, number>, keep: (key: string) => boolean): Map<string, number> {
  return new Map([...m].filter(([k]) => keep(k)));
}

// ---------------------------------------------------------------- raw HTTP(S)

export { req, watch, type Endpoint, type Res, type WatchClient } from '../helpers/http.js';
// ---------------------------------------------------------------- etcd

/** Compacts etcd at its current revision through the v3 HTTP gateway; returns that revision. */
export async function compactEtcd(etcdPort: string | number): Promise<number> {
  const etcd: Endpoint = { url: `http://127.0.0.1:${etcdPort}` };
  const range = await req(etcd, '/v3/kv/range', { method: 'POST', headers: { 'content-type': 'application/json' }, body: { key: Buffer.from('/registry/').toString('base64'), limit: 1 } });
  if (range.status !== 200 || !range.json?.header?.revision) throw new Error(`etcd range: ${range.status} ${range.body}`);
  const revision = Number(range.json.header.revision);
  const c = await req(etcd, '/v3/kv/compaction', { method: 'POST', headers: { 'content-type': 'application/json' }, body: { revision: String(revision), physical: true } });
  if (c.status !== 200) throw new Error(`etcd compaction at ${revision}: ${c.status} ${c.body}`);
  return revision;
}

// ---------------------------------------------------------------- a relay we can cut

export interface RelayRequest {
  method: string;
  url: string;
  status?: number;
  /** The response body as far as it was relayed (watches included). */
  body: string;
  at: number;
}

export interface Relay {
  url: string;
  requests: RelayRequest[];
  /** Stop relaying: open streams drop whatever the server sends, new requests wait. */
  freeze(): void;
  /** Destroys every client connection (a network failure, as kevtui sees it). */
  cut(): void;
  /** Relay again, starting with the requests that waited. */
  thaw(): void;
  close(): Promise<void>;
}

/**
 * A plain-HTTP relay on 127.0.0.1 in front of an https API server: kevtui talks to it through a
 * kubeconfig with `insecure-skip-tls-verify` (as with the demo server), the relay talks TLS with
 * the real CA and records every request and what the server answered.
 */
export async function startRelay(upstream: Endpoint): Promise<Relay> {
  const requests: RelayRequest[] = [];
  const sockets = new Set<Socket>();
  const upstreams = new Set<http.ClientRequest>();
  let frozen = false;
  let waiting: Array<() => void> = [];
  const forward = (creq: IncomingMessage, cres: ServerResponse) => {
    const rec: RelayRequest = { method: creq.method ?? 'GET', url: creq.url ?? '/', body: '', at: Date.now() };
    requests.push(rec);
    const headers = { ...creq.headers } as Record<string, string>;
    delete headers.host;
    delete headers['accept-encoding']; // keep the recorded body readable
    const u = new URL(upstream.url + rec.url);
    const ureq = https.request(u, { method: rec.method, headers, ca: upstream.ca, agent: false }, (ures) => {
      rec.status = ures.statusCode;
      cres.writeHead(ures.statusCode ?? 502, ures.headers);
      cres.flushHeaders(); // a quiet watch must still see its 200 at once, as from the server
      ures.on('data', (c: Buffer) => {
        if (frozen) return; // lost on the way
        rec.body += c.toString('utf8');
        cres.write(c);
      });
      ures.on('end', () => cres.end());
      ures.on('error', () => cres.destroy());
    });
    upstreams.add(ureq);
    ureq.on('close', () => upstreams.delete(ureq));
    ureq.on('error', () => cres.destroy());
    cres.on('close', () => ureq.destroy());
    creq.pipe(ureq);
  };
  const server = http.createServer((creq, cres) => {
    if (frozen) waiting.push(() => forward(creq, cres));
    else forward(creq, cres);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    freeze: () => (frozen = true),
    cut: () => {
      for (const s of sockets) s.destroy();
      for (const u of upstreams) u.destroy();
    },
    thaw: () => {
      frozen = false;
      const w = waiting;
      waiting = [];
      for (const f of w) f();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const u of upstreams) u.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A kubeconfig for kevtui through the relay (plain HTTP on loopback, like the demo server's). */
export function relayKubeconfig(relayUrl: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: relay',
    `  cluster: {server: "${relayUrl}", insecure-skip-tls-verify: true}`,
    'users:',
    '- name: admin',
    `  user: {token: "${token}"}`,
    'contexts:',
    '- name: relay',
    '  context: {cluster: relay, user: admin}',
    'current-context: relay',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- more control planes

const START = join(HERE, 'start.sh');

/** Starts another control plane with start.sh (binaries from run.mjs); stop it with stopCluster. */
export async function startCluster(dir: string, args: string[]): Promise<ClusterEnv> {
  const r = await run(START, ['start', dir, ...args], { env: { KEVTUI_CLUSTER_BIN: cluster().BIN }, timeoutMs: 300_000 });
  if (r.code !== 0) {
    const logs = existsSync(join(dir, 'logs')) ? ` (logs in ${join(dir, 'logs')})` : '';
    throw new Error(`start.sh start ${args.join(' ')} failed${logs}: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  }
  return readClusterEnv(join(dir, 'cluster.env'));
}

export async function stopCluster(dir: string): Promise<void> {
  await run(START, ['stop', dir], { timeoutMs: 60_000 });
}
