// The demo cluster's worker thread (see cli-demo.ts): starts the server from workerData, says
// `ready` (or the error), and closes it when told.
import { parentPort, workerData } from 'node:worker_threads';
import { startDemoServer } from '../../demo/server.js';
import type { DemoWorkerMessage, DemoWorkerOptions } from './cli-demo.js';

const port = parentPort!;
const say = (m: DemoWorkerMessage) => port.postMessage(m);
try {
  const server = await startDemoServer(workerData as DemoWorkerOptions);
  port.once('message', () => void server.close().then(() => say({ closed: true })));
  say({ ready: true });
} catch (err) {
  say({ error: err instanceof Error ? err.message : String(err) });
}
