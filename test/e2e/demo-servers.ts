// `kevtui demo-server` processes for the tests that need more than one cluster, and a kubeconfig
// naming them (the way a user's kubeconfig names several clusters, users and contexts).
import { spawn, type ChildProcess } from 'node:child_process';
import { stringify } from 'yaml';
import { CLI, ROOT } from './cli.js';
import { waitUntil } from '../helpers/processes.js';

export interface DemoServer {
  child: ChildProcess;
  url: string;
}

export async function demoServer(args: string[]): Promise<DemoServer> {
  const child = spawn(process.execPath, [CLI, 'demo-server', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  await waitUntil(() => /listening on (\S+)/.test(out) || child.exitCode !== null, 'the demo server to listen', 30_000);
  const m = /listening on (\S+)/.exec(out);
  if (m === null) throw new Error(`demo-server did not start: ${out}`);
  return { child, url: m[1]! };
}

export interface KubeconfigSpec {
  /** cluster name → server URL */
  clusters: Record<string, string>;
  /** user name → bearer token ('' for none) */
  users: Record<string, string>;
  contexts: Array<{ name: string; cluster: string; user: string; namespace: string }>;
  current: string;
}

export function kubeconfigYaml(k: KubeconfigSpec): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: Object.entries(k.clusters).map(([name, server]) => ({ name, cluster: { server, 'insecure-skip-tls-verify': true } })),
    users: Object.entries(k.users).map(([name, token]) => ({ name, user: token === '' ? {} : { token } })),
    contexts: k.contexts.map(({ name, ...context }) => ({ name, context })),
    'current-context': k.current,
  });
}
