// Which cluster, as whom, as kubectl reads it: kubeconfig files merged the way kubectl merges
// them (first file wins per name, missing files skipped), then in-cluster; the context picked and
// checked for what kubectl would refuse; proxies from the environment. Only files and YAML: the
// full screen resolves the context before it draws (a bad kubeconfig is one line on the normal
// screen) without loading @kubernetes/client-node, which config.ts needs only for credentials.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Cluster, Context, User } from '@kubernetes/client-node/dist/config_types.js';
import { parse as parseYaml } from 'yaml';
import { KubeError } from './errors.js';
import { proxyFromEnv } from './proxy.js';

type Env = Record<string, string | undefined>;
export type Rec = Record<string, unknown>;

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
// Cloud plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin with a cached refresh
// token) answer in 1-5 s; one that has not answered in 30 s is waiting for a login it cannot get
// without a terminal. The same 30 s kevtui gives a server to answer a request.
const EXEC_TIMEOUT_MS = 30_000;

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

interface Merged {
  clusters: Map<string, Cluster>;
  users: Map<string, UserDef>;
  contexts: Map<string, Context>;
  currentContext: string;
  sources: string[];
}

/** A user as read, with the token file kept as a path so a rebuild re-reads it. */
export interface UserDef {
  user: User;
  tokenFile?: string;
}

/** A context picked from the kubeconfig and checked: where the API server is, and the user as read. */
export interface ResolvedContext {
  readonly context: Context;
  /** The context's namespace, else `default`. */
  readonly namespace: string;
  /** Plain http marked skipTLSVerify (client-node's way to an http agent); the proxy from the environment when the file names none. */
  readonly cluster: Cluster;
  readonly user: UserDef;
  /** Every context name in the merged kubeconfig. */
  readonly contexts: readonly string[];
  /** The files read (or `in-cluster`). */
  readonly sources: readonly string[];
  readonly execTimeoutMs: number;
}

/** Reads the kubeconfig like kubectl and resolves the context. Throws KubeError. */
export function resolveKubeconfig(opts: LoadKubeconfigOptions = {}): ResolvedContext {
  const env = opts.env ?? process.env;
  const timeout = execTimeout(opts, env);
  const merged = readMerged(opts, env);
  if (!merged) {
    const inCluster = readInCluster(env, opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
    if (inCluster) return pick(inCluster, undefined, env, timeout);
    const looked = opts.kubeconfig ?? (env.KUBECONFIG ? `$KUBECONFIG (${env.KUBECONFIG})` : join(opts.homeDir ?? homedir(), '.kube', 'config'));
    throw new KubeError('no-kubeconfig', `no kubeconfig found: looked at ${looked} and for an in-cluster service account`, 'try kevtui --demo');
  }
  return pick(merged, opts.context, env, timeout);
}

/** The context names of the merged kubeconfig (shell completion), without resolving any. */
export function contextNames(opts: Pick<LoadKubeconfigOptions, 'kubeconfig' | 'env' | 'homeDir'> = {}): string[] {
  const merged = readMerged(opts, opts.env ?? process.env);
  return merged ? [...merged.contexts.keys()] : [];
}

/** The contexts a multi-cluster view asks for, each known to the kubeconfig. Throws KubeError. */
export function wantedContexts(opts: { kubeconfig?: string; contexts?: readonly string[]; allContexts?: boolean }): { known: string[]; wanted: string[] } {
  const known = contextNames({ kubeconfig: opts.kubeconfig });
  const wanted = opts.allContexts === true ? known : [...(opts.contexts ?? [])];
  if (known.length === 0) throw new KubeError('no-kubeconfig', `no contexts in the kubeconfig${opts.kubeconfig !== undefined ? ` ${opts.kubeconfig}` : ''}`, 'try kevtui --demo');
  const unknown = wanted.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new KubeError('unknown-context', `context${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} not found in the kubeconfig (contexts: ${known.join(', ')})`);
  return { known, wanted };
}

/** The namespaces to watch for kubectl-style flags: -A → [''], -n X → [X], else the context's. */
export function namespacesFor(flags: { allNamespaces?: boolean; namespace?: string }, context: { namespace: string }): string[] {
  if (flags.allNamespaces) return [''];
  return [flags.namespace || context.namespace];
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

/** Picks the context and checks what kubectl would refuse. */
function pick(m: Merged, contextFlag: string | undefined, env: Env, execTimeoutMs: number): ResolvedContext {
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
  return { context: ctx, namespace: ctx.namespace || 'default', cluster, user: userDef, contexts: known, sources: m.sources, execTimeoutMs };
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

export function rec(v: unknown): Rec | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function pathIn(dir: string, p: string | undefined): string | undefined {
  return p === undefined ? undefined : isAbsolute(p) ? p : join(dir, p);
}

function execCommand(dir: string, cmd: string | undefined): string | undefined {
  if (cmd === undefined || isAbsolute(cmd) || !/[\\/]/.test(cmd)) return cmd;
  return join(dir, cmd);
}
