// Which cluster, as whom: kubeconfig files merged the way kubectl merges them (first file wins
// per name, missing files skipped), then in-cluster; proxies from the environment; and the
// credentials (tokens, client certs, exec plugins, OIDC) through @kubernetes/client-node, whose
// KubeConfig we build with loadFromOptions (its own merge throws on duplicate names).
import { existsSync, readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import type { RequestOptions } from 'node:https';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { KubeError, oneLine } from './errors.js';
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
}

/** Agent (TLS, proxy) and headers (auth) for one request. */
export interface RequestAuth {
  agent: Agent;
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
  /** Credentials for a request; cached briefly so exec plugins do not run for every request. */
  requestOptions(): Promise<RequestAuth>;
  /** After a 401: forget cached credentials and rebuild the KubeConfig (fresh exec credentials). */
  refreshCredentials(generation: number): void;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const AUTH_CACHE_MS = 60_000;
const EXEC_TIMEOUT_MS = 60_000;

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
    if (inCluster) return connect(inCluster, undefined, env);
    const looked = opts.kubeconfig ?? (env.KUBECONFIG ? `$KUBECONFIG (${env.KUBECONFIG})` : join(opts.homeDir ?? homedir(), '.kube', 'config'));
    throw new KubeError('no-kubeconfig', `no kubeconfig found: looked at ${looked} and for an in-cluster service account`, 'try kevtui --demo');
  }
  return connect(merged, opts.context, env);
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
function connect(m: Merged, contextFlag: string | undefined, env: Env): ClusterConnection {
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
  const build = (): KubeConfig => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ ...cluster }],
      users: [materializeUser(userDef, cluster)],
      contexts: [{ ...ctx, user: userDef.user.name }],
      currentContext: ctx.name,
    });
    return kc;
  };

  let kc = build();
  let generation = 0;
  let cached: { at: number; auth: Promise<RequestAuth> } | undefined;
  const exec = userDef.user.exec as Rec | undefined;

  const fetchAuth = async (): Promise<RequestAuth> => {
    const gen = generation;
    const opts: RequestOptions = {};
    try {
      await withTimeout(kc.applyToHTTPSOptions(opts), EXEC_TIMEOUT_MS, exec ? `exec plugin "${str(exec.command)}" did not answer within ${EXEC_TIMEOUT_MS / 1000}s (does it need a terminal?)` : 'getting credentials timed out');
    } catch (e) {
      throw credentialError(e, exec, userDef.user);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    if (opts.auth) headers.Authorization = 'Basic ' + Buffer.from(opts.auth).toString('base64');
    return { agent: opts.agent as Agent, headers, generation: gen };
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
    requestOptions() {
      const now = Date.now();
      if (!cached || now - cached.at > AUTH_CACHE_MS) {
        const auth = fetchAuth();
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
      kc = build();
    },
  };
}

/** A fresh client-node User: token files re-read, exec given KUBERNETES_EXEC_INFO like kubectl does. */
function materializeUser(def: UserDef, cluster: Cluster): User {
  const u: User = { ...def.user };
  if (!u.token && def.tokenFile) {
    try {
      (u as { token?: string }).token = readFileSync(def.tokenFile, 'utf8').trim();
    } catch (e) {
      throw new KubeError('bad-kubeconfig', `cannot read token-file ${def.tokenFile} for user "${u.name}": ${(e as Error).message}`);
    }
  }
  const exec = u.exec as Rec | undefined;
  if (exec) {
    const info = {
      kind: 'ExecCredential',
      apiVersion: str(exec.apiVersion) ?? 'client.authentication.k8s.io/v1',
      spec: { interactive: false, ...(exec.provideClusterInfo === true ? { cluster: { server: cluster.server, 'tls-server-name': cluster.tlsServerName, 'insecure-skip-tls-verify': cluster.skipTLSVerify, 'certificate-authority-data': cluster.caData, 'proxy-url': cluster.proxyUrl } } : {}) },
    };
    const envList = Array.isArray(exec.env) ? (exec.env as unknown[]) : [];
    (u as { exec?: unknown }).exec = { ...exec, args: Array.isArray(exec.args) ? exec.args : [], env: [...envList, { name: 'KUBERNETES_EXEC_INFO', value: JSON.stringify(info) }] };
  }
  return u;
}

function credentialError(e: unknown, exec: Rec | undefined, user: User): KubeError {
  if (e instanceof KubeError) return e;
  const err = e as NodeJS.ErrnoException;
  const msg = err instanceof Error ? err.message : String(e);
  if (exec) {
    const cmd = str(exec.command) ?? '?';
    const hint = str(exec.installHint) ? oneLine(str(exec.installHint)!) : undefined;
    if (err?.code === 'ENOENT' && /spawn/.test(msg)) return new KubeError('exec-plugin', `getting credentials: exec: executable ${cmd} not found`, hint ?? `install ${cmd} or fix users[${user.name}].exec.command`);
    if (err?.code === 'EACCES') return new KubeError('exec-plugin', `getting credentials: exec: ${cmd}: permission denied`, hint);
    if (err instanceof SyntaxError) return new KubeError('exec-plugin', `getting credentials: exec plugin ${cmd} printed no valid ExecCredential: ${msg}`, hint);
    return new KubeError('exec-plugin', `getting credentials: exec plugin ${cmd} failed: ${msg.trim() || 'exited with an error and no message'}`, hint);
  }
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

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KubeError('exec-plugin', message)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
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
