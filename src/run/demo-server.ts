// `kevtui demo-server`: the simulated cluster as a standalone API server for kubectl and kevtui.
import { startDemoServer } from '../../demo/server.js';
import type { Options } from '../options.js';

export async function runDemoServer(opts: Options): Promise<number> {
  const server = await startDemoServer(opts.demoFlags);
  process.stdout.write(`kevtui demo server listening on ${server.url}\n`);
  if (server.kubeconfigPath) {
    process.stdout.write(`kubeconfig written to ${server.kubeconfigPath}\n`);
    process.stdout.write(`try: kubectl --kubeconfig ${server.kubeconfigPath} get events -A -w\n`);
    process.stdout.write(`     kevtui --kubeconfig ${server.kubeconfigPath} -A\n`);
  }
  // SIGUSR2: the cluster goes quiet (no new events, none expire), so that a client's view can be
  // compared with the server's at rest (bench/soak.ts does).
  process.on('SIGUSR2', () => {
    server.freeze();
    process.stdout.write('frozen: no more writes\n');
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });
  await server.close();
  return 0;
}
