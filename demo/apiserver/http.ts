// Routing and response writing on plain node:http: non-resource paths (version, health,
// discovery), resource paths under /api/v1 and /apis/<group>/<version> (namespaced, all
// namespaces, cluster-scoped, the legacy /watch/ prefix), content negotiation for Tables,
// authentication/authorization, injected faults, and Status answers for every error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { Auth, Identity } from './auth.js';
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { Encoder } from './encode.js';
import type { Faults } from './faults.js';
import { listJson, listTableJson, list } from './lists.js';
import { parseListOptions } from './listoptions.js';
import { findResource, type ResourceInfo } from './resources.js';
import type { Store } from './store.js';
import { badRequest, internalError, methodNotAllowed, notFound, StatusError, statusJson } from './status.js';
import { rowJson, tableJson, type IncludeObject, type TableRequest } from './table.js';
import { WatchStream } from './watch.js';
import { createEvent, deleteEvent, patchEvent, replaceEvent } from './writes.js';

export interface HttpContext {
  store: Store;
  auth: Auth;
  faults: Faults;
  watches: Set<WatchStream>;
  requests: Array<{ method: string; path: string; url: string }>;
  onRequest?: (method: string, url: string) => void;
  /** host:port for /api's serverAddressByClientCIDRs. */
  serverAddress: () => string;
  /** The server's own choice of watch timeout, [1800, 3600) s. */
  defaultWatchTimeout: () => number;
}

const MAX_BODY = 3 * 1024 * 1024;

class NotFoundPage extends Error {}

interface ResourceRequest {
  info: ResourceInfo;
  namespace: string;
  name?: string;
  watchPrefix: boolean;
}

/** Maps a path under a group/version to a resource request, or throws NotFoundPage. */
function routeResource(group: string, version: string, segs: string[]): ResourceRequest {
  let watchPrefix = false;
  if (segs[0] === 'watch') {
    watchPrefix = true;
    segs = segs.slice(1);
  }
  const find = (name: string) => findResource(group, version, name);
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    const info = find(segs[2]);
    if (!info || !info.namespaced || segs.length > 4) throw new NotFoundPage();
    return { info, namespace: segs[1], name: segs[3], watchPrefix };
  }
  const info = find(segs[0]);
  if (!info || segs.length > 2) throw new NotFoundPage();
  if (segs.length === 2 && info.namespaced) throw new NotFoundPage();
  return { info, namespace: '', name: segs[1], watchPrefix };
}

/** The first Accept clause we can serve: a Table (meta.k8s.io v1/v1beta1) or JSON. */
export function negotiateTable(accept: string | undefined, q: URLSearchParams): TableRequest | undefined {
  for (const clause of (accept ?? '').split(',')) {
    const [type, ...params] = clause.split(';').map((x) => x.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((x) => x.trim())));
    if (type === 'application/json' && p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) {
      const inc = q.get('includeObject');
      const includeObject: IncludeObject = inc === 'None' || inc === 'Object' ? inc : 'Metadata';
      return { apiVersion: `meta.k8s.io/${p.v}`, includeObject };
    }
    if ((type === 'application/json' && !p.as) || type === '*/*' || type === 'application/*') return undefined;
  }
  return undefined;
}

function send(res: ServerResponse, code: number, body: string, type = 'application/json', headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-cache, private', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function sendStatus(res: ServerResponse, e: StatusError): void {
  const headers: Record<string, string> = {};
  if (e.details?.retryAfterSeconds) headers['Retry-After'] = String(e.details.retryAfterSeconds);
  send(res, e.code, statusJson(e.toStatus()), 'application/json', headers);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY}`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  try {
    return type === 'application/yaml' || type === 'application/apply-patch+yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}

function verbOf(method: string, r: ResourceRequest, q: URLSearchParams): string {
  const watch = r.watchPrefix || q.get('watch') === 'true' || q.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : r.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return r.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

export function createHandler(ctx: HttpContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(ctx, req, res).catch((err) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof NotFoundPage) send(res, 404, '404 page not found\n', 'text/plain; charset=utf-8', { 'X-Content-Type-Options': 'nosniff' });
      else if (err instanceof StatusError) sendStatus(res, err);
      else sendStatus(res, internalError(String((err as Error)?.message ?? err)));
    });
  };
}

async function handle(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  ctx.requests.push({ method, path: url.pathname, url: req.url ?? '/' });
  ctx.onRequest?.(method, req.url ?? '/');
  const delay = ctx.faults.delay();
  if (delay) await delay;

  const id = ctx.auth.authenticate(req.headers, path);
  const segs = path.split('/').filter(Boolean);

  // ---- non-resource paths ----
  if (method === 'GET' || method === 'HEAD') {
    if (path === '/version') return send(res, 200, JSON.stringify(versionInfo(), null, 2));
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return send(res, 200, 'ok', 'text/plain; charset=utf-8');
    if (path === '/api') return send(res, 200, JSON.stringify(apiVersions(ctx.serverAddress())));
    if (path === '/apis') return send(res, 200, JSON.stringify(apiGroupList()));
    if (path === '/api/v1') return send(res, 200, JSON.stringify(apiResourceList('', 'v1')));
    if (segs[0] === 'apis' && segs.length === 2) {
      const g = apiGroupDoc(segs[1]);
      if (!g) throw new NotFoundPage();
      return send(res, 200, JSON.stringify(g));
    }
    if (segs[0] === 'apis' && segs.length === 3) {
      const l = apiResourceList(segs[1], segs[2]);
      if (!l) throw new NotFoundPage();
      return send(res, 200, JSON.stringify(l));
    }
  }

  // ---- resource paths ----
  let r: ResourceRequest;
  if (segs[0] === 'api' && segs[1] === 'v1' && segs.length > 2) r = routeResource('', 'v1', segs.slice(2));
  else if (segs[0] === 'apis' && segs.length > 3) r = routeResource(segs[1], segs[2], segs.slice(3));
  else throw new NotFoundPage();

  // /api/v1/namespaces/<name> is the Namespace object itself.
  if (r.info.name === 'namespaces' && r.namespace === '' && r.name === undefined && segs.length === 4 && segs[2] === 'namespaces') {
    r.name = segs[3];
  }
  const q = url.searchParams;
  const verb = verbOf(method, r, q);
  ctx.auth.authorize(id, verb, r.info, r.namespace, r.name);
  const failure = ctx.faults.failure();
  if (failure?.code === 429) {
    // API Priority and Fairness rejects with plain text and Retry-After.
    return send(res, 429, 'Too many requests, please try again later.\n', 'text/plain; charset=utf-8', { 'Retry-After': String(failure.retryAfterSeconds), 'X-Content-Type-Options': 'nosniff' });
  }
  if (failure?.code === 500) throw internalError(failure.message);
  await dispatch(ctx, req, res, r, verb, q, id);
}

async function dispatch(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest, verb: string, q: URLSearchParams, _id: Identity): Promise<void> {
  const enc = new Encoder(r.info);
  const store = ctx.store;
  const table = negotiateTable(req.headers.accept, q);
  const dryRun = q.getAll('dryRun').includes('All');
  const gr = { resource: r.info.name, group: r.info.group };
  switch (verb) {
    case 'get': {
      const s = store.get(r.info.store, r.namespace, r.name!);
      if (!s) throw notFound(gr, r.name!);
      if (table) {
        const row = rowJson(r.info.store, s.obj, Date.now(), table, () => enc.object(s));
        return send(res, 200, tableJson(r.info.store, table, { resourceVersion: String(store.rv) }, [row], true));
      }
      return send(res, 200, enc.object(s));
    }
    case 'list': {
      const opts = parseListOptions(q, enc, false);
      const result = list(store, enc, r.namespace, opts);
      return send(res, 200, table ? listTableJson(enc, result, table, Date.now()) : listJson(enc, result));
    }
    case 'watch': {
      const opts = parseListOptions(q, enc, true);
      const w = new WatchStream(res, { store, enc, namespace: r.namespace, opts, table, faults: ctx.faults.opts, defaultTimeoutSeconds: ctx.defaultWatchTimeout() }, (x) => ctx.watches.delete(x));
      ctx.watches.add(w);
      try {
        w.start();
      } catch (e) {
        ctx.watches.delete(w);
        throw e;
      }
      return;
    }
  }
  if (r.info.store !== 'events') throw methodNotAllowed();
  if (verb === 'create' && r.name === undefined && r.namespace !== '') {
    const out = createEvent(store, enc, r.namespace, await readBody(req), dryRun);
    return send(res, out.code, out.body);
  }
  if (r.name !== undefined && r.namespace !== '') {
    if (verb === 'update') {
      const out = replaceEvent(store, enc, r.namespace, r.name, await readBody(req), dryRun);
      return send(res, out.code, out.body);
    }
    if (verb === 'patch') {
      const out = patchEvent(store, enc, r.namespace, r.name, req.headers['content-type'] ?? '', await readBody(req), dryRun);
      return send(res, out.code, out.body);
    }
    if (verb === 'delete') {
      const out = deleteEvent(store, enc, r.namespace, r.name, dryRun);
      return send(res, out.code, out.body);
    }
  }
  throw methodNotAllowed();
}
