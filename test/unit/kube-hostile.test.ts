// kube/http and kube/source against hostile or broken servers: bodies over the cap, gzip nobody
// asked for, huge Status bodies, continue tokens that repeat, in-stream ERRORs with odd codes.
// Caps are set small here (a test never allocates hundreds of MiB); the logic is the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ApiStatusError, KubeError } from '../../src/kube/errors.js';
import { getJson } from '../../src/kube/http.js';
import { EventSource, type EventSourceOptions } from '../../src/kube/source.js';
import type { SourceChange, SourceStatus } from '../../src/kube/types.js';
import { ev, fakeApi, sendList, sendStatus, waitFor, type FakeApi } from '../helpers/fake-api.js';

const MiB = 1024 * 1024;

function src(f: FakeApi, extra: Partial<EventSourceOptions> = {}) {
  const changes: SourceChange[] = [];
  const statuses: SourceStatus[] = [];
  const s = new EventSource({
    connection: f.conn,
    namespaces: ['ns'],
    apiGroup: 'core',
    onBatch: (b) => changes.push(...b),
    onStatus: (st) => statuses.push(st),
    onError: (e) => assert.fail(`consumer error: ${e}`),
    backoff: { baseMs: 20, capMs: 100 },
    ...extra,
  });
  return { s, changes, statuses };
}

const limits = (f: FakeApi) => f.requests.filter((r) => !r.includes('watch=true')).map((r) => Number(/limit=(\d+)/.exec(r)?.[1]));

test('a list page over the body cap is asked again with a smaller limit, and the list completes', async () => {
  const big = 'x'.repeat(200 * 1024); // 8 such events ≈ 1.6 MiB: over a 1 MiB cap; 4 fit
  const all = Array.from({ length: 12 }, (_, i) => ev(`u${i}`, 10 + i, 1, big));
  const f = await fakeApi((_req, res, url) => {
    const limit = Number(url.searchParams.get('limit'));
    const from = Number(url.searchParams.get('continue') ?? 0);
    const page = all.slice(from, from + limit);
    sendList(res, 50, page, from + limit < all.length ? String(from + limit) : undefined);
  });
  const { s, changes } = src(f, { pageSize: 8, maxBodyBytes: 1 * MiB });
  try {
    const r = await s.listOnce();
    assert.equal(r.listed, 12);
    assert.deepEqual(new Set(changes.flatMap((c) => (c.kind === 'upsert' ? [c.event.uid] : []))).size, 12);
    assert.deepEqual(limits(f), [8, 4, 4, 4], 'halved once, then kept for the rest of the list');
  } finally {
    await s.stop();
    await f.close();
  }
});

test('a single event over the cap even at limit=1: --once fails with one clear line naming the cap', async () => {
  const f = await fakeApi((_req, res) => sendList(res, 50, [ev('huge', 10, 1, 'y'.repeat(2 * MiB))]));
  const { s } = src(f, { pageSize: 8, maxBodyBytes: 1 * MiB });
  try {
    await assert.rejects(s.listOnce(), (e: unknown) => {
      assert.ok(e instanceof KubeError, String(e));
      assert.match(e.message, /over 1 MiB even one event at a time/);
      assert.match(e.hint ?? '', /--max-body-bytes/);
      return true;
    });
    assert.deepEqual(limits(f), [8, 4, 2, 1]);
  } finally {
    await s.stop();
    await f.close();
  }
});

test('getJson: a body over maxBytes is refused without keeping it; gzip is decoded under the same cap', async () => {
  const body = JSON.stringify({ kind: 'EventList', items: [ev('a', 1)] });
  const f = await fakeApi((_req, res, url) => {
    if (url.pathname === '/big') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end('[' + '"0123456789",'.repeat(200_000) + '0]'); // 2.6 MB
    }
    if (url.pathname === '/gzip') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      return res.end(gzipSync(body));
    }
    if (url.pathname === '/bomb') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      return res.end(gzipSync(Buffer.alloc(8 * MiB, 0x20))); // 8 MiB of spaces, a few KB on the wire
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' });
    res.end('??');
  });
  try {
    await assert.rejects(getJson(f.conn, '/big', { maxBytes: MiB }), (e: unknown) => e instanceof KubeError && /larger than 1 MiB/.test(e.message));
    assert.deepEqual(await getJson(f.conn, '/gzip'), JSON.parse(body));
    await assert.rejects(getJson(f.conn, '/bomb', { maxBytes: MiB }), (e: unknown) => e instanceof KubeError && /larger than 1 MiB/.test(e.message));
    await assert.rejects(getJson(f.conn, '/compress'), (e: unknown) => e instanceof KubeError && /Content-Encoding "compress"/.test(e.message) && !/\?\?/.test(e.message));
  } finally {
    await f.close();
  }
});

test('a Status body over 64 KB still gives its message, never raw JSON; a gzip Status too', async () => {
  const f = await fakeApi((_req, res, url) => {
    if (url.pathname === '/huge-details') {
      return sendStatus(res, 500, 'InternalError', 'etcd is on fire', { details: { causes: Array.from({ length: 5000 }, (_, i) => ({ reason: 'X', message: `cause ${i} `.repeat(4) })) } });
    }
    if (url.pathname === '/huge-message') return sendStatus(res, 500, 'InternalError', 'M'.repeat(100_000));
    res.writeHead(403, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'events is forbidden: User "jane" cannot list resource "events"' })));
  });
  try {
    for (const path of ['/huge-details', '/huge-message']) {
      const e = await getJson(f.conn, path).then(
        () => assert.fail('resolved'),
        (x: unknown) => x,
      );
      assert.ok(e instanceof ApiStatusError, String(e));
      assert.ok(!e.message.startsWith('{') && !e.message.includes('"kind"'), e.message.slice(0, 100));
      assert.equal(e.reason, 'InternalError');
      assert.match(e.message, path === '/huge-details' ? /^etcd is on fire$/ : /^M+…$/);
    }
    const g = await getJson(f.conn, '/gz').catch((x: unknown) => x);
    assert.ok(g instanceof ApiStatusError && g.code === 403 && g.message === 'events is forbidden: User "jane" cannot list resource "events"', String(g));
  } finally {
    await f.close();
  }
});

test('a continue token that repeats: --once ends with one clear line after a few requests, not a hot loop', { timeout: 30_000 }, async () => {
  const f = await fakeApi((_req, res) => sendList(res, 50, [ev('a', 10)], 'same-token'));
  const { s } = src(f);
  try {
    await assert.rejects(s.listOnce(), (e: unknown) => e instanceof KubeError && /continue token/.test(e.message) && /never ends/.test(e.message));
    assert.ok(f.requests.length <= 4, `${f.requests.length} requests`);
  } finally {
    await s.stop();
    await f.close();
  }
});

test('a list that keeps handing out new tokens for the same items is a loop too', { timeout: 30_000 }, async () => {
  let n = 0;
  const f = await fakeApi((_req, res) => sendList(res, 50, [ev('a', 10)], `t${n++}`));
  const { s } = src(f);
  try {
    await assert.rejects(s.listOnce(), (e: unknown) => e instanceof KubeError && /never ends/.test(e.message));
    assert.ok(f.requests.length <= 60, `${f.requests.length} requests`);
  } finally {
    await s.stop();
    await f.close();
  }
});

test('a repeating continue token while watching: relists from scratch with growing backoff, says why', { timeout: 30_000 }, async () => {
  const f = await fakeApi((_req, res) => sendList(res, 50, [ev('a', 10)], 'same-token'));
  const { s, statuses } = src(f, { backoff: { baseMs: 40, capMs: 400 } });
  s.start();
  try {
    await waitFor(() => statuses.filter((x) => x.state === 'reconnecting').length >= 4, 'four restarts');
    const detail = statuses.find((x) => x.state === 'reconnecting')!.detail;
    assert.match(detail, /continue token/);
    const attempts = statuses.filter((x) => x.state === 'reconnecting').map((x) => x.attempt ?? 0);
    assert.deepEqual(attempts.slice(0, 4), [1, 2, 3, 4], 'the backoff grows: the restarts are not reset by the good pages in between');
  } finally {
    await s.stop();
    await f.close();
  }
});

for (const code of [0, 200, 404, 500, 401, 403]) {
  test(`an in-stream ERROR with code ${code} is a broken stream: reconnect with the same resourceVersion (the reconnect's answer decides), never fatal`, async () => {
    let watches = 0;
    const f = await fakeApi((_req, res, url) => {
      if (url.searchParams.get('watch') !== 'true') return sendList(res, 100, [ev('a', 90)]);
      watches++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (watches === 1) return res.end(`{"type":"ERROR","object":{"kind":"Status","code":${code},"message":"odd"}}\n`);
      res.write(`{"type":"ADDED","object":${JSON.stringify(ev('b', 101))}}\n`);
    });
    const { s, changes, statuses } = src(f);
    s.start();
    try {
      await waitFor(() => changes.some((c) => c.kind === 'upsert' && c.event.uid === 'b'), 'the event after the reconnect');
      assert.ok(!statuses.some((x) => x.state === 'error' || x.state === 'forbidden'), statuses.map((x) => x.detail).join(' | '));
      const why = statuses.find((x) => x.state === 'reconnecting')!.detail;
      assert.match(why, code === 401 || code === 403 ? /access refused inside the watch \(ERROR/ : /the server broke the watch \(ERROR|ERROR 500/);
      assert.equal(f.requests.filter((r) => !r.includes('watch=true')).length, 1, 'no relist');
      assert.match(f.requests.filter((r) => r.includes('watch=true'))[1]!, /resourceVersion=100&/);
    } finally {
      await s.stop();
      await f.close();
    }
  });
}

test('a watch line over the line cap ends the watch and relists (the list holds the object), with a reason', async () => {
  let lists = 0;
  let watches = 0;
  const f = await fakeApi((_req, res, url) => {
    if (url.searchParams.get('watch') !== 'true') return sendList(res, 100 + lists++, [ev('a', 90)]);
    watches++;
    res.writeHead(200, { 'Content-Type': 'application/json' }).flushHeaders();
    if (watches === 1) return res.write(`{"type":"ADDED","object":${JSON.stringify(ev('z', 101, 1, 'w'.repeat(300 * 1024)))}`); // no newline, ever
  });
  const { s, statuses } = src(f, { maxLineBytes: 256 * 1024 });
  s.start();
  try {
    await waitFor(() => lists >= 2 && s.status.state === 'watching', 'a relist');
    assert.ok(statuses.some((x) => /watch line over 256 KiB/.test(x.detail)), statuses.map((x) => x.detail).join(' | '));
    assert.ok(!statuses.some((x) => x.state === 'error'));
  } finally {
    await s.stop();
    await f.close();
  }
});
