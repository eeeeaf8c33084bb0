// GET requests to the API server with the kubeconfig's TLS, proxy and credentials: one-shot JSON
// reads over kept-alive connections, and line streams for watches on their own. node:http(s)
// with the connection's agents (Node's global fetch would ignore them); every wait has a timer, because a server that accepts and
// never answers must not hang kevtui, and every body a cap, because one that never ends must
// not exhaust its memory. kevtui never sends anything but GET.
import { formatBytes } from '../model/bytes.js';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { ClusterConnection } from './config.js';
import { ApiStatusError, KubeError } from './errors.js';
import { LineSplitter } from './lines.js';

export const USER_AGENT = 'kevtui/0.1.0';
const HEADERS_TIMEOUT_MS = 30_000;
const BODY_IDLE_MS = 60_000;
// Enough for a Status's message; a longer one is cut (see statusError).
const MAX_ERROR_BODY = 64 * 1024;
/**
 * A JSON body is read into one string, and V8 cannot build a string past ~512 MiB (a raw
 * ERR_STRING_TOO_LONG); JSON.parse then needs a few times that again. 256 MiB is ~170 events
 * of etcd's maximum 1.5 MB size, or tens of thousands of ordinary ones; source.ts asks again
 * with a smaller page when a page is larger.
 */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
/** etcd refuses objects over ~1.5 MB, so a watch line this long is not an event. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface GetOptions {
  signal?: AbortSignal;
  /** Until response headers (connect, TLS, credentials included). */
  timeoutMs?: number;
  /** Refuse a body (decoded) larger than this with BodyTooLargeError; default DEFAULT_MAX_BODY_BYTES. */
  maxBytes?: number;
  /** Called once the server answered 2xx, before its body is read. */
  onHeaders?: () => void;
}

export interface StreamOptions extends Omit<GetOptions, 'maxBytes'> {
  /** Abort when no byte arrives for this long (a stalled stream looks healthy otherwise). */
  idleTimeoutMs?: number;
  /** A line (decoded, in characters) longer than this rejects with LineTooLongError. */
  maxLineBytes?: number;
  /** Called once the server answered 200, before the first line. */
  onOpen?: () => void;
  /**
   * Asked after each chunk: a promise means the consumer cannot take more yet, and reading stops
   * (TCP pushes back to the server) until it settles; the idle watchdog does not run meanwhile.
   */
  hold?: () => Promise<void> | undefined;
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

/** A body over the cap: nothing of it is kept. */
export class BodyTooLargeError extends KubeError {
  constructor(
    readonly limit: number,
    url: string,
  ) {
    super('server', `the server's answer to ${url} is larger than ${formatBytes(limit)}`, 'raise --max-body-bytes if this is a real list');
  }
}

/** A watch line over the cap (a hostile or broken server: no event is that large). */
export class LineTooLongError extends StreamBrokenError {
  constructor(readonly limit: number) {
    super(`a watch line over ${formatBytes(limit)} (no event is that large)`);
  }
}


export function isAbort(e: unknown): boolean {
  return e instanceof AbortedError || (e instanceof Error && e.name === 'AbortError');
}

/** GET `path` (with query) and parse JSON. Throws ApiStatusError for non-2xx, KubeError otherwise. */
export async function getJson<T = unknown>(conn: ClusterConnection, path: string, opts: GetOptions = {}): Promise<T> {
  const { res, url } = await send(conn, path, opts, false);
  opts.onHeaders?.();
  const max = opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const text = await readBody(res, url, opts.signal, max, 'refuse');
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
  const { res, url } = await send(conn, path, opts, true);
  const body = decoded(res, url);
  opts.onOpen?.();
  body.setEncoding('utf8'); // a StringDecoder: multi-byte characters split across chunks stay whole
  const idleMs = opts.idleTimeoutMs ?? BODY_IDLE_MS;
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let idle = false;
  const onIdle = () => {
    idle = true;
    body.destroy(new StreamBrokenError(`no data for ${Math.round(idleMs / 1000)}s`, true));
  };
  let timer = setTimeout(onIdle, idleMs);
  let aborted: () => void = () => {};
  const abortWait = new Promise<void>((r) => (aborted = r));
  const onAbort = () => {
    aborted();
    body.destroy(new AbortedError());
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let consumerFailed = false;
  let consumerError: unknown;
  const lines = new LineSplitter(
    (line) => {
      try {
        onLine(line);
      } catch (e) {
        consumerFailed = true;
        consumerError = e;
        throw e;
      }
    },
    maxLine,
    () => new LineTooLongError(maxLine),
  );
  try {
    if (opts.signal?.aborted) throw new AbortedError();
    for await (const chunk of body as AsyncIterable<string>) {
      timer.refresh();
      lines.push(chunk);
      const held = opts.hold?.();
      if (held !== undefined) {
        clearTimeout(timer);
        await Promise.race([held, abortWait]);
        if (opts.signal?.aborted) throw new AbortedError();
        timer = setTimeout(onIdle, idleMs);
      }
    }
    lines.end();
  } catch (e) {
    if (consumerFailed) throw consumerError; // thrown by onLine: the caller's own error
    if (opts.signal?.aborted) throw new AbortedError();
    if (e instanceof StreamBrokenError || e instanceof AbortedError || e instanceof KubeError) throw e;
    if (idle) throw new StreamBrokenError(`no data for ${Math.round(idleMs / 1000)}s`, true);
    throw new StreamBrokenError(`connection lost: ${(e as Error)?.message ?? String(e)}`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    body.destroy();
    res.destroy();
  }
}

/** Sends the GET; on 401 rebuilds the credentials once (fresh exec token) and tries again. */
async function send(conn: ClusterConnection, path: string, opts: GetOptions, watch: boolean): Promise<{ res: IncomingMessage; url: string }> {
  for (let attempt = 0; ; attempt++) {
    const auth = await conn.requestOptions(opts.signal);
    const url = conn.server + path;
    const res = await request(url, watch ? auth.streamAgent : auth.agent, auth.headers, opts);
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

function request(url: string, agent: http.Agent, headers: Record<string, string>, opts: GetOptions & { retriedStale?: boolean }): Promise<IncomingMessage> {
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
    req.on('error', (e: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed just as we reused it: the GET never reached it
      // (no answer came), so asking again on a fresh connection is safe. Once, so a server that
      // resets every request still gets its error.
      if (!settled && req.reusedSocket && !opts.retriedStale && STALE_SOCKET.has(e.code ?? '')) {
        finish(() => resolve(request(url, agent, headers, { ...opts, retriedStale: true })));
        return;
      }
      finish(() => reject(networkError(e, url)));
    });
    req.end();
  });
}

const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function networkError(e: NodeJS.ErrnoException, url: string): KubeError {
  const what = e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message || String(e.code);
  const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code ?? '');
  return new KubeError(
    'unreachable',
    `cannot reach ${url}: ${what}`,
    tls ? "the server's certificate is not trusted by this kubeconfig (certificate-authority)" : 'is the cluster up, and the proxy/VPN connected?',
  );
}

/**
 * The body as sent, decompressed when the server compressed it unasked (kevtui never sends
 * Accept-Encoding, so this is a broken or hostile server; decoding is kinder than refusing).
 * Caps apply to the decoded bytes, so a small gzip bomb is still refused.
 */
function decoded(res: IncomingMessage, url: string): Readable {
  const enc = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return res;
  const make = enc === 'gzip' || enc === 'x-gzip' ? zlib.createGunzip : enc === 'deflate' ? zlib.createInflate : enc === 'br' ? zlib.createBrotliDecompress : undefined;
  if (!make) {
    res.destroy();
    throw new KubeError('server', `the server answered ${url} with Content-Encoding "${enc.slice(0, 40)}", which kevtui did not ask for and cannot read`);
  }
  const out = make();
  res.on('error', (e) => out.destroy(e));
  out.on('error', () => res.destroy());
  out.on('close', () => res.destroy());
  res.pipe(out);
  return out;
}

/**
 * Reads a whole body; gives up when nothing arrives for BODY_IDLE_MS. Over `max` bytes:
 * 'refuse' rejects with BodyTooLargeError, 'cut' resolves with the first `max` bytes; either
 * way the connection is closed at once, so a huge body is never held.
 */
function readBody(res: IncomingMessage, url: string, signal: AbortSignal | undefined, max: number, over: 'refuse' | 'cut'): Promise<string> {
  return new Promise((resolve, reject) => {
    let body: Readable;
    try {
      body = decoded(res, url);
    } catch (e) {
      return reject(e);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const timer = setTimeout(() => body.destroy(new KubeError('unreachable', `the server stopped sending (no data for ${BODY_IDLE_MS / 1000}s)`)), BODY_IDLE_MS);
    const onAbort = () => body.destroy(new AbortedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const text = () => Buffer.concat(chunks).toString('utf8');
    body.on('data', (c: Buffer) => {
      timer.refresh();
      if (size + c.length > max) {
        if (over === 'cut') {
          chunks.push(c.subarray(0, max - size));
          done(() => resolve(text()));
        } else {
          chunks.length = 0;
          done(() => reject(new BodyTooLargeError(max, url)));
        }
        body.destroy();
        res.destroy();
        return;
      }
      chunks.push(c);
      size += c.length;
    });
    body.on('end', () => done(() => resolve(text())));
    body.on('error', (e) =>
      done(() =>
        reject(
          e instanceof KubeError || e instanceof AbortedError
            ? e
            : new KubeError('unreachable', `${body === res ? 'connection lost while reading the answer' : 'the compressed answer could not be read'}: ${e.message}`),
        ),
      ),
    );
  });
}

/** A non-2xx answer as ApiStatusError: the Status body when there is one, Retry-After honoured. */
async function statusError(res: IncomingMessage, url: string, signal: AbortSignal | undefined): Promise<ApiStatusError> {
  const code = res.statusCode ?? 0;
  let body = '';
  try {
    body = await readBody(res, url, signal, MAX_ERROR_BODY, 'cut');
  } catch (e) {
    if (e instanceof AbortedError) throw e;
  }
  const plain = `${code} ${res.statusMessage ?? ''}`.trim();
  let reason = '';
  let message = body.trim() || plain;
  let retryAfter = parseRetryAfter(res.headers['retry-after']);
  let causes: string[] = [];
  let listContinue: string | undefined;
  const s = parseStatus(body);
  if (s) {
    reason = typeof s.reason === 'string' ? s.reason : '';
    message = typeof s.message === 'string' && s.message ? s.message : plain;
    if (retryAfter === undefined && typeof s.details?.retryAfterSeconds === 'number') retryAfter = s.details.retryAfterSeconds;
    if (typeof s.metadata?.continue === 'string' && s.metadata.continue) listContinue = s.metadata.continue;
    causes = (Array.isArray(s.details?.causes) ? s.details.causes : []).map((c) => (typeof c?.reason === 'string' ? c.reason : '')).filter(Boolean);
  } else if (/^\s*[[{]/.test(body)) {
    // JSON that is not a Status: its text says nothing a person can use.
    message = plain;
  }
  // (text/plain answers — 429 from API Priority and Fairness, 404 page not found, proxies — stay as sent)
  if (code === 429 && !reason) reason = 'TooManyRequests';
  return new ApiStatusError(code, reason, message, url, retryAfter, causes, listContinue);
}

interface StatusBody {
  kind?: unknown;
  message?: unknown;
  reason?: unknown;
  /** A 410 for an expired continue token carries the server's token for the rest of the list. */
  metadata?: { continue?: unknown };
  details?: { retryAfterSeconds?: unknown; causes?: Array<{ reason?: unknown }> };
}

/**
 * A Status from a body that may have been cut at MAX_ERROR_BODY: parsed whole when it fits,
 * otherwise its leading string fields are picked out of the prefix (a cut message ends in …).
 */
function parseStatus(body: string): StatusBody | undefined {
  try {
    const s = JSON.parse(body) as StatusBody;
    return s && typeof s === 'object' && s.kind === 'Status' ? s : undefined;
  } catch {
    if (!/^\s*\{/.test(body) || !/"kind"\s*:\s*"Status"/.test(body)) return undefined;
    const field = (name: string): string | undefined => {
      const m = new RegExp(`"${name}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)("?)`).exec(body);
      if (!m) return undefined;
      let v: string;
      try {
        v = JSON.parse(`"${m[1]!.replace(/\\(u[0-9a-fA-F]{0,3})?$/, '')}"`) as string;
      } catch {
        v = m[1]!;
      }
      return m[2] ? v : v + '…';
    };
    const seconds = /"retryAfterSeconds"\s*:\s*(\d+)/.exec(body)?.[1];
    const cont = field('continue');
    return {
      kind: 'Status',
      message: field('message'),
      reason: field('reason'),
      ...(cont !== undefined && !cont.endsWith('…') ? { metadata: { continue: cont } } : {}),
      details: seconds ? { retryAfterSeconds: Number(seconds) } : undefined,
    };
  }
}

export function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s.trim())) return Number(s.trim());
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
