// A scripted API server on loopback for the answers the demo server never gives (hostile or
// broken ones): each request goes to the test's handler. Short-lived: close() ends every socket.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig, type ClusterConnection } from '../../src/kube/config.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export interface FakeApi {
  conn: ClusterConnection;
  kubeconfig: string;
  /** `METHOD /path?query` of every request, in order. */
  requests: string[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function fakeApi(handler: Handler): Promise<FakeApi> {
  const requests: string[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res, new URL(req.url ?? '/', 'http://x'));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-fake-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(kubeconfig, `clusters: [{name: c, cluster: {server: "${url}"}}]\ncontexts: [{name: x, context: {cluster: c, namespace: ns}}]\ncurrent-context: x\n`);
  const conn = loadKubeconfig({ kubeconfig, env: {}, homeDir: dir, serviceAccountDir: dir });
  return {
    conn,
    kubeconfig,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const ev = (uid: string, rv: number, count = 1, message = 'm') => ({
  metadata: { name: uid, namespace: 'ns', uid, resourceVersion: String(rv) },
  involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns' },
  reason: 'R',
  message,
  type: 'Normal',
  count,
});

export function sendList(res: ServerResponse, rv: number, items: unknown[], cont?: string): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: String(rv), ...(cont ? { continue: cont } : {}) }, items }));
}

export function sendStatus(res: ServerResponse, code: number, reason: string, message: string, extra: Record<string, unknown> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, ...extra }));
}
