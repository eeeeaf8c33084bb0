// Credentials for the resolved context (kubeconfig.ts reads and picks it): tokens, client certs,
// OIDC through @kubernetes/client-node, whose KubeConfig we build with loadFromOptions (its own
// merge throws on duplicate names). Exec plugins run in exec-credential.ts, which can kill a hung
// one; client-node gets the token or cert they print.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import type { RequestOptions } from 'node:https';
// The module, not the package index: the index re-exports every generated API and cp/exec/attach.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, User } from '@kubernetes/client-node/dist/config_types.js';
import { KubeError, oneLine } from './errors.js';
import { ExecCredentialSource, type ExecCredential, type ExecPluginSpec } from './exec-credential.js';
import { rec, resolveKubeconfig, str, type LoadKubeconfigOptions, type Rec, type ResolvedContext, type UserDef } from './kubeconfig.js';

export type { LoadKubeconfigOptions } from './kubeconfig.js';

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

const AUTH_CACHE_MS = 60_000;
// Below every idle timeout in front of an API server (its own 90 s, cloud load balancers' 60 s
// and up), so an idle connection is normally closed by us, not reset under a request.
const IDLE_SOCKET_MS = 30_000;

/** Loads the kubeconfig like kubectl, resolves the context and wraps client-node's KubeConfig. Throws KubeError. */
export function loadKubeconfig(opts: LoadKubeconfigOptions = {}): ClusterConnection {
  return connection(resolveKubeconfig(opts));
}

/** Credentials for a resolved context, built and rebuilt (a 401, an expired exec answer) on client-node's KubeConfig. */
export function connection(r: ResolvedContext): ClusterConnection {
  const { context: ctx, namespace, cluster, user: userDef, contexts: known, sources, execTimeoutMs } = r;
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
    namespace,
    proxyUrl: cluster.proxyUrl,
    contexts: known,
    sources,
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

