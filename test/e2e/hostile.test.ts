// The real CLI against a scripted hostile server: what a user reads when access is revoked
// mid-watch, when a list never ends, and when a page is larger than the body cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCli } from './cli.js';
import { ev, fakeApi, sendList, sendStatus, waitFor, type Handler } from '../helpers/fake-api.js';

const VERSION = JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.0' });

async function withServer(handler: Handler, args: string[]) {
  const f = await fakeApi((req, res, url) => {
    if (url.pathname === '/version') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(VERSION);
    handler(req, res, url);
  });
  try {
    const r = await runCli(['--api', 'core', '--kubeconfig', f.kubeconfig, '-n', 'ns', ...args], { timeoutMs: 30_000 });
    return { ...r, lines: r.stderr.split('\n').filter(Boolean), requests: f.requests };
  } finally {
    await f.close();
  }
}

test('--plain: a relist refused with 403 prints one line with the server reason and what to do, then exits 1', async () => {
  let lists = 0;
  const r = await withServer((_req, res, url) => {
    if (url.searchParams.get('watch') !== 'true') {
      if (lists++ === 0) return sendList(res, 100, [ev('a', 90)]);
      return sendStatus(res, 403, 'Forbidden', 'events is forbidden: User "jane" cannot list resource "events" in API group "" in the namespace "ns"');
    }
    // Our resourceVersion expired: the relist is what meets the revoked access.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}\n`);
  }, ['--plain']);
  assert.equal(r.code, 1, r.stderr);
  const revoked = r.lines.filter((l) => /revoked/.test(l));
  assert.equal(revoked.length, 1, r.stderr);
  assert.match(revoked[0]!, /^kevtui: access to events was revoked: events is forbidden: User "jane" cannot list resource "events".*kubectl auth can-i watch events -n ns/);
  assert.ok(!r.lines.includes('kevtui: stopped'), r.stderr);
  assert.match(r.stdout, /\bR\b/, 'what was listed before was printed');
});

test('--once: a continue token that repeats ends in one clear line, exit 1, after a few requests', async () => {
  const r = await withServer((_req, res) => sendList(res, 100, [ev('a', 90)], 'same'), ['--once']);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines.length, 1, r.stderr);
  assert.match(r.lines[0]!, /^kevtui: the events list of namespace ns never ends: it sent the same continue token twice/);
  assert.ok(r.requests.length < 10, `${r.requests.length} requests`);
});

test('--once --max-body-bytes: a page over the cap is asked in smaller pieces; one event over it is one clear line', async () => {
  const big = 'x'.repeat(40 * 1024);
  const all = Array.from({ length: 6 }, (_, i) => ev(`u${i}`, 10 + i, 1, big));
  const ok = await withServer((_req, res, url) => {
    const limit = Number(url.searchParams.get('limit'));
    const from = Number(url.searchParams.get('continue') ?? 0);
    sendList(res, 50, all.slice(from, from + limit), from + limit < all.length ? String(from + limit) : undefined);
  }, ['--once', '--max-body-bytes', '64Ki']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /\b6\b/, 'the six events aggregate into one group of count 6');

  const huge = await withServer((_req, res) => sendList(res, 50, [ev('h', 10, 1, 'y'.repeat(100 * 1024))]), ['--once', '--max-body-bytes', '64Ki']);
  assert.equal(huge.code, 1, huge.stderr);
  assert.deepEqual(huge.lines, ['kevtui: the events list of namespace ns has a page over 64 KiB even one event at a time (raise --max-body-bytes, or narrow the list with --field-selector)']);
});

test('--once and --plain: a list that stalls after its headers is not silent: after 5 s stderr says what kevtui waits for', { timeout: 60_000 }, async () => {
  const f = await fakeApi((_req, res, url) => {
    if (url.pathname === '/version') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(VERSION);
    res.writeHead(200, { 'Content-Type': 'application/json' }); // …and then nothing
    res.write('{"kind":"EventList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[');
  });
  try {
    for (const mode of ['--once', '--plain']) {
      const cli = startCli(['--api', 'core', '--kubeconfig', f.kubeconfig, '-n', 'ns', mode]);
      try {
        await waitFor(() => /still waiting/.test(cli.stderr()), `${mode} to say it is waiting`, 20_000);
        assert.match(cli.stderr(), /^kevtui: still waiting after 5 s: the list of events is not complete: /m, cli.stderr());
        assert.equal(cli.stdout(), '');
      } finally {
        await cli.stop();
      }
    }
  } finally {
    await f.close();
  }
});
