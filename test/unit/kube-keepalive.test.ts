// Connections to the API server: a paged list reuses one kept-alive connection (over HTTPS a
// TLS handshake per page otherwise), across credential rebuilds, and watches, which hold their
// connection for as long as they run, never make a list wait for one. Counted on the server side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, streamLines } from '../../src/kube/http.js';
import { EventSource } from '../../src/kube/source.js';
import { ev, fakeApi, sendList, waitFor } from '../helpers/fake-api.js';

const PAGES = 100;
const all = Array.from({ length: PAGES }, (_, i) => ev(`u${i}`, 10 + i));

/** A list served one item per page; watches stay open, sending nothing. */
const pagedServer = () =>
  fakeApi((_req, res, url) => {
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('\n');
      return;
    }
    const from = Number(url.searchParams.get('continue') ?? 0);
    sendList(res, 200, all.slice(from, from + 1), from + 1 < all.length ? String(from + 1) : undefined);
  });

test(`a ${PAGES}-page list uses one connection`, async () => {
  const f = await pagedServer();
  const s = new EventSource({
    connection: f.conn,
    namespaces: ['ns'],
    apiGroup: 'core',
    pageSize: 1,
    onBatch: () => {},
    onStatus: () => {},
    onError: (e) => assert.fail(`consumer error: ${e}`),
  });
  try {
    const r = await s.listOnce();
    assert.equal(r.listed, PAGES);
    assert.equal(f.requests.length, PAGES);
    assert.ok(f.connections() <= 2, `${f.connections()} connections for ${PAGES} pages`);
  } finally {
    await s.stop();
    f.conn.close();
    await f.close();
  }
});

test('a credential rebuild keeps the connection; open watches do not make lists wait', async () => {
  const f = await pagedServer();
  const watch = new AbortController();
  const watching: Promise<void>[] = [];
  try {
    for (let i = 0; i < 3; i++) watching.push(streamLines(f.conn, '/api/v1/namespaces/ns/events?watch=true', () => {}, { signal: watch.signal }).catch(() => {}));
    await waitFor(() => f.requests.length === 3, 'three watches');
    for (let i = 0; i < 20; i++) {
      await getJson(f.conn, `/api/v1/namespaces/ns/events?limit=1&continue=${i}`);
      if (i === 10) f.conn.refreshCredentials((await f.conn.requestOptions()).generation);
    }
    assert.equal(f.connections(), 3 + 1, 'a connection per watch, one for all 20 lists');
  } finally {
    watch.abort();
    await Promise.all(watching);
    f.conn.close();
    await f.close();
  }
});

test('a kept-alive connection reset under a request is retried once on a fresh one', async () => {
  let n = 0;
  let resetEvery = false;
  const f = await fakeApi((req, res) => {
    n++;
    // The second request arrives on the kept-alive connection: drop it unanswered, as a server
    // that closed it while idle would.
    if (n === 2 || resetEvery) return req.socket.destroy();
    sendList(res, 200, []);
  });
  try {
    await getJson(f.conn, '/api/v1/events?limit=1');
    await getJson(f.conn, '/api/v1/events?limit=1');
    assert.equal(n, 3, 'asked again after the reset');
    assert.equal(f.connections(), 2);
    resetEvery = true;
    await assert.rejects(getJson(f.conn, '/api/v1/events?limit=1'), /cannot reach/);
    assert.ok(n <= 5, `a server that resets every request is asked at most twice (${n - 3})`);
  } finally {
    f.conn.close();
    await f.close();
  }
});
