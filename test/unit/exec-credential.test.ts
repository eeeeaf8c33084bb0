// kube/exec-credential through loadKubeconfig: a hung plugin is killed with its whole process
// group (children too, even ones ignoring SIGTERM), concurrent requests share one run, a caller
// that gives up takes the run down with it, and the plugin's stdout never reaches an error line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKubeconfig } from '../../src/kube/config.js';
import { KubeError } from '../../src/kube/errors.js';
import { parseCredential } from '../../src/kube/exec-credential.js';
import { alive, waitUntil } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'kevtui-exec-'));
const none = { homeDir: join(dir, 'home'), serviceAccountDir: join(dir, 'no-sa') };

function plugin(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

function kubeconfig(command: string): string {
  const p = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    p,
    stringify({
      clusters: [{ name: 'c', cluster: { server: 'https://x.example' } }],
      users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command } } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  return p;
}

/** A plugin that records its pid and its child's, then waits forever; `ignoreTerm`: SIGTERM does nothing. */
function hangingPlugin(name: string, ignoreTerm = false): { command: string; pids: () => number[] } {
  const pidFile = join(dir, `${name}.pids`);
  writeFileSync(pidFile, '');
  const command = plugin(name, `${ignoreTerm ? "trap '' TERM\n" : ''}sleep 1000 &\necho $$ $! >> ${pidFile}\nwait\nsleep 1000`);
  return { command, pids: () => readFileSync(pidFile, 'utf8').split(/\s+/).filter(Boolean).map(Number) };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  assert.fail('did not reject');
}

test('a hung plugin times out with one line and its whole process group is killed, SIGTERM ignored or not', async () => {
  for (const ignoreTerm of [false, true]) {
    const hung = hangingPlugin(`hung-${ignoreTerm}`, ignoreTerm);
    const c = loadKubeconfig({ kubeconfig: kubeconfig(hung.command), env: {}, execTimeoutMs: 300, ...none });
    const e = await rejection(c.requestOptions());
    assert.ok(e instanceof KubeError && e.code === 'exec-plugin', String(e));
    assert.match(e.message, /exec plugin .*hung-\w+ did not answer within 0.3s and was killed/);
    assert.ok(!e.message.includes('\n'));
    const pids = hung.pids();
    assert.equal(pids.length, 2, 'the plugin and its child both ran');
    await waitUntil(() => pids.every((p) => !alive(p)), `plugin ${pids.join(', ')} gone (ignoring SIGTERM: ${ignoreTerm})`);
  }
});

test('concurrent requests share one plugin run; a retry after a timeout starts only once the last one was killed', async () => {
  const hung = hangingPlugin('shared');
  const c = loadKubeconfig({ kubeconfig: kubeconfig(hung.command), env: {}, execTimeoutMs: 300, ...none });
  const errors = await Promise.all([1, 2, 3, 4].map(() => rejection(c.requestOptions())));
  assert.ok(errors.every((e) => /did not answer/.test(e.message)));
  assert.equal(hung.pids().length, 2, 'four requests, one run');
  const first = hung.pids();
  await rejection(c.requestOptions());
  assert.equal(hung.pids().length, 4, 'the next request ran it again');
  await waitUntil(() => first.every((p) => !alive(p)), 'the first run gone');
});

test('a caller that gives up (kevtui stopping) kills the run nobody else waits for', async () => {
  const hung = hangingPlugin('aborted');
  const c = loadKubeconfig({ kubeconfig: kubeconfig(hung.command), env: {}, execTimeoutMs: 60_000, ...none });
  const a = new AbortController();
  const b = new AbortController();
  const pa = rejection(c.requestOptions(a.signal));
  const pb = rejection(c.requestOptions(b.signal));
  await waitUntil(() => hung.pids().length === 2, 'the plugin started');
  const pids = hung.pids();
  a.abort();
  assert.equal((await pa).name, 'AbortError');
  assert.ok(pids.every(alive), 'still wanted by the other caller');
  b.abort();
  assert.equal((await pb).name, 'AbortError');
  await waitUntil(() => pids.every((p) => !alive(p)), 'the plugin killed once nobody waits');
});

test("the plugin's stdout never appears in an error; its stderr does, on one line", async () => {
  const bare = loadKubeconfig({ kubeconfig: kubeconfig(plugin('bare', 'echo "hunter2-SHORT; "')), env: {}, ...none });
  const e = await rejection(bare.requestOptions());
  assert.match(e.message, /printed no valid ExecCredential JSON \(16 bytes on stdout\)/);
  assert.doesNotMatch(e.message, /hunter2/);

  const noStatus = loadKubeconfig({ kubeconfig: kubeconfig(plugin('nostatus', `echo '{"kind":"ExecCredential","spec":{"token":"hunter3-LEAK"}}'; echo 'see https://login' >&2`)), env: {}, ...none });
  const e2 = await rejection(noStatus.requestOptions());
  assert.match(e2.message, /not an ExecCredential with a status .*it said: see https:\/\/login/);
  assert.doesNotMatch(e2.message, /hunter3/);

  const noisy = loadKubeconfig({ kubeconfig: kubeconfig(plugin('noisy', `printf 'token expired\\n\\033[31mrun: login --password=hunter4\\n' >&2; exit 2`)), env: {}, ...none });
  const e3 = await rejection(noisy.requestOptions());
  assert.match(e3.message, /noisy failed: token expired; run: login --password=REDACTED$/);
});

test('client certificate and key from the plugin reach the TLS agent; expirationTimestamp is honoured', async () => {
  const runs = join(dir, 'cert-runs');
  writeFileSync(runs, '');
  const cred = {
    kind: 'ExecCredential',
    apiVersion: 'client.authentication.k8s.io/v1',
    status: { clientCertificateData: '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n', clientKeyData: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n', expirationTimestamp: '2000-01-01T00:00:00Z' },
  };
  const c = loadKubeconfig({ kubeconfig: kubeconfig(plugin('cert', `echo x >> ${runs}\ncat <<'EOF'\n${JSON.stringify(cred)}\nEOF`)), env: {}, ...none });
  const auth = await c.requestOptions();
  const agentOptions = (auth.agent as unknown as { options: { cert?: unknown; key?: unknown } }).options;
  assert.equal(String(agentOptions.cert), cred.status.clientCertificateData);
  assert.equal(String(agentOptions.key), cred.status.clientKeyData);
  assert.equal(auth.headers.Authorization, undefined);
  await c.requestOptions();
  assert.equal(readFileSync(runs, 'utf8').length, 4, 'an expired credential is fetched again');

  assert.throws(() => parseCredential('{"kind":"ExecCredential","status":{}}'), /neither status.token nor a client certificate/);
  assert.equal(parseCredential('{"kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2030-01-01T00:00:00Z"}}').expiresAt, Date.parse('2030-01-01T00:00:00Z'));
});

test('close() (the session stopping) kills a run even a caller without a signal waits for, and runs no more', async () => {
  const hung = hangingPlugin('closed');
  const c = loadKubeconfig({ kubeconfig: kubeconfig(hung.command), env: {}, execTimeoutMs: 60_000, ...none });
  const waiting = rejection(c.requestOptions());
  await waitUntil(() => hung.pids().length === 2, 'the plugin started');
  const pids = hung.pids();
  c.close();
  assert.match((await waiting).message, /was stopped/);
  await waitUntil(() => pids.every((p) => !alive(p)), 'the plugin killed on close');
  assert.equal((await rejection(c.requestOptions())).name, 'AbortError');
  assert.equal(hung.pids().length, 2, 'not run again');
});
