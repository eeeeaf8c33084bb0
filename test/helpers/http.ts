// Raw HTTP(S) for protocol tests, the same client against the demo server and a real
// kube-apiserver: one request, or a watch whose JSON lines are collected as they arrive.
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API JSON, read loosely
type Obj = any;

export interface Res {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json: Obj;
}

/** Where raw requests go: a base URL, a CA for https, and a default bearer token. */
export interface Endpoint {
  url: string;
  ca?: string;
  token?: string;
}

function send(ep: Endpoint, path: string, method: string, headers: Record<string, string>, onResponse: (res: IncomingMessage) => void): http.ClientRequest {
  const all: Record<string, string> = { ...(ep.token ? { authorization: `Bearer ${ep.token}` } : {}), ...headers };
  for (const [k, v] of Object.entries(all)) if (v === '') delete all[k];
  const u = new URL(ep.url + path);
  return u.protocol === 'https:'
    ? https.request(u, { method, headers: all, ca: ep.ca, agent: false }, onResponse)
    : http.request(u, { method, headers: all, agent: false }, onResponse);
}

/** One request; `headers.authorization = ''` sends none. */
export function req(ep: Endpoint, path: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const r = send(ep, path, opts.method ?? 'GET', opts.headers ?? {}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
      res.on('error', reject);
    });
    r.setTimeout(60_000, () => r.destroy(new Error(`no answer to ${path} in 60 s`)));
    r.on('error', reject);
    if (opts.body !== undefined) r.end(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    else r.end();
  });
}

export interface WatchClient {
  status: number;
  headers: IncomingHttpHeaders;
  lines: Obj[];
  raw: string[];
  ended: Promise<'end' | 'error'>;
  isEnded(): boolean;
  close(): void;
}

/** Opens a watch and collects its JSON lines; resolves once the response headers arrive. */
export function watch(ep: Endpoint, path: string, headers: Record<string, string> = {}): Promise<WatchClient> {
  return new Promise((resolve, reject) => {
    const r = send(ep, path, 'GET', headers, (res) => {
      let buf = '';
      let done = false;
      let endResolve!: (v: 'end' | 'error') => void;
      const ended = new Promise<'end' | 'error'>((r2) => (endResolve = r2));
      const client: WatchClient = { status: res.statusCode ?? 0, headers: res.headers, lines: [], raw: [], ended, isEnded: () => done, close: () => r.destroy() };
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          // Every newline-terminated line must be one JSON object: a blank one fails the test.
          client.raw.push(line);
          client.lines.push(JSON.parse(line));
        }
      });
      res.on('end', () => {
        if (buf.trim()) {
          // A non-watch answer (a Status body) has no trailing newline.
          client.raw.push(buf);
          try {
            client.lines.push(JSON.parse(buf));
          } catch {
            /* kept in raw */
          }
        }
        done = true;
        endResolve('end');
      });
      res.on('error', () => {
        done = true;
        endResolve('error');
      });
      res.on('close', () => {
        done = true;
        endResolve('error');
      });
      resolve(client);
    });
    r.on('error', (e) => reject(e));
    r.end();
  });
}
