// Which cluster, as whom: kubeconfig files merged the way kubectl merges them (first file wins
// per name, missing files skipped), then in-cluster; proxies from the environment; and the
// credentials (tokens, client certs, OIDC) through @kubernetes/client-node, whose KubeConfig we
// build with loadFromOptions (its own merge throws on duplicate names). Exec plugins run in
// exec-credential.ts, which can kill a hung one; client-node gets the token or cert they print.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import type { RequestOptions } from 'node:https';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
// The module, not the package index: the index re-exports every generated API and cp/exec/attach.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, Context, User } from '@kubernetes/client-node/dist/config_types.js';
import { parse as parseYaml } from 'yaml';
import { KubeError, oneLine } from './errors.js';
import { ExecCredentialSource, type ExecCredential, type ExecPluginSpec } from './exec-credential.js';
import { proxyFromEnv } from './proxy.js';

type Env = Record<string, string | undefined>;
type Rec = Record<string, unknown>;

export interface LoadKubeconfigOptions {
  /** --kubeconfig: this file only. */
  kubeconfig?: string;
  /** --context; default: the merged current-context. */
  context?: string;
  env?: Env;
  homeDir?: string;
  /** Where the service-account token, ca.crt and namespace live (in-cluster). */
  serviceAccountDir?: string;
  /** How long an exec plugin may take; default $KEVTUI_EXEC_TIMEOUT seconds, else 30 s. */
  execTimeoutMs?: number;
}

/** Agents (TLS, proxy) and headers (auth) for one request. */
export interface RequestAuth {
  /** Keeps its connections alive between requests (lists, gets). */
  agent: Agent;
  /** For watches, which hold a connection each for as long as they run. */
  streamAgent: Agent;
  headers: Record<string, string>;
  /** Which credential build produced this; pass it back to refreshCredentials after a 401. */
  generation: number;
}

/** A resolved context: where the API server is and how to authenticate to it. */
export interface ClusterConnection {
  readonly contextName: string;
  readonly clusterName: string;
  readonly userName: string;
  /** Server URL without a trailing slash (may carry a path prefix, e.g. Rancher's /k8s/clusters/x). */
  readonly server: string;
  /** The context's namespace, else `default`. */
  readonly namespace: string;
  readonly proxyUrl?: string;
  /** Every context name in the merged kubeconfig. */
  readonly contexts: readonly string[];
  /** The files read (or `in-cluster`). */
  readonly sources: readonly string[];
  /** The client-node KubeConfig in use (replaced by refreshCredentials). */
  kubeConfig(): KubeConfig;
  /** Credentials for a request; exec credentials kept until they expire. `signal` gives up waiting for a plugin. */
  requestOptions(signal?: AbortSignal): Promise<RequestAuth>;
  /** After a 401: forget cached credentials and rebuild the KubeConfig (fresh exec credentials). */
  refreshCredentials(generation: number): void;
  /** Quitting: kill a running exec plugin (its waiters fail) and run none again. */
  close(): void;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const AUTH_CACHE_MS = 60_000;
// Below every idle timeout in front of an API server (its own 90 s, cloud load balancers' 60 s
// and up), so an idle connection is normally closed by us, not reset under a request.
const IDLE_SOCKET_MS = 30_000;
// Cloud plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin with a cached refresh
// token) answer in 1-5 s; one that has not answered in 30 s is waiting for a login it cannot get
// without a terminal. The same 30 s kevtui gives a server to answer a request.
const EXEC_TIMEOUT_MS = 30_000;

interface Merged {
  clusters: Map<string, Cluster>;
  users: Map<string, UserDef>;
  contexts: Map<string, Context>;
  currentContext: string;
  sources: string[];
}

/** A user as read, with the token file kept as a path so a rebuild re-reads it. */
interface UserDef {
  user: User;
  tokenFile?: string;
}

/** Loads the kubeconfig like kubectl and resolves the context. Throws KubeError. */
export function loadKubeconfig(opts: LoadKubeconfigOptions = {}): ClusterConnection {
  const env = opts.env ?? process.env;
  const merged = readMerged(opts, env);
  if (!merged) {
    const inCluster = readInCluster(env, opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
    if (inCluster) return connect(inCluster, undefined, env, execTimeout(opts, env));
    const looked = opts.kubeconfig ?? (env.KUBECONFIG ? `$KUBECONFIG (${env.KUBECONFIG})` : join(opts.homeDir ?? homedir(), '.kube', 'config'));
    throw new KubeError('no-kubeconfig', `no kubeconfig found: looked at ${looked} and for an in-cluster service account`, 'try kevtui --demo');
  }
  return connect(merged, opts.context, env, execTimeout(opts, env));
}

/** The context names of the merged kubeconfig (shell completion), without resolving any. */
export function contextNames(opts: Pick<LoadKubeconfigOptions, 'kubeconfig' | 'env' | 'homeDir'> = {}): string[] {
  const merged = readMerged(opts, opts.env ?? process.env);
  return merged ? [...merged.contexts.keys()] : [];
}

function execTimeout(opts: LoadKubeconfigOptions, env: Env): number {
  if (opts.execTimeoutMs !== undefined) return opts.execTimeoutMs;
  const secs = Number(env.KEVTUI_EXEC_TIMEOUT);
  return env.KEVTUI_EXEC_TIMEOUT && Number.isFinite(secs) && secs > 0 ? secs * 1000 : EXEC_TIMEOUT_MS;
}

/** The kubeconfig files in kubectl's order, merged; undefined when none exists or all are empty. */
function readMerged(opts: LoadKubeconfigOptions, env: Env): Merged | undefined {
  let files: string[];
  if (opts.kubeconfig !== undefined) {
    if (!existsSync(opts.kubeconfig)) throw new KubeError('no-kubeconfig', `kubeconfig file ${opts.kubeconfig} does not exist`, 'try kevtui --demo');
    files = [opts.kubeconfig];
  } else if (env.KUBECONFIG) {
    files = [...new Set(env.KUBECONFIG.split(delimiter).filter(Boolean))].filter((f) => existsSync(f));
  } else {
    const home = join(opts.homeDir ?? homedir(), '.kube', 'config');
    files = existsSync(home) ? [home] : [];
  }
  const m: Merged = { clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: '', sources: [] };
  for (const file of files) mergeFile(m, file);
  if (m.clusters.size === 0 && m.contexts.size === 0 && m.users.size === 0 && !m.currentContext) return undefined;
  return m;
}

function mergeFile(m: Merged, file: string): void {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KubeError('bad-kubeconfig', `cannot read kubeconfig ${file}: ${(e as Error).message}`);
  }
  m.sources.push(file);
  if (doc === null || doc === undefined) return; // an empty file is an empty config (kubectl)
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubeError('bad-kubeconfig', `kubeconfig ${file} is not a mapping`);
  const d = doc as Rec;
  const dir = dirname(resolve(file));
  const bad = (what: string) => new KubeError('bad-kubeconfig', `kubeconfig ${file}: ${what}`);
  for (const [i, e] of entries(d.clusters)) {
    const name = str(e.name);
    if (!name) throw bad(`clusters[${i}].name is missing`);
    if (m.clusters.has(name)) continue; // first file wins, like kubectl
    const c = rec(e.cluster);
    if (!c) throw bad(`clusters[${i}].cluster is missing`);
    m.clusters.set(name, {
      name,
      server: (str(c.server) ?? '').replace(/\/+$/, ''),
      caData: str(c['certificate-authority-data']),
      caFile: pathIn(dir, str(c['certificate-authority'])),
      skipTLSVerify: c['insecure-skip-tls-verify'] === true || c['insecure-skip-tls-verify'] === 'true',
      tlsServerName: str(c['tls-server-name']),
      proxyUrl: str(c['proxy-url']),
    });
  }
  for (const [i, e] of entries(d.users)) {
    const name = str(e.name);
    if (!name) throw bad(`users[${i}].name is missing`);
    if (m.users.has(name)) continue;
    const u = rec(e.user) ?? {};
    const exec = rec(u.exec);
    m.users.set(name, {
      tokenFile: pathIn(dir, str(u['token-file'])),
      user: {
        name,
        token: str(u.token),
        certData: str(u['client-certificate-data']),
        certFile: pathIn(dir, str(u['client-certificate'])),
        keyData: str(u['client-key-data']),
        keyFile: pathIn(dir, str(u['client-key'])),
        username: str(u.username),
        password: str(u.password),
        impersonateUser: str(u.as),
        authProvider: rec(u['auth-provider']),
        // kubectl resolves a relative command with a path separator against the file's folder.
        exec: exec ? { ...exec, command: execCommand(dir, str(exec.command)) } : undefined,
      },
    });
  }
  for (const [i, e] of entries(d.contexts)) {
    const name = str(e.name);
    if (!name) throw bad(`contexts[${i}].name is missing`);
    if (m.contexts.has(name)) continue;
    const c = rec(e.context) ?? {};
    m.contexts.set(name, { name, cluster: str(c.cluster) ?? '', user: str(c.user) ?? '', namespace: str(c.namespace) });
  }
  if (!m.currentContext) m.currentContext = str(d['current-context']) ?? '';
}

function readInCluster(env: Env, saDir: string): Merged | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const tokenFile = join(saDir, 'token');
  if (!host || !existsSync(tokenFile)) return undefined;
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  const h = host.includes(':') ? `[${host}]` : host;
  const nsFile = join(saDir, 'namespace');
  const namespace = existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() || undefined : undefined;
  const caFile = join(saDir, 'ca.crt');
  return {
    clusters: new Map([['in-cluster', { name: 'in-cluster', server: `https://${h}:${port}`, caFile: existsSync(caFile) ? caFile : undefined, skipTLSVerify: false }]]),
    users: new Map([['in-cluster', { user: { name: 'in-cluster' }, tokenFile }]]),
    contexts: new Map([['in-cluster', { name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', namespace }]]),
    currentContext: 'in-cluster',
    sources: ['in-cluster'],
  };
}

/** Picks the context, checks what kubectl would refuse, and wraps client-node's KubeConfig. */
function connect(m: Merged, contextFlag: string | undefined, env: Env, execTimeoutMs: number): ClusterConnection {
  const known = [...m.contexts.keys()];
  const knownText = known.length ? `known contexts: ${known.join(', ')}` : 'the kubeconfig defines no contexts';
  const contextName = contextFlag ?? m.currentContext;
  if (!contextName) throw new KubeError('unknown-context', `no current-context is set; pick one with --context (${knownText})`);
  const ctx = m.contexts.get(contextName);
  if (!ctx) throw new KubeError('unknown-context', `context "${contextName}" not found in the kubeconfig (${knownText})`);
  const found = m.clusters.get(ctx.cluster);
  if (!found) throw new KubeError('bad-kubeconfig', `context "${contextName}" refers to cluster "${ctx.cluster}", which the kubeconfig does not define`);
  if (!found.server) throw new KubeError('bad-kubeconfig', `cluster "${found.name}" has no server`);
  let serverUrl: URL;
  try {
    serverUrl = new URL(found.server);
  } catch {
    throw new KubeError('bad-kubeconfig', `cluster "${found.name}" has an invalid server URL: ${found.server}`);
  }
  if (serverUrl.protocol !== 'https:' && serverUrl.protocol !== 'http:') throw new KubeError('bad-kubeconfig', `cluster "${found.name}": server must be https:// or http://, got ${found.server}`);
  const userDef: UserDef = m.users.get(ctx.user) ?? { user: { name: ctx.user || 'anonymous' } };
  checkReadable('certificate-authority', found.caFile, `cluster "${found.name}"`);
  checkReadable('client-certificate', userDef.user.certFile, `user "${userDef.user.name}"`);
  checkReadable('client-key', userDef.user.keyFile, `user "${userDef.user.name}"`);

  const cluster: Cluster = {
    ...found,
    // kubectl talks plain http without complaint; client-node only builds an http agent with this flag.
    skipTLSVerify: found.skipTLSVerify || serverUrl.protocol === 'http:',
    proxyUrl: found.proxyUrl ?? proxyFromEnv(found.server, env),
  };
  const agents = new AgentPool();
  const build = (cred?: ExecCredential): KubeConfig => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ ...cluster }],
      users: [materializeUser(userDef, cred)],
      contexts: [{ ...ctx, user: userDef.user.name }],
      currentContext: ctx.name,
    });
    agents.adopt(kc);
    return kc;
  };

  let kc = build();
  let generation = 0;
  let cached: { at: number; auth: Promise<RequestAuth> } | undefined;
  const execSource = userDef.user.exec ? new ExecCredentialSource(execSpec(userDef.user.exec as Rec, cluster, execTimeoutMs)) : undefined;
  let execAuth: { cred: ExecCredential; generation: number; auth: Promise<RequestAuth> } | undefined;

  const fetchAuth = async (from: KubeConfig): Promise<RequestAuth> => {
    const gen = generation;
    const opts: RequestOptions = {};
    try {
      await from.applyToHTTPSOptions(opts);
    } catch (e) {
      throw credentialError(e, userDef.user);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    if (opts.auth) headers.Authorization = 'Basic ' + Buffer.from(opts.auth).toString('base64');
    const pair = agents.pairOf(opts.agent as Agent);
    return { agent: pair.request, streamAgent: pair.stream, headers, generation: gen };
  };

  /** Credentials per exec answer: a new certificate gets new agents (AgentPool), a new token keeps them. */
  const fromExec = async (source: ExecCredentialSource, signal?: AbortSignal): Promise<RequestAuth> => {
    const gen = generation;
    const cred = await source.get(signal);
    if (execAuth?.cred !== cred || execAuth.generation !== gen) execAuth = { cred, generation: gen, auth: fetchAuth(build(cred)) };
    return execAuth.auth;
  };

  return {
    contextName: ctx.name,
    clusterName: cluster.name,
    userName: userDef.user.name,
    server: cluster.server,
    namespace: ctx.namespace || 'default',
    proxyUrl: cluster.proxyUrl,
    contexts: known,
    sources: m.sources,
    kubeConfig: () => kc,
    requestOptions(signal?: AbortSignal) {
      if (execSource) return fromExec(execSource, signal);
      const now = Date.now();
      if (!cached || now - cached.at > AUTH_CACHE_MS) {
        const auth = fetchAuth(kc);
        cached = { at: now, auth };
        // A failure is not cached: the next request runs the plugin again.
        auth.catch(() => {
          if (cached?.auth === auth) cached = undefined;
        });
      }
      return cached.auth;
    },
    refreshCredentials(gen: number) {
      if (gen !== generation) return; // someone else already rebuilt after the same 401
      generation++;
      cached = undefined;
      execSource?.invalidate();
      kc = build();
    },
    close() {
      execSource?.close();
      agents.close();
    },
  };
}

type CreateAgent = (cluster: Cluster, options: Record<string, unknown>) => Agent;
interface AgentPair {
  request: Agent;
  stream: Agent;
}

/**
 * Connections that outlive credential refreshes. client-node builds a new agent, without
 * keep-alive, on every applyToHTTPSOptions (each AUTH_CACHE_MS and after a 401): a TCP
 * connection, and over HTTPS a TLS handshake, per request. Its agent factory (private, so
 * guarded; the version is pinned) is wrapped here to make a keep-alive agent for requests and a
 * plain one for watches, reused while the TLS and proxy options are the same: a new token only
 * changes headers, while a new client certificate or CA gets new agents, and the old request
 * agent stops keeping connections (its idle ones close, requests in flight finish). Watches hold
 * a socket each for as long as they run (20 of them after a per-namespace fallback), so they
 * never share the request agent's pool.
 */
class AgentPool {
  private current: { key: string; pair: AgentPair } | undefined;
  private readonly made = new WeakMap<Agent, AgentPair>();

  adopt(kc: KubeConfig): void {
    const target = kc as unknown as { createAgent?: CreateAgent };
    const original = target.createAgent;
    if (typeof original !== 'function') return;
    target.createAgent = (c, options) => {
      const key = createHash('sha256').update(JSON.stringify([c.server, c.proxyUrl ?? '', options])).digest('hex');
      if (this.current?.key !== key) {
        // Copies: the proxy agents write into the options they are given.
        const request = original.call(kc, c, { ...options, keepAlive: true, maxFreeSockets: 4, timeout: IDLE_SOCKET_MS });
        const stream = original.call(kc, c, { ...options });
        if (this.current) retire(this.current.pair.request);
        this.current = { key, pair: { request, stream } };
        this.made.set(request, this.current.pair);
      }
      return this.current.pair.request;
    };
  }

  /** The pair an agent from adopt() belongs to; any other agent (the factory was not found) serves both. */
  pairOf(agent: Agent): AgentPair {
    return this.made.get(agent) ?? { request: agent, stream: agent };
  }

  close(): void {
    if (!this.current) return;
    this.current.pair.request.destroy();
    this.current.pair.stream.destroy();
    this.current = undefined;
  }
}

/** Old credentials: no connection made with them is kept for the next request. */
function retire(agent: Agent): void {
  agent.keepSocketAlive = () => false;
  for (const sockets of Object.values(agent.freeSockets)) for (const s of sockets ?? []) s.destroy();
}

/** A fresh client-node User: token files re-read; an exec plugin's answer in place of the plugin. */
function materializeUser(def: UserDef, cred: ExecCredential | undefined): User {
  const u: User = { ...def.user, exec: undefined };
  if (cred) {
    const b64 = (pem: string | undefined) => (pem === undefined ? undefined : Buffer.from(pem).toString('base64'));
    return { ...u, token: cred.token, certData: b64(cred.clientCertificateData) ?? u.certData, keyData: b64(cred.clientKeyData) ?? u.keyData };
  }
  if (!u.token && def.tokenFile) {
    try {
      (u as { token?: string }).token = readFileSync(def.tokenFile, 'utf8').trim();
    } catch (e) {
      throw new KubeError('bad-kubeconfig', `cannot read token-file ${def.tokenFile} for user "${u.name}": ${(e as Error).message}`);
    }
  }
  return u;
}

/** What to run for users[].exec, with KUBERNETES_EXEC_INFO as kubectl provides it (never interactive). */
function execSpec(exec: Rec, cluster: Cluster, timeoutMs: number): ExecPluginSpec {
  const info = {
    kind: 'ExecCredential',
    apiVersion: str(exec.apiVersion) ?? 'client.authentication.k8s.io/v1',
    spec: { interactive: false, ...(exec.provideClusterInfo === true ? { cluster: { server: cluster.server, 'tls-server-name': cluster.tlsServerName, 'insecure-skip-tls-verify': cluster.skipTLSVerify, 'certificate-authority-data': cluster.caData, 'proxy-url': cluster.proxyUrl } } : {}) },
  };
  const env: Record<string, string> = {};
  for (const e of Array.isArray(exec.env) ? (exec.env as unknown[]) : []) {
    const name = str(rec(e)?.name);
    if (name) env[name] = String(rec(e)?.value ?? '');
  }
  env.KUBERNETES_EXEC_INFO = JSON.stringify(info);
  return {
    command: str(exec.command) ?? '',
    args: Array.isArray(exec.args) ? exec.args.map(String) : [],
    env,
    installHint: str(exec.installHint) ? oneLine(str(exec.installHint)!) : undefined,
    timeoutMs,
  };
}

function credentialError(e: unknown, user: User): KubeError {
  if (e instanceof KubeError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (user.authProvider) return new KubeError('unauthorized', `getting credentials (auth-provider ${str((user.authProvider as Rec).name) ?? '?'}): ${msg}`);
  return new KubeError('bad-kubeconfig', msg);
}

function checkReadable(field: string, file: string | undefined, owner: string): void {
  if (file === undefined) return;
  try {
    readFileSync(file);
  } catch (e) {
    throw new KubeError('bad-kubeconfig', `unable to read ${field} ${file} for ${owner}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function* entries(v: unknown): Generator<[number, Rec]> {
  if (!Array.isArray(v)) return;
  for (let i = 0; i < v.length; i++) yield [i, rec(v[i]) ?? {}];
}

function rec(v: unknown): Rec | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function pathIn(dir: string, p: string | undefined): string | undefined {
  return p === undefined ? undefined : isAbsolute(p) ? p : join(dir, p);
}

function execCommand(dir: string, cmd: string | undefined): string | undefined {
  if (cmd === undefined || isAbsolute(cmd) || !/[\\/]/.test(cmd)) return cmd;
  return join(dir, cmd);
}
