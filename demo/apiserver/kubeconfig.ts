// The kubeconfig the demo server writes for kubectl and kevtui: cluster and context
// `kevtui-demo` on plain http (insecure-skip-tls-verify: true, which @kubernetes/client-node
// requires for an http:// server), the bearer token if one is required, and one extra context
// per restricted token so narrow RBAC is one `--context` away.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  token?: string;
  restrictedTokens?: Record<string, { user: string; namespaces: string[] }>;
}

export function kubeconfigYaml(k: KubeconfigInput): string {
  const users: unknown[] = [{ name: 'kevtui-demo', user: k.token ? { token: k.token } : {} }];
  const contexts: unknown[] = [{ name: 'kevtui-demo', context: { cluster: 'kevtui-demo', user: 'kevtui-demo', namespace: 'default' } }];
  for (const [token, r] of Object.entries(k.restrictedTokens ?? {})) {
    users.push({ name: `kevtui-demo-${r.user}`, user: { token } });
    contexts.push({ name: `kevtui-demo-${r.user}`, context: { cluster: 'kevtui-demo', user: `kevtui-demo-${r.user}`, namespace: r.namespaces[0] ?? 'default' } });
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kevtui-demo', cluster: { server: k.server, 'insecure-skip-tls-verify': true } }],
    users,
    contexts,
    'current-context': 'kevtui-demo',
    preferences: {},
  });
}

export function writeKubeconfig(path: string, k: KubeconfigInput): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(k), { mode: 0o600 });
}
