// kube/source against a scripted fake API server, for the cases the demo server does not
// produce on its own: malformed lines, resourceVersions going backwards, an in-stream 410,
// a Status 429 with details.retryAfterSeconds, and a burst that must arrive in few batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { EventSource } from '../../src/kube/source.js';
import type { SourceChange } from '../../src/kube/types.js';
import { ev, fakeApi as fakeServer, sendList, waitFor } from '../helpers/fake-api.js';

function list(res: ServerResponse, rv: number, items: unknown[]) {
  sendList(res, rv, items);
}

test('malformed lines are counted and skipped; going back in resourceVersion and an in-stream 410 relist', async () => {
  let lists = 0;
  let watches = 0;
  const f = await fakeServer((_req, res, url) => {
    if (url.searchParams.get('watch') !== 'true') {
      lists++;
      return list(res, 100, lists === 1 ? [ev('a', 90), ev('gone', 95)] : [ev('a', 90), ev('b', 101)]);
    }
    watches++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (watches === 1) {
      res.write('this is not json\n{"type":"ADDED","object":');
      res.write(JSON.stringify(ev('b', 101)) + '}\n{"type":"SURPRISE","object":{}}\n');
      res.write(`{"type":"MODIFIED","object":${JSON.stringify(ev('b', 50, 7))}}\n`); // backwards: restored server
      return; // left open: the source must abandon it itself
    }
    if (watches === 2) {
      res.end(`{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old","reason":"Expired","code":410}}\n`);
      return;
    }
    res.write(`{"type":"BOOKMARK","object":{"kind":"Event","apiVersion":"v1","metadata":{"resourceVersion":"120"}}}\n`);
  });
  const changes: SourceChange[] = [];
  const src = new EventSource({ connection: f.conn, namespaces: [''], apiGroup: 'core', onBatch: (b) => changes.push(...b), onError: (e) => assert.fail(String(e)) });
  src.start();
  try {
    await waitFor(() => watches >= 3 && src.status.state === 'watching', 'third watch');
    assert.equal(lists, 3, 'first list, relist after going backwards, relist after 410');
    assert.equal(src.status.malformed, 2);
    assert.equal(src.status.relists, 2);
    // The MODIFIED from the past was not delivered; `synced` after each list is what makes relists exact.
    assert.ok(!changes.some((c) => c.kind === 'upsert' && c.event.count === 7));
    const synced = changes.filter((c) => c.kind === 'synced');
    assert.equal(synced.length, 3);
    const last = synced.at(-1)!;
    assert.ok(last.kind === 'synced' && last.namespace === '' && [...last.seen].sort().join() === 'a,b');
    const watchUrls = f.requests.filter((r) => r.includes('watch=true'));
    assert.match(watchUrls[0]!, /resourceVersion=100&allowWatchBookmarks=true&timeoutSeconds=\d+/);
  } finally {
    await src.stop();
    await f.close();
  }
});

test('a Status 429 with details.retryAfterSeconds is retried after that long, then the list completes', async () => {
  let n = 0;
  const f = await fakeServer((_req, res, url) => {
    if (url.searchParams.get('watch') === 'true') return void res.writeHead(200).flushHeaders();
    if (n++ === 0) {
      res.writeHead(429, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'slow down', details: { retryAfterSeconds: 1 } }));
    }
    list(res, 5, [ev('a', 5)]);
  });
  const details: string[] = [];
  const src = new EventSource({ connection: f.conn, namespaces: ['ns'], apiGroup: 'core', onBatch: () => {}, onStatus: (s) => details.push(s.detail) });
  src.start();
  try {
    await waitFor(() => src.status.state === 'watching', 'watching');
    assert.ok(details.includes('reconnecting in 1s (attempt 1): 429 too many requests (Retry-After 1s)'), details.join(' | '));
    assert.ok(f.requests.every((r) => r.startsWith('GET /api/v1/namespaces/ns/events?')));
  } finally {
    await src.stop();
    await f.close();
  }
});

test('a burst of 5,000 watch events arrives in a few batches, in order', async () => {
  const f = await fakeServer((_req, res, url) => {
    if (url.searchParams.get('watch') !== 'true') return list(res, 1, []);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    let body = '';
    for (let i = 0; i < 5000; i++) body += `{"type":"ADDED","object":${JSON.stringify(ev(`u${i}`, 2 + i))}}\n`;
    res.write(body);
  });
  const batches: number[] = [];
  const uids: string[] = [];
  const src = new EventSource({
    connection: f.conn,
    namespaces: [''],
    apiGroup: 'core',
    onBatch: (b) => {
      batches.push(b.length);
      for (const c of b) if (c.kind === 'upsert') uids.push(c.event.uid);
    },
  });
  src.start();
  try {
    await waitFor(() => uids.length === 5000, 'all events');
    assert.ok(batches.length <= 12, `batches: ${batches.join(',')}`);
    assert.ok(batches.every((n) => n <= 1000));
    assert.deepEqual(uids.slice(0, 3), ['u0', 'u1', 'u2']);
    assert.equal(uids.at(-1), 'u4999');
  } finally {
    await src.stop();
    await f.close();
  }
});

test('connecting: discovery still under way is awaited, a failed one asked again; the status says to whom until the first answer', async () => {
  const { KubeError } = await import('../../src/kube/errors.js');
  const f = await fakeServer((_req, res, url) => {
    if (url.searchParams.get('watch') !== 'true') return list(res, 100, [ev('a', 90)]);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders(); // left open: watching
  });
  let asks = 0;
  let answer: (g: 'events' | 'core') => void = () => {};
  const since = Date.now() - 5000;
  const src = new EventSource({
    connection: f.conn,
    namespaces: [''],
    backoff: { baseMs: 1, capMs: 5 },
    random: () => 0.5,
    connectingSince: since,
    slowServerMs: 2000,
    // First: no answer in time (as a request timing out); then an answer when the test says so.
    apiGroup: () => (++asks === 1 ? Promise.reject(new KubeError('unreachable', 'no answer within 30s')) : new Promise((r) => (answer = r))),
    onBatch: () => {},
    onError: (e) => assert.fail(String(e)),
  });
  try {
    assert.equal(src.status.unansweredSince, since, 'known before start, for the first frame');
    src.start();
    await waitFor(() => asks === 2, 'discovery asked again');
    assert.equal(f.requests.length, 0, 'nothing listed before the API group is known');
    assert.equal(src.status.server, f.conn.server);
    assert.equal(src.status.unansweredSince, since);
    assert.equal(src.status.slowAfterMs, 2000);
    answer('core');
    await waitFor(() => src.status.state === 'watching', 'watching');
    assert.equal(src.status.unansweredSince, undefined, 'answered');
    assert.equal(src.status.apiGroup, 'core');
    assert.ok(f.requests[0]!.startsWith('GET /api/v1/events?'), f.requests[0]);
  } finally {
    await src.stop();
    await f.close();
  }
});
