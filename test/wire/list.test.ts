// Lists over raw HTTP: consistent pagination, remainingItemCount, continue-token errors,
// resourceVersion semantics, field selectors, one store behind both event groups, objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { createRng } from '../../demo/rng.js';
import { req, testScenario, TABLE_ACCEPT } from './helpers.js';

async function withServer(opts: Parameters<typeof startDemoServer>[0], fn: (s: DemoServer) => Promise<void>) {
  const s = await startDemoServer({ scenario: testScenario(), seed: 7, rate: 0, ...opts });
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

function liveEvent(s: DemoServer, i: number) {
  testScenario().step(s.writer, createRng(1000 + i), new Date());
}

test('every page of a paginated list is served at the first page\'s resourceVersion', async () => {
  await withServer({ events: 2000 }, async (s) => {
    const truth = s.snapshotEvents().map((e) => `${e.metadata.namespace}/${e.metadata.name}@${e.metadata.resourceVersion}`);
    const first = await req(s.url, '/api/v1/events?limit=300');
    assert.equal(first.status, 200);
    const rv = first.json.metadata.resourceVersion;
    assert.equal(first.json.metadata.remainingItemCount, truth.length - 300);
    const seen = [...first.json.items];
    let tok: string | undefined = first.json.metadata.continue;
    let page = 0;
    while (tok) {
      // Writes between pages must not show up in this list.
      for (let i = 0; i < 5; i++) liveEvent(s, page * 10 + i);
      const r = await req(s.url, `/api/v1/events?limit=300&continue=${encodeURIComponent(tok)}`);
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json.metadata.resourceVersion, rv);
      seen.push(...r.json.items);
      tok = r.json.metadata.continue;
      if (tok) assert.equal(r.json.metadata.remainingItemCount, truth.length - seen.length);
      else assert.equal(r.json.metadata.remainingItemCount, undefined);
      page++;
    }
    assert.deepEqual(seen.map((e) => `${e.metadata.namespace}/${e.metadata.name}@${e.metadata.resourceVersion}`), truth);
    assert.ok(!('kind' in seen[0]), 'list items carry no kind');
  });
});

test('remainingItemCount is absent with selectors; namespaced paging stays in its namespace', async () => {
  await withServer({ events: 500 }, async (s) => {
    const r = await req(s.url, '/api/v1/events?limit=10&fieldSelector=type%3DWarning');
    assert.equal(r.status, 200);
    assert.ok(r.json.metadata.continue);
    assert.equal(r.json.metadata.remainingItemCount, undefined);
    assert.ok(r.json.items.every((e: { type: string }) => e.type === 'Warning'));
    let tok = '';
    const names: string[] = [];
    do {
      const p = await req(s.url, `/api/v1/namespaces/web/events?limit=50${tok ? `&continue=${encodeURIComponent(tok)}` : ''}`);
      names.push(...p.json.items.map((e: { metadata: { namespace: string } }) => e.metadata.namespace));
      tok = p.json.metadata.continue;
    } while (tok);
    assert.ok(names.length > 0 && names.every((n) => n === 'web'));
    assert.equal(names.length, s.snapshotEvents().filter((e) => e.metadata.namespace === 'web').length);
    const empty = await req(s.url, '/api/v1/namespaces/nope/events');
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.json.items, []);
  });
});

test('bad and expired continue tokens, continue with a resourceVersion', async () => {
  await withServer({ events: 300, historySize: 50 }, async (s) => {
    const bad = await req(s.url, '/api/v1/events?limit=10&continue=%%%');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.reason, 'BadRequest');
    assert.match(bad.json.message, /^invalid continue token: /);
    const garbage = await req(s.url, `/api/v1/events?limit=10&continue=${Buffer.from('{"v":"x"}').toString('base64url')}`);
    assert.equal(garbage.status, 400);
    assert.match(garbage.json.message, /^invalid continue token: continue key is not valid/);

    const first = await req(s.url, '/api/v1/events?limit=10');
    const tok = first.json.metadata.continue;
    const withRv = await req(s.url, `/api/v1/events?limit=10&resourceVersion=5&continue=${encodeURIComponent(tok)}`);
    assert.equal(withRv.status, 400);
    assert.equal(withRv.json.message, 'specifying resource version is not allowed when using continue');

    for (let i = 0; i < 60; i++) liveEvent(s, i); // the first page's revision falls off the history
    const expired = await req(s.url, `/api/v1/events?limit=10&continue=${encodeURIComponent(tok)}`);
    assert.equal(expired.status, 410);
    assert.equal(expired.json.reason, 'Expired');
    assert.match(expired.json.message, /^The provided continue parameter is too old to display a consistent list result\./);
    assert.ok(expired.json.metadata.continue, 'carries a token to continue inconsistently');
    const resumed = await req(s.url, `/api/v1/events?limit=10&continue=${encodeURIComponent(expired.json.metadata.continue)}`);
    assert.equal(resumed.status, 200);
    assert.equal(resumed.json.metadata.resourceVersion, String(Number(first.json.metadata.resourceVersion) + 60));

    const tooOld = await req(s.url, `/api/v1/events?limit=10&resourceVersion=${first.json.metadata.resourceVersion}`);
    assert.equal(tooOld.status, 410);
    assert.equal(tooOld.json.message, 'The resourceVersion for the provided list is too old.');
    const notOlder = await req(s.url, `/api/v1/events?resourceVersion=${first.json.metadata.resourceVersion}`);
    assert.equal(notOlder.status, 200, 'without limit: not older than N, served from the latest');
    const rvm = await req(s.url, '/api/v1/events?resourceVersionMatch=NotOlderThan');
    assert.equal(rvm.status, 422);
    assert.match(rvm.json.message, /^ListOptions\.meta\.k8s\.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided/);
    const sie = await req(s.url, '/api/v1/events?sendInitialEvents=true');
    assert.equal(sie.status, 422);
    assert.match(sie.json.message, /sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list/);
  });
});

test('field selectors: both spellings, operators, and the real 400s', async () => {
  await withServer({ events: 400 }, async (s) => {
    const all = s.snapshotEvents();
    const core = await req(s.url, '/api/v1/events?fieldSelector=' + encodeURIComponent('involvedObject.name=app-1,type!=Normal'));
    assert.equal(core.status, 200);
    const want = all.filter((e) => e.involvedObject.name === 'app-1' && e.type !== 'Normal').length;
    assert.equal(core.json.items.length, want);
    const ev = await req(s.url, '/apis/events.k8s.io/v1/events?fieldSelector=' + encodeURIComponent('regarding.name==app-1,type!=Normal'));
    assert.equal(ev.json.items.length, want);
    const src = await req(s.url, '/api/v1/events?fieldSelector=source%3Dkubelet');
    assert.equal(src.json.items.length, all.length);

    const unsupported = await req(s.url, '/api/v1/events?fieldSelector=foo%3Dbar');
    assert.equal(unsupported.status, 400);
    assert.deepEqual(unsupported.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'field label not supported: foo', reason: 'BadRequest', code: 400 });
    const coreSpelling = await req(s.url, '/apis/events.k8s.io/v1/events?fieldSelector=involvedObject.name%3Dx');
    assert.equal(coreSpelling.status, 400);
    assert.equal(coreSpelling.json.message, 'field label not supported: involvedObject.name');
    const setSyntax = await req(s.url, '/api/v1/events?fieldSelector=' + encodeURIComponent('type in (Warning)'));
    assert.equal(setSyntax.status, 400);
    assert.equal(setSyntax.json.message, "invalid selector: 'type in (Warning)'; can't understand 'type in (Warning)'");
    const watchErr = await req(s.url, '/api/v1/events?watch=true&fieldSelector=foo%3Dbar');
    assert.equal(watchErr.status, 400, 'rejected before the stream starts');
  });
});

test('one store behind both groups: same names, UIDs, RVs; conversion of fields', async () => {
  await withServer({ events: 50 }, async (s) => {
    const ev = s.writer.createEvent(
      {
        metadata: { name: 'conv.1', namespace: 'web' },
        involvedObject: { kind: 'Pod', namespace: 'web', name: 'app-0', apiVersion: 'v1' },
        reason: 'Scheduled',
        message: 'assigned',
        source: {},
        eventTime: '2025-02-03T04:05:06.789Z',
        series: { count: 3, lastObservedTime: '2025-02-03T04:06:00Z' },
        action: 'Binding',
        type: 'Normal',
        reportingComponent: 'default-scheduler',
        reportingInstance: 'default-scheduler-node-0',
      },
      new Date(),
    );
    const core = await req(s.url, '/api/v1/namespaces/web/events/conv.1');
    const v1 = await req(s.url, '/apis/events.k8s.io/v1/namespaces/web/events/conv.1');
    assert.equal(core.json.kind, 'Event');
    assert.equal(core.json.apiVersion, 'v1');
    assert.equal(v1.json.apiVersion, 'events.k8s.io/v1');
    assert.equal(core.json.metadata.uid, ev.metadata.uid);
    assert.equal(v1.json.metadata.uid, ev.metadata.uid);
    assert.equal(v1.json.metadata.resourceVersion, core.json.metadata.resourceVersion);
    assert.deepEqual(v1.json.regarding, core.json.involvedObject);
    assert.equal(v1.json.note, 'assigned');
    assert.equal(v1.json.reportingController, 'default-scheduler');
    assert.equal(v1.json.eventTime, '2025-02-03T04:05:06.789000Z');
    assert.deepEqual(v1.json.series, { count: 3, lastObservedTime: '2025-02-03T04:06:00.000000Z' });
    assert.deepEqual(v1.json.deprecatedSource, {});
    assert.equal(v1.json.deprecatedFirstTimestamp, null);
    assert.equal(v1.json.deprecatedCount, undefined);
    assert.equal(core.json.firstTimestamp, null);
    assert.deepEqual(core.json.source, {});
    assert.equal(core.json.reportingComponent, 'default-scheduler');
    assert.equal(core.json.count, undefined);
    const nf = await req(s.url, '/api/v1/namespaces/web/pods/nope');
    assert.equal(nf.status, 404);
    assert.equal(nf.json.message, 'pods "nope" not found');
    assert.deepEqual(nf.json.details, { name: 'nope', kind: 'pods' });
    const nfApps = await req(s.url, '/apis/apps/v1/namespaces/web/deployments/nope');
    assert.equal(nfApps.json.message, 'deployments.apps "nope" not found');
    const page = await req(s.url, '/api/v1/nothing-here');
    assert.equal(page.status, 404);
    assert.equal(page.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(page.body, '404 page not found\n');
  });
});

test('Tables: the event columns, cells, PartialObjectMetadata rows; objects too', async () => {
  await withServer({ events: 20 }, async (s) => {
    const now = Date.now();
    s.writer.createEvent(
      {
        metadata: { name: 'tbl.1', namespace: 'default' },
        involvedObject: { kind: 'Node', name: 'node-0', fieldPath: '' },
        reason: 'NodeNotReady',
        message: '  Node is not ready  ',
        source: { component: 'node-controller' },
        firstTimestamp: new Date(now - 3 * 3600_000 - 5 * 60_000).toISOString(),
        lastTimestamp: new Date(now - 150_000).toISOString(),
        count: 0,
        type: 'Warning',
      },
      new Date(),
    );
    // Last Seen is the server's clock at the answer minus a Time truncated to the second, so
    // the expected cell is any second the request spanned (a fixed '2m30s' failed whenever the
    // truncation and the request's own time crossed a second boundary).
    const stored = Math.floor((now - 150_000) / 1000) * 1000;
    const before = Date.now();
    const r = await req(s.url, '/api/v1/namespaces/default/events?fieldSelector=metadata.name%3Dtbl.1', { headers: { accept: TABLE_ACCEPT } });
    const after = Date.now();
    const seen = new Set<string>();
    for (let sec = Math.floor((before - stored) / 1000); sec <= Math.floor((after - stored) / 1000); sec++) seen.add(`2m${sec - 120}s`);
    assert.equal(r.json.kind, 'Table');
    assert.equal(r.json.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(
      r.json.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`),
      ['Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1'],
    );
    assert.equal(r.json.rows.length, 1);
    const [last, type, reason, obj, sub, source, msg, first, count, name] = r.json.rows[0].cells;
    assert.ok(seen.has(last), `Last Seen ${last}, expected one of ${[...seen].join(', ')}`);
    assert.deepEqual([type, reason, obj, sub, source, msg, first, count, name], ['Warning', 'NodeNotReady', 'node/node-0', '', 'node-controller', 'Node is not ready', '3h5m', 1, 'tbl.1']);
    assert.equal(r.json.rows[0].object.kind, 'PartialObjectMetadata');
    assert.equal(r.json.rows[0].object.metadata.namespace, 'default');
    const pods = await req(s.url, '/api/v1/pods', { headers: { accept: TABLE_ACCEPT } });
    assert.deepEqual(pods.json.columnDefinitions.slice(0, 5).map((c: { name: string }) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    assert.equal(pods.json.rows.length, 12);
    const podList = await req(s.url, '/api/v1/pods?limit=5');
    assert.equal(podList.json.kind, 'PodList');
    assert.equal(podList.json.items.length, 5);
    assert.equal(podList.json.metadata.remainingItemCount, 7);
    const labelled = await req(s.url, '/api/v1/namespaces/web/pods?labelSelector=app%3Dapp&fieldSelector=spec.nodeName%3Dnode-0');
    assert.equal(labelled.json.items.length, 2);
  });
});

test('an expired continue token: the 410\'s token continues from the next key at the current revision, and later pages stay at that revision', async () => {
  await withServer({ events: 300, historySize: 50 }, async (s) => {
    const key = (e: { metadata: { namespace?: string; name: string } }) => `${e.metadata.namespace}/${e.metadata.name}`;
    const first = await req(s.url, '/api/v1/events?limit=10');
    const before = s.snapshotEvents().map(key);
    for (let i = 0; i < 60; i++) liveEvent(s, i);
    const expired = await req(s.url, `/api/v1/events?limit=10&continue=${encodeURIComponent(first.json.metadata.continue)}`);
    assert.equal(expired.status, 410);
    assert.deepEqual(
      { ...expired.json, metadata: {} },
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        reason: 'Expired',
        code: 410,
      },
    );
    const lastFirst = key(first.json.items.at(-1));
    const now = s.snapshotEvents().map(key);
    const resumed = await req(s.url, `/api/v1/events?limit=10&continue=${encodeURIComponent(expired.json.metadata.continue)}`);
    assert.equal(resumed.status, 200);
    const rv = resumed.json.metadata.resourceVersion;
    assert.notEqual(rv, first.json.metadata.resourceVersion);
    assert.ok(key(resumed.json.items[0]) > lastFirst, 'continues after the last key of the first page');
    // Like etcd3's store (and the e2e chunking test): counted at the new revision, from the next key.
    const after = now.filter((k) => k > lastFirst);
    assert.equal(resumed.json.metadata.remainingItemCount, after.length - resumed.json.items.length);
    const rest = [...resumed.json.items];
    let tok: string | undefined = resumed.json.metadata.continue;
    while (tok) {
      for (let i = 0; i < 5; i++) liveEvent(s, 100 + rest.length + i); // later writes stay in the history
      const r = await req(s.url, `/api/v1/events?limit=50&continue=${encodeURIComponent(tok)}`);
      assert.equal(r.status, 200);
      assert.equal(r.json.metadata.resourceVersion, rv, 'consistent from the inconsistent page on');
      rest.push(...r.json.items);
      tok = r.json.metadata.continue;
    }
    assert.deepEqual(rest.map(key), after, 'the remainder as it was at the new revision');
    const listed = new Set([...first.json.items, ...rest].map(key));
    for (const k of before) if (k <= lastFirst || now.includes(k)) assert.ok(listed.has(k), `${k} listed`);
  });
});
