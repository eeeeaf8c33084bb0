// GET requests to the API server with the kubeconfig's TLS, proxy and credentials: one-shot JSON
// reads and line streams for watches. node:http(s) with client-node's agent (Node's global
// fetch would ignore the agent); every wait has a timer, because a server that accepts and
// never answers must not hang kevtui. kevtui never sends anything but GET.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { ClusterConnection } from './config.js';
import { ApiStatusError, KubeError } from './errors.js';

export const USER_AGENT = 'kevtui/0.1.0';
const HEADERS_TIMEOUT_MS = 30_000;
const BODY_IDLE_MS = 60_000;
const MAX_ERROR_BODY = 64 * 1024;

export interface GetOptions {
  signal?: AbortSignal;
  /** Until response headers (connect, TLS, credentials included). */
  timeoutMs?: number;
}

export interface StreamOptions extends GetOptions {
  /** Abort when no byte arrives for this long (a stalled stream looks healthy otherwise). */
  idleTimeoutMs?: number;
  /** Called once the server answered 200, before the first line. */
  onOpen?: () => void;
}

/** The caller's own abort: never an error worth reporting. */
export class AbortedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('aborted');
  }
}

/** A stream that broke after it started (connection reset, inactivity watchdog). */
export class StreamBrokenError extends Error {
  override name = 'StreamBrokenError';
  constructor(
    message: string,
    readonly idle = false,
  ) {
    super(message);
  }
}

export function isAbort(e: unknown): boolean {
  return e instanceof AbortedError || (e instanceof Error && e.name === 'AbortError');
}

/** GET `path` (with query) and parse JSON. Throws ApiStatusError for non-2xx, KubeError otherwise. */
export async function getJson<T = unknown>(conn: ClusterConnection, path: string, opts: GetOptions = {}): Promise<T> {
  const { res, url } = await send(conn, path, opts);
  const text = await readBody(res, opts.signal, Infinity);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new KubeError('server', `the server answered ${url} with something that is not JSON (${text.slice(0, 80).trim() || 'empty body'})`);
  }
}

/**
 * GET a watch and call `onLine` for each non-empty line, in order. Resolves when the server ends
 * the response cleanly; rejects with StreamBrokenError (reset, watchdog), AbortedError, or
 * whatever `onLine` threw (after closing the connection).
 */
export async function streamLines(conn: ClusterConnection, path: string, onLine: (line: string) => void, opts: StreamOptions = {}): Promise<void> {
  const { res } = await send(conn, path, opts);
  opts.onOpen?.();
  res.setEncoding('utf8'); // a StringDecoder: multi-byte characters split across chunks stay whole
  const idleMs = opts.idleTimeoutMs ?? BODY_IDLE_MS;
  let idle = false;
  const timer = setTimeout(() => {
    idle = true;
    res.destroy(new StreamBrokenError(`no data for ${Math.round(idleMs / 1000)}s`, true));
  }, idleMs);
  const onAbort = () => res.destroy(new AbortedError());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let rest = '';
  let consumerFailed = false;
  let consumerError: unknown;
  const deliver = (line: string) => {
    try {
      onLine(line);
    } catch (e) {
      consumerFailed = true;
      consumerError = e;
      throw e;
    }
  };
  try {
    if (opts.signal?.aborted) throw new AbortedError();
    for await (const chunk of res as AsyncIterable<string>) {
      timer.refresh();
      let buf = rest + chunk;
      let start = 0;
      for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
        const line = buf.slice(start, nl);
        start = nl + 1;
        if (line.trim() !== '') deliver(line);
      }
      rest = start === 0 ? buf : buf.slice(start);
      buf = '';
    }
    // A clean end: a last line without its newline is still a line.
    if (rest.trim() !== '') deliver(rest);
  } catch (e) {
    if (consumerFailed) throw consumerError; // thrown by onLine: the caller's own error
    if (opts.signal?.aborted) throw new AbortedError();
    if (e instanceof StreamBrokenError || e instanceof AbortedError) throw e;
    if (idle) throw new StreamBrokenError(`no data for ${Math.round(idleMs / 1000)}s`, true);
    throw new StreamBrokenError(`connection lost: ${(e as Error)?.message ?? String(e)}`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    res.destroy();
  }
}

/** Sends the GET; on 401 rebuilds the credentials once (fresh exec token) and tries again. */
async function send(conn: ClusterConnection, path: string, opts: GetOptions): Promise<{ res: IncomingMessage; url: string }> {
  for (let attempt = 0; ; attempt++) {
    const auth = await conn.requestOptions(opts.signal);
    const url = conn.server + path;
    const res = await request(url, auth.agent, auth.headers, opts);
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) return { res, url };
    const err = await statusError(res, url, opts.signal);
    if (code === 401 && attempt === 0) {
      conn.refreshCredentials(auth.generation);
      continue;
    }
    throw err;
  }
}

function request(url: string, agent: http.Agent, headers: Record<string, string>, opts: GetOptions): Promise<IncomingMessage> {
  const timeoutMs = opts.timeoutMs ?? HEADERS_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new AbortedError());
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new KubeError('bad-kubeconfig', `invalid URL ${url}`));
    }
    const mod = target.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      f();
    };
    const req = mod.request(target, {
      method: 'GET',
      agent,
      headers: { ...headers, Accept: 'application/json', 'User-Agent': USER_AGENT },
    });
    const onAbort = () => {
      req.destroy();
      finish(() => reject(new AbortedError()));
    };
    const timer = setTimeout(() => {
      req.destroy();
      finish(() => reject(new KubeError('unreachable', `no answer from ${url} within ${Math.round(timeoutMs / 1000)}s`)));
    }, timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => finish(() => resolve(res)));
    req.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(networkError(e, url))));
    req.end();
  });
}

function networkError(e: NodeJS.ErrnoException, url: string): KubeError {
  const what = e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message || String(e.code);
  const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code ?? '');
  return new KubeError(
    'unreachable',
    `cannot reach ${url}: ${what}`,
    tls ? "the server's certificate is not trusted by this kubeconfig (certificate-authority)" : 'is the cluster up, and the proxy/VPN connected?',
  );
}

/** Reads a whole body; gives up when nothing arrives for BODY_IDLE_MS. */
function readBody(res: IncomingMessage, signal: AbortSignal | undefined, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => res.destroy(new KubeError('unreachable', `the server stopped sending (no data for ${BODY_IDLE_MS / 1000}s)`)), BODY_IDLE_MS);
    const onAbort = () => res.destroy(new AbortedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (f: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    res.on('data', (c: Buffer) => {
      timer.refresh();
      if (size < max) chunks.push(c);
      size += c.length;
    });
    res.on('end', () => done(() => resolve(Buffer.concat(chunks).toString('utf8'))));
    res.on('error', (e) =>
      done(() => reject(e instanceof KubeError || e instanceof AbortedError ? e : new KubeError('unreachable', `connection lost while reading the answer: ${e.message}`))),
    );
  });
}

/** A non-2xx answer as ApiStatusError: the Status body when there is one, Retry-After honoured. */
async function statusError(res: IncomingMessage, url: string, signal: AbortSignal | undefined): Promise<ApiStatusError> {
  const code = res.statusCode ?? 0;
  let body = '';
  try {
    body = await readBody(res, signal, MAX_ERROR_BODY);
  } catch (e) {
    if (e instanceof AbortedError) throw e;
  }
  let reason = '';
  let message = body.trim() || `${code} ${res.statusMessage ?? ''}`.trim();
  let retryAfter = parseRetryAfter(res.headers['retry-after']);
  let causes: string[] = [];
  let listContinue: string | undefined;
  try {
    const s = JSON.parse(body) as {
      kind?: string;
      message?: string;
      reason?: string;
      metadata?: { continue?: unknown };
      details?: { retryAfterSeconds?: number; causes?: Array<{ reason?: string }> };
    };
    if (s && s.kind === 'Status') {
      reason = s.reason ?? '';
      message = s.message || message;
      if (retryAfter === undefined && typeof s.details?.retryAfterSeconds === 'number') retryAfter = s.details.retryAfterSeconds;
      causes = (s.details?.causes ?? []).map((c) => c.reason ?? '').filter(Boolean);
      if (typeof s.metadata?.continue === 'string' && s.metadata.continue) listContinue = s.metadata.continue;
    }
  } catch {
    // text/plain answers (429 from API Priority and Fairness, 404 page not found, proxies)
  }
  if (code === 429 && !reason) reason = 'TooManyRequests';
  return new ApiStatusError(code, reason, message, url, retryAfter, causes, listContinue);
}

export function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s.trim())) return Number(s.trim());
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
