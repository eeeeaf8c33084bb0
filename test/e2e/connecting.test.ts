// A server that accepts connections and never answers (a VPN half up, a proxy swallowing the
// request): from its first frame the screen says what kevtui is waiting for, then what to check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { hasTmux, Terminal } from './tmux.js';

test('a server that never answers: "connecting to …" from the first frame, the VPN/proxy hint later, still asking', { skip: !hasTmux && 'tmux not installed', timeout: 90_000 }, async () => {
  ensureBuilt();
  const asked: string[] = [];
  const held: IncomingMessage[] = [];
  const server = createServer((req) => {
    asked.push(req.url ?? '');
    held.push(req); // never answered
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-silent-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: silent\n  cluster: {server: '${url}'}\ncontexts:\n- name: silent\n  context: {cluster: silent, user: u, namespace: default}\ncurrent-context: silent\nusers:\n- name: u\n  user: {token: abc}\n`,
  );
  const result = join(dir, 'result');
  const t = Terminal.start(`KEVTUI_SLOW_SERVER_MS=2000 node ${CLI} --kubeconfig ${kubeconfig}; echo "exit=$?" > ${result}; sleep 30`, { cwd: ROOT });
  try {
    // The first screen with anything on it is kevtui's first frame (the shell prints nothing).
    const first = await t.until('the first frame', (s) => s.trim() !== '', 40_000);
    assert.match(first, new RegExp(`connecting to ${url.replace(/\./g, '\\.')}( \\(\\d+ s\\)|…)`), first);
    await t.until('the seconds to count', (s) => new RegExp(`connecting to ${url.replace(/\./g, '\\.')} \\(\\d+ s\\)`).test(s));
    const slow = await t.until('the hint', (s) => /no answer from/.test(s), 30_000);
    const [line1, line2] = slow.split('\n');
    assert.match(line1!, new RegExp(`no answer from ${url.replace(/\./g, '\\.')} for \\d+ s —$`));
    assert.match(line2!, /^check VPN\/proxy \(HTTPS_PROXY\) and the server address; still trying *$/);
    assert.ok(asked.some((p) => p.startsWith('/apis/events.k8s.io/v1')), `discovery was asked: ${asked.join(' ')}`);
    // Quitting does not wait for the silent server.
    t.keys('q');
    await t.until('kevtui to exit', () => {
      try {
        return /exit=0/.test(readFileSync(result, 'utf8'));
      } catch {
        return false;
      }
    }, 20_000);
  } finally {
    t.close();
    for (const r of held) r.socket.destroy();
    server.close();
  }
});
