// The cluster `--demo` embeds. It runs in a worker thread, started by cli.tsx before the mode's
// runner is even imported: generating the preloaded events and serving the first list then use
// the second core while this thread loads Ink, React and client-node and draws the first frame.
// Where the worker file is absent (running from src/ under tsx) the server runs in this thread.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DemoFlags, Options } from '../options.js';

export interface EmbeddedDemo {
  kubeconfig: string;
  close(): Promise<void>;
}

/** What `--demo` preloads and generates when the user gives no numbers: a lively first screen. */
const DEMO_DEFAULTS = { events: 1500, rate: 10 };

/** What the worker is told (workerData) and answers. */
export type DemoWorkerOptions = Omit<DemoFlags, 'port'> & { port: 0; kubeconfigOut: string };
export type DemoWorkerMessage = { ready: true } | { error: string } | { closed: true };

let prestarted: { opts: Options; demo: Promise<EmbeddedDemo> } | undefined;

/** cli.tsx: start the demo cluster now, in the worker at `workerUrl`; openSession picks it up. */
export function prestartDemo(opts: Options, workerUrl: URL): void {
  const demo = start(opts.demoFlags, workerUrl);
  demo.catch(() => {}); // reported when openSession awaits it
  prestarted = { opts, demo };
}

/** The demo cluster for a session: the one cli.tsx started, else one in this thread. */
export function startEmbeddedDemo(opts: Options): Promise<EmbeddedDemo> {
  if (prestarted?.opts === opts) {
    const { demo } = prestarted;
    prestarted = undefined;
    return demo;
  }
  return start(opts.demoFlags, undefined);
}

async function start(flags: DemoFlags, workerUrl: URL | undefined): Promise<EmbeddedDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-demo-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const options: DemoWorkerOptions = {
    ...flags,
    port: 0,
    kubeconfigOut: kubeconfig,
    events: flags.events ?? DEMO_DEFAULTS.events,
    rate: flags.rate ?? DEMO_DEFAULTS.rate,
  };
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const close = workerUrl && existsSync(fileURLToPath(workerUrl)) ? await inWorker(workerUrl, options) : await inThread(options);
    return {
      kubeconfig,
      async close() {
        await close();
        remove();
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}

async function inThread(options: DemoWorkerOptions): Promise<() => Promise<void>> {
  // Imported lazily: a real-cluster run never loads the demo cluster.
  const { startDemoServer } = await import('../../demo/server.js');
  const server = await startDemoServer(options);
  return () => server.close();
}

function inWorker(url: URL, options: DemoWorkerOptions): Promise<() => Promise<void>> {
  // No --import tsx or --cpu-prof in the worker: it runs built code only.
  const worker = new Worker(url, { workerData: options, execArgv: [], stdout: false, stderr: false });
  // A session that never closes it (a crash on the way) must not keep the process alive.
  worker.unref();
  let closed: (() => void) | undefined;
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      reject(err);
      closed?.();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the demo cluster stopped (worker exit ${code})`)));
    worker.on('message', (m: DemoWorkerMessage) => {
      if ('error' in m) fail(new Error(m.error));
      else if ('closed' in m) closed?.();
      else
        resolve(
          () =>
            new Promise<void>((done) => {
              closed = () => {
                closed = undefined;
                void worker.terminate().then(() => done());
              };
              worker.postMessage('close');
            }),
        );
    });
  });
}
