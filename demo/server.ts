// The demo API server: a small, faithful Kubernetes API server (plain node:http) serving the
// simulated cluster's events (core/v1 and events.k8s.io/v1, one store) and the objects they
// concern, for kubectl, @kubernetes/client-node and kevtui. The wire rules live in apiserver/.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Auth } from './apiserver/auth.js';
import { Faults, type FaultOptions } from './apiserver/faults.js';
import { Generator } from './apiserver/generator.js';
import { createHandler, type HttpContext } from './apiserver/http.js';
import { writeKubeconfig } from './apiserver/kubeconfig.js';
import { mulberry32 } from './apiserver/random.js';
import { Store } from './apiserver/store.js';
import type { WatchStream } from './apiserver/watch.js';
import { createRng } from './rng.js';
import { getScenario } from './scenarios/index.js';
import type { ClusterWriter, CoreEvent, Scenario } from './types.js';

export type { FaultOptions } from './apiserver/faults.js';

export interface DemoServerOptions {
  /** 0 (default) = a free port; the server listens on 127.0.0.1 only. */
  port?: number;
  /** A scenario name from demo/scenarios or a Scenario object (default 'incident'). */
  scenario?: string | Scenario;
  /** Same seed → same objects, events and UIDs (default: time-based). */
  seed?: number;
  /** Live events per second (default 10; 0 = none). */
  rate?: number;
  /** Events preloaded before serving, spread over the recent past, younger than the TTL. */
  events?: number;
  /** Stop generating after this many seconds (keep serving). */
  duration?: number;
  /** Write a kubeconfig (cluster/context `kevtui-demo`) here. */
  kubeconfigOut?: string;
  /** Require this bearer token (401 without it). */
  token?: string;
  /** Tokens that may only get/list/watch in some namespaces (403 elsewhere). */
  restrictedTokens?: Record<string, { user: string; namespaces: string[] }>;
  /** --event-ttl: events expire (DELETED) this long after their last write (default 3600). */
  eventTtlSeconds?: number;
  /** Changes kept for watch resumption and consistent paging (default 10000). */
  historySize?: number;
  faults?: FaultOptions;
  onRequest?: (method: string, url: string) => void;
}

export interface DemoServer {
  url: string;
  port: number;
  kubeconfigPath?: string;
  /** Writes that behave like API writes: they bump the resourceVersion and reach watches. */
  writer: ClusterWriter;
  /** Every request received (method, path without query, full url). */
  requests: Array<{ method: string; path: string; url: string }>;
  startGenerating(): void;
  stopGenerating(): void;
  /** No more writes at all: generating, TTL expiry and compaction stop (a quiet cluster, to compare against). */
  freeze(): void;
  /** The server's own truth: every stored event (core/v1 form), sorted by namespace/name. */
  snapshotEvents(): CoreEvent[];
  /** Ends open watches and closes the listener. */
  close(): Promise<void>;
}

function resolveScenario(s: string | Scenario | undefined): Scenario {
  return s && typeof s === 'object' ? s : getScenario(s ?? 'incident');
}

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const seed = (opts.seed ?? Date.now()) >>> 0;
  const ttl = opts.eventTtlSeconds ?? 3600;
  const store = new Store({ historySize: opts.historySize ?? 10_000, eventTtlSeconds: ttl, seed });
  const scenario = resolveScenario(opts.scenario);
  const generator = new Generator(store, scenario, createRng(seed), opts.rate ?? 10);
  generator.prepare(opts.events ?? 0, ttl);
  store.expireEvents();

  const watches = new Set<WatchStream>();
  const requests: DemoServer['requests'] = [];
  const serverRand = mulberry32(seed ^ 0x68e31da4);
  let address = '127.0.0.1:0';
  const ctx: HttpContext = {
    store,
    auth: new Auth({ token: opts.token, restrictedTokens: opts.restrictedTokens }),
    faults: new Faults(opts.faults ?? {}, seed),
    watches,
    requests,
    onRequest: opts.onRequest,
    serverAddress: () => address,
    defaultWatchTimeout: () => Math.floor(1800 * (1 + serverRand())),
  };
  const server: Server = createServer({ keepAlive: true }, createHandler(ctx));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `http://127.0.0.1:${port}`;
  if (opts.kubeconfigOut) writeKubeconfig(opts.kubeconfigOut, { server: url, token: opts.token, restrictedTokens: opts.restrictedTokens });

  const expiry = setInterval(() => store.expireEvents(), 250);
  expiry.unref();
  const compactEvery = opts.faults?.compactEverySeconds;
  const compaction = compactEvery
    ? setInterval(() => {
        for (const w of [...watches]) w.drop();
        store.compactAtNextWrite();
      }, compactEvery * 1000)
    : undefined;
  compaction?.unref();
  let durationTimer: NodeJS.Timeout | undefined;
  const startGenerating = () => {
    generator.start();
    if (opts.duration !== undefined && !durationTimer) {
      durationTimer = setTimeout(() => generator.stop(), opts.duration * 1000);
      durationTimer.unref();
    }
  };
  startGenerating();

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath: opts.kubeconfigOut,
    writer: store,
    requests,
    startGenerating,
    stopGenerating: () => generator.stop(),
    freeze: () => {
      generator.stop();
      clearInterval(expiry);
      clearInterval(compaction);
    },
    snapshotEvents: () => store.snapshotEvents(),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        generator.stop();
        clearInterval(expiry);
        clearInterval(compaction);
        if (durationTimer) clearTimeout(durationTimer);
        for (const w of [...watches]) w.end();
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open.
        server.closeIdleConnections();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 100).unref();
      })),
  };
}
