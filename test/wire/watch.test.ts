// Watches over raw HTTP: start points, 410 in-stream then close, bookmarks, WatchList,
// timeoutSeconds, TTL expiry as DELETED, selector transitions, Table watch rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { createRng } from '../../demo/rng.js';
import { req, testScenario, waitFor, watch, TABLE_ACCEPT } from './helpers.js';

async function withServer(opts: Parameters<typeof startDemoServer>[0], fn: (s: DemoServer) => Promise<void>) {
  const s = await startDemoServer({ scenario: testScenario(), seed: 11, rate: 0, ...opts });
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

const step = (s: DemoServer, i: number) => testScenario().step(s.writer, createRng(500 + i), new Date());

test('RV unset: synthetic ADDED for every event, then live; lines carry kind/apiVersion', async () => {
  await withServer({ events: 100 }, async (s) => {
    const n = s.snapshotEvents().length;
    const w = await watch(s.url, '/api/v1/events?watch=true');
    assert.equal(w.status, 200);
    assert.equal(w.headers['content-type'], 'application/json');
    await waitFor(() => w.lines.length >= n, 5000, 'initial events');
    assert.ok(w.lines.slice(0, n).every((l) => l.type === 'ADDED' && l.object.kind === 'Event' && l.object.apiVersion === 'v1'));
    step(s, 1);
    await waitFor(() => w.lines.length === n + 1, 5000, 'live event');
    assert.ok(w.raw.every((l) => !l.includes('\n')));
    w.close();
  });
});

test('RV=N: exactly the changes after N; too old → 200, one ERROR 410 line, stream closes', async () => {
  await withServer({ events: 100, historySize: 20 }, async (s) => {
    const list = await req(s.url, '/apis/events.k8s.io/v1/events');
    const rv = list.json.metadata.resourceVersion;
    const w = await watch(s.url, `/apis/events.k8s.io/v1/events?watch=1&resourceVersion=${rv}`);
    for (let i = 0; i < 3; i++) step(s, i);
    await waitFor(() => w.lines.length === 3, 5000, 'three changes');
    assert.ok(w.lines.every((l) => l.object.apiVersion === 'events.k8s.io/v1' && Number(l.object.metadata.resourceVersion) > Number(rv)));
    w.close();

    for (let i = 0; i < 30; i++) step(s, 10 + i);
    const old = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${rv}`);
    assert.equal(old.status, 200);
    assert.equal(await old.ended, 'end');
    assert.equal(old.lines.length, 1);
    assert.deepEqual(old.lines[0], {
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'The resourceVersion for the provided watch is too old.', reason: 'Expired', code: 410 },
    });
  });
});

test('bookmarks only when asked; the initial-events-end bookmark; WatchList and its 422s', async () => {
  await withServer({ events: 30 }, async (s) => {
    const n = s.snapshotEvents().length;
    const plain = await watch(s.url, '/api/v1/events?watch=true');
    const bm = await watch(s.url, '/api/v1/events?watch=true&allowWatchBookmarks=true');
    const wl = await watch(s.url, '/apis/events.k8s.io/v1/events?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true');
    await waitFor(() => plain.lines.length >= n && bm.lines.length > n && wl.lines.length > n, 5000, 'initial state');
    assert.ok(plain.lines.every((l) => l.type !== 'BOOKMARK'));
    for (const w of [bm, wl]) {
      const b = w.lines[n];
      assert.equal(b.type, 'BOOKMARK');
      assert.equal(b.object.kind, 'Event');
      assert.equal(b.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
      assert.equal(b.object.metadata.resourceVersion, String(Math.max(...s.snapshotEvents().map((e) => Number(e.metadata.resourceVersion)))));
    }
    assert.equal(wl.lines[n].object.apiVersion, 'events.k8s.io/v1');
    step(s, 1);
    await waitFor(() => bm.lines.length === n + 2 && wl.lines.length === n + 2 && plain.lines.length === n + 1, 5000, 'live after bookmark');
    for (const w of [plain, bm, wl]) w.close();

    const noMatch = await req(s.url, '/api/v1/events?watch=true&sendInitialEvents=true');
    assert.equal(noMatch.status, 422);
    assert.equal(noMatch.json.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    assert.equal(noMatch.json.details.causes[0].reason, 'FieldValueForbidden');
    const matchOnly = await req(s.url, '/api/v1/events?watch=true&resourceVersionMatch=NotOlderThan');
    assert.equal(matchOnly.status, 422);
    assert.match(matchOnly.json.message, /resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided/);
  });
});

test('timeoutSeconds ends the stream cleanly', async () => {
  await withServer({ events: 5 }, async (s) => {
    const t0 = Date.now();
    const w = await watch(s.url, '/api/v1/events?watch=true&resourceVersion=1&timeoutSeconds=1');
    assert.equal(await w.ended, 'end');
    const took = Date.now() - t0;
    assert.ok(took >= 900 && took < 5000, `ended after ${took} ms`);
  });
});

test('TTL expiry deletes events: DELETED in an open watch, gone from lists', async () => {
  await withServer({ events: 0, eventTtlSeconds: 1 }, async (s) => {
    const list = await req(s.url, '/api/v1/events');
    const w = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${list.json.metadata.resourceVersion}`);
    step(s, 1);
    const added = await waitFor(() => w.lines.find((l) => l.type === 'ADDED'), 5000, 'ADDED');
    const deleted = await waitFor(() => w.lines.find((l) => l.type === 'DELETED'), 10_000, 'DELETED after the TTL');
    assert.equal(deleted.object.metadata.name, added.object.metadata.name);
    assert.ok(Number(deleted.object.metadata.resourceVersion) > Number(added.object.metadata.resourceVersion));
    assert.equal(s.snapshotEvents().length, 0);
    w.close();
  });
});

test('Table watch: one-row Tables, columnDefinitions only on the first; filtered watch transitions', async () => {
  await withServer({ events: 3 }, async (s) => {
    const list = await req(s.url, '/api/v1/events');
    const w = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${list.json.metadata.resourceVersion}`, { accept: TABLE_ACCEPT });
    for (let i = 0; i < 3; i++) step(s, i);
    await waitFor(() => w.lines.length === 3, 5000, 'three rows');
    assert.ok(w.lines.every((l) => l.object.kind === 'Table' && l.object.rows.length === 1));
    assert.equal(w.lines[0].object.columnDefinitions.length, 10);
    assert.equal(w.lines[1].object.columnDefinitions, null);
    w.close();

    const ev = s.snapshotEvents()[0];
    const onlyCount5 = await watch(s.url, `/api/v1/namespaces/${ev.metadata.namespace}/events?watch=true&resourceVersion=${list.json.metadata.resourceVersion}&fieldSelector=reason%3DGone`);
    s.writer.updateEvent(ev.metadata.namespace!, ev.metadata.name, (e) => (e.reason = 'Gone'), new Date());
    s.writer.updateEvent(ev.metadata.namespace!, ev.metadata.name, (e) => (e.count = 9), new Date());
    s.writer.updateEvent(ev.metadata.namespace!, ev.metadata.name, (e) => (e.reason = 'Back'), new Date());
    await waitFor(() => onlyCount5.lines.length === 3, 5000, 'transitions');
    assert.deepEqual(onlyCount5.lines.map((l) => l.type), ['ADDED', 'MODIFIED', 'DELETED']);
    onlyCount5.close();
  });
});

test('objects can be watched; close() ends open watches', async () => {
  const s = await startDemoServer({ scenario: testScenario(), seed: 3, rate: 0 });
  const w = await watch(s.url, '/api/v1/namespaces/web/pods?watch=true');
  await waitFor(() => w.lines.length === 3, 5000, 'pods');
  assert.ok(w.lines.every((l) => l.object.kind === 'Pod'));
  s.writer.putObject('pods', { metadata: { name: 'new-pod', namespace: 'web' }, spec: {}, status: { phase: 'Pending' } });
  await waitFor(() => w.lines.length === 4, 5000, 'new pod');
  assert.equal(w.lines[3].type, 'ADDED');
  await s.close();
  assert.equal(await w.ended, 'end');
});

test('faults: a watch dropped after N events, a watch stalled after N events', async () => {
  const dropS = await startDemoServer({ scenario: testScenario(), seed: 2, rate: 0, events: 20, faults: { dropWatchAfterEvents: 5 } });
  try {
    const w = await watch(dropS.url, '/api/v1/events?watch=true');
    assert.equal(await w.ended, 'error');
    assert.equal(w.lines.length, 5);
  } finally {
    await dropS.close();
  }
  const stallS = await startDemoServer({ scenario: testScenario(), seed: 2, rate: 0, events: 20, faults: { stallWatchAfterEvents: 5 } });
  try {
    const w = await watch(stallS.url, '/api/v1/events?watch=true&timeoutSeconds=1');
    await waitFor(() => w.lines.length === 5, 5000, 'five lines');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(w.lines.length, 5);
    assert.equal(w.isEnded(), false, 'a stalled stream stays open past its timeout');
    w.close();
  } finally {
    await stallS.close();
  }
});

test('compact-every fault: watches are cut, and a resume from where the client was gets 410; a list after it resumes', async () => {
  await withServer({ events: 20, faults: { compactEverySeconds: 0.3 } }, async (s) => {
    const list = await req(s.url, '/api/v1/events');
    const rv = list.json.metadata.resourceVersion;
    const w = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${rv}`);
    assert.notEqual(await w.ended, 'end', 'the watch is cut, not ended cleanly');
    step(s, 1); // the write the history is compacted at
    const resumed = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${rv}`);
    await resumed.ended;
    assert.equal(resumed.lines.at(-1)?.object?.code, 410);
    const relisted = await req(s.url, '/api/v1/events');
    const again = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${relisted.json.metadata.resourceVersion}`);
    step(s, 2);
    // (the next compaction may cut this watch too: then it ends without lines, never with a 410)
    let cut = false;
    void again.ended.then(() => (cut = true));
    await waitFor(() => again.lines.length === 1 || cut, 5000, 'the change after the relist');
    assert.ok(again.lines.every((l) => l.type === 'ADDED'), JSON.stringify(again.lines));
    again.close();
  });
});
