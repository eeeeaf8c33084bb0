// kube/config: kubectl's kubeconfig merge (first file wins, missing files skipped), context
// errors that list the known contexts, in-cluster, proxies from the environment, exec plugins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKubeconfig } from '../../src/kube/config.js';
import { KubeError } from '../../src/kube/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kevtui-kc-'));

function file(name: string, doc: unknown): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof doc === 'string' ? doc : stringify(doc));
  return p;
}

const a = file('a/config', {
  clusters: [{ name: 'c1', cluster: { server: 'https://a.example.com/', 'certificate-authority': 'ca.crt' } }],
  users: [{ name: 'u1', user: { token: 'token-a' } }],
  contexts: [{ name: 'ctx-a', context: { cluster: 'c1', user: 'u1', namespace: 'shop' } }],
  'current-context': 'ctx-a',
});
file('a/ca.crt', 'not really a certificate');
const b = file('b/config', {
  clusters: [
    { name: 'c1', cluster: { server: 'https://loser.example.com' } },
    { name: 'c2', cluster: { server: 'https://b.internal:6443', 'insecure-skip-tls-verify': true } },
  ],
  users: [{ name: 'u1', user: { token: 'token-b' } }, { name: 'u2', user: { token: 'token-u2' } }],
  contexts: [
    { name: 'ctx-a', context: { cluster: 'c2', user: 'u2' } },
    { name: 'ctx-b', context: { cluster: 'c2', user: 'u1' } },
  ],
  'current-context': 'ctx-b',
});
const missing = join(dir, 'nope/config');
const none = { homeDir: join(dir, 'home-without-kube'), serviceAccountDir: join(dir, 'no-sa') };

function throwsKube(fn: () => unknown, code: string, text?: RegExp): KubeError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof KubeError, `expected KubeError, got ${e}`);
    assert.equal(e.code, code);
    if (text) assert.match(e.message, text);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e;
  }
  assert.fail('did not throw');
}

test('KUBECONFIG: files merged first-wins per name, missing file skipped, first current-context', () => {
  const c = loadKubeconfig({ env: { KUBECONFIG: [a, missing, b].join(':') }, ...none });
  assert.equal(c.contextName, 'ctx-a');
  assert.equal(c.server, 'https://a.example.com');
  assert.equal(c.namespace, 'shop');
  assert.deepEqual(c.contexts, ['ctx-a', 'ctx-b']);
  assert.deepEqual(c.sources, [a, b]);
  const kc = c.kubeConfig();
  assert.equal(kc.getCurrentUser()?.token, 'token-a');
  assert.equal(kc.getCurrentCluster()?.caFile, join(dir, 'a/ca.crt'), 'relative CA path resolved against its own file');

  const cb = loadKubeconfig({ env: { KUBECONFIG: [a, missing, b].join(':') }, context: 'ctx-b', ...none });
  assert.equal(cb.server, 'https://b.internal:6443');
  assert.equal(cb.kubeConfig().getCurrentUser()?.token, 'token-a', 'u1 comes from the first file');
  assert.equal(cb.namespace, 'default');
});

test('unknown --context lists the known contexts', () => {
  const e = throwsKube(() => loadKubeconfig({ env: { KUBECONFIG: `${a}:${b}` }, context: 'prod', ...none }), 'unknown-context', /"prod"/);
  assert.match(e.message, /ctx-a, ctx-b/);
});

test('--kubeconfig wins over KUBECONFIG; a missing --kubeconfig is an error', () => {
  assert.equal(loadKubeconfig({ kubeconfig: b, env: { KUBECONFIG: a }, ...none }).contextName, 'ctx-b');
  throwsKube(() => loadKubeconfig({ kubeconfig: missing, env: {}, ...none }), 'no-kubeconfig', /does not exist/);
});

test('no kubeconfig anywhere → no-kubeconfig with the demo hint', () => {
  const e = throwsKube(() => loadKubeconfig({ env: {}, ...none }), 'no-kubeconfig');
  assert.equal(e.hint, 'try kevtui --demo');
  throwsKube(() => loadKubeconfig({ env: { KUBECONFIG: missing }, ...none }), 'no-kubeconfig');
});

test('~/.kube/config when KUBECONFIG is unset', () => {
  const home = join(dir, 'home');
  file('home/.kube/config', { clusters: [{ name: 'h', cluster: { server: 'https://home:443' } }], contexts: [{ name: 'h', context: { cluster: 'h' } }], 'current-context': 'h' });
  assert.equal(loadKubeconfig({ env: {}, homeDir: home }).server, 'https://home:443');
});

test('in-cluster: service-account token and namespace', () => {
  const sa = join(dir, 'sa');
  file('sa/token', 'sa-token\n');
  file('sa/namespace', 'jobs');
  const c = loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, homeDir: none.homeDir, serviceAccountDir: sa });
  assert.equal(c.server, 'https://10.96.0.1:443');
  assert.equal(c.namespace, 'jobs');
  assert.equal(c.kubeConfig().getCurrentUser()?.token, 'sa-token');
});

test('bad kubeconfigs are one-line bad-kubeconfig errors', () => {
  throwsKube(() => loadKubeconfig({ kubeconfig: file('bad.yaml', 'clusters: [ {'), env: {}, ...none }), 'bad-kubeconfig', /bad\.yaml/);
  const dangling = file('dangling.yaml', { clusters: [], contexts: [{ name: 'x', context: { cluster: 'gone' } }], 'current-context': 'x' });
  throwsKube(() => loadKubeconfig({ kubeconfig: dangling, env: {}, ...none }), 'bad-kubeconfig', /cluster "gone"/);
  const noCa = file('noca.yaml', { clusters: [{ name: 'c', cluster: { server: 'https://x', 'certificate-authority': '/no/such/ca.crt' } }], contexts: [{ name: 'x', context: { cluster: 'c' } }], 'current-context': 'x' });
  throwsKube(() => loadKubeconfig({ kubeconfig: noCa, env: {}, ...none }), 'bad-kubeconfig', /certificate-authority \/no\/such\/ca\.crt/);
});

test('HTTPS_PROXY is honoured unless NO_PROXY excludes the host; proxy-url in the kubeconfig wins', () => {
  const env = { KUBECONFIG: `${a}:${b}`, HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal,10.0.0.0/8' };
  assert.equal(loadKubeconfig({ env, ...none }).proxyUrl, 'http://proxy.corp:3128');
  assert.equal(loadKubeconfig({ env, context: 'ctx-b', ...none }).proxyUrl, undefined, 'b.internal matches .internal');
  assert.equal(loadKubeconfig({ env: { ...env, HTTPS_PROXY: '', https_proxy: 'socks5://s:1080' }, ...none }).proxyUrl, 'socks5://s:1080');
  const own = file('own-proxy.yaml', { clusters: [{ name: 'c', cluster: { server: 'https://x.example', 'proxy-url': 'http://bastion:8888' } }], contexts: [{ name: 'x', context: { cluster: 'c' } }], 'current-context': 'x' });
  assert.equal(loadKubeconfig({ kubeconfig: own, env, ...none }).proxyUrl, 'http://bastion:8888');
  assert.equal(loadKubeconfig({ kubeconfig: own, env, ...none }).kubeConfig().getCurrentCluster()?.proxyUrl, 'http://bastion:8888');
});

function execConfig(name: string, command: string, extra: Record<string, unknown> = {}): string {
  return file(name, {
    clusters: [{ name: 'c', cluster: { server: 'https://x.example' } }],
    users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command, ...extra } } }],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'x',
  });
}

async function rejectsKube(p: Promise<unknown>, code: string, text: RegExp): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KubeError, `expected KubeError, got ${e}`);
    assert.equal(e.code, code);
    assert.match(e.message, text);
    assert.ok(!e.message.includes('\n'));
    return e;
  }
  assert.fail('did not reject');
}

test('exec plugin: missing binary and failing plugin are exec-plugin errors with their text', async () => {
  const gone = loadKubeconfig({ kubeconfig: execConfig('exec-missing.yaml', 'kevtui-no-such-plugin', { installHint: 'brew install it' }), env: {}, ...none });
  const e = await rejectsKube(gone.requestOptions(), 'exec-plugin', /kevtui-no-such-plugin not found/);
  assert.equal(e.hint, 'brew install it');

  const script = file('bin/failing-plugin', '#!/bin/sh\necho "error: token expired, run login" >&2\necho "second line" >&2\nexit 1\n');
  chmodSync(script, 0o755);
  const failing = loadKubeconfig({ kubeconfig: execConfig('exec-failing.yaml', './bin/failing-plugin'), env: {}, ...none });
  await rejectsKube(failing.requestOptions(), 'exec-plugin', /failing-plugin failed: error: token expired, run login; second line/);
});

test('exec plugin: token used as bearer, KUBERNETES_EXEC_INFO provided, rebuilt after refreshCredentials', async () => {
  const counter = join(dir, 'exec-count');
  writeFileSync(counter, '');
  const script = file(
    'bin/ok-plugin',
    `#!/bin/sh\necho x >> ${counter}\nn=$(wc -l < ${counter} | tr -d ' ')\necho "{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"tok-$n\\"}}"\n[ -n "$KUBERNETES_EXEC_INFO" ] || exit 3\n`,
  );
  chmodSync(script, 0o755);
  const c = loadKubeconfig({ kubeconfig: execConfig('exec-ok.yaml', script), env: {}, ...none });
  const first = await c.requestOptions();
  assert.equal(first.headers.Authorization, 'Bearer tok-1');
  assert.equal((await c.requestOptions()).headers.Authorization, 'Bearer tok-1', 'cached between requests');
  c.refreshCredentials(first.generation);
  c.refreshCredentials(first.generation); // a second 401 on the same credentials does not rebuild again
  assert.equal((await c.requestOptions()).headers.Authorization, 'Bearer tok-2');
});
