// Writes over raw HTTP: POST through either group with validation (422 + causes), PATCH of
// count in every patch type producing MODIFIED, PUT, DELETE, conflicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { req, testScenario, waitFor, watch } from './helpers.js';

async function withServer(fn: (s: DemoServer) => Promise<void>) {
  const s = await startDemoServer({ scenario: testScenario(), seed: 5, rate: 0 });
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

const legacy = (name: string, ns = 'web') => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: ns },
  involvedObject: { kind: 'Pod', namespace: ns, name: 'app-0', apiVersion: 'v1' },
  reason: 'Tested',
  message: 'from a test',
  source: { component: 'tester' },
  firstTimestamp: '2025-01-01T00:00:00Z',
  lastTimestamp: '2025-01-01T00:00:00Z',
  count: 1,
  type: 'Normal',
});

const modern = (name: string) => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name, namespace: 'web' },
  eventTime: '2025-01-01T00:00:00.000000Z',
  reportingController: 'example.com/tester',
  reportingInstance: 'tester-1',
  action: 'Test',
  reason: 'Tested',
  note: 'modern',
  type: 'Warning',
  regarding: { kind: 'Pod', namespace: 'web', name: 'app-1', apiVersion: 'v1' },
});

const json = { 'content-type': 'application/json' };

test('POST through each group appears in a watch of the other group', async () => {
  await withServer(async (s) => {
    const list = await req(s.url, '/api/v1/events');
    const rv = list.json.metadata.resourceVersion;
    const coreWatch = await watch(s.url, `/api/v1/events?watch=true&resourceVersion=${rv}`);
    const evWatch = await watch(s.url, `/apis/events.k8s.io/v1/events?watch=true&resourceVersion=${rv}`);
    const a = await req(s.url, '/apis/events.k8s.io/v1/namespaces/web/events', { method: 'POST', headers: json, body: modern('m1') });
    assert.equal(a.status, 201, a.body);
    assert.equal(a.json.note, 'modern');
    const b = await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: json, body: legacy('l1') });
    assert.equal(b.status, 201, b.body);
    await waitFor(() => coreWatch.lines.length === 2 && evWatch.lines.length === 2, 5000, 'both events in both watches');
    assert.equal(coreWatch.lines[0].object.message, 'modern');
    assert.equal(coreWatch.lines[0].object.reportingComponent, 'example.com/tester');
    assert.equal(evWatch.lines[1].object.note, 'from a test');
    assert.deepEqual(evWatch.lines[1].object.deprecatedSource, { component: 'tester' });
    assert.equal(evWatch.lines[1].object.metadata.uid, coreWatch.lines[1].object.metadata.uid);
    const dup = await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: json, body: legacy('l1') });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.message, 'events "l1" already exists');
    coreWatch.close();
    evWatch.close();
  });
});

test('422 validation with details.causes, per group', async () => {
  await withServer(async (s) => {
    const noName = await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: json, body: { ...legacy('x'), metadata: { namespace: 'web' } } });
    assert.equal(noName.status, 422);
    assert.equal(noName.json.message, 'Event "" is invalid: metadata.name: Required value: name or generateName is required');
    const wrongNs = await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: json, body: { ...legacy('x'), involvedObject: { kind: 'Pod', namespace: 'other', name: 'p' } } });
    assert.equal(wrongNs.status, 422);
    assert.equal(wrongNs.json.message, 'Event "x" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace');
    assert.deepEqual(wrongNs.json.details, {
      name: 'x',
      kind: 'Event',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "other": does not match event.namespace', field: 'involvedObject.namespace' }],
    });
    const bad = { ...modern('bad'), eventTime: null, type: 'Oops', deprecatedCount: 3, series: { count: 1, lastObservedTime: '2025-01-01T00:00:00Z' } };
    const strict = await req(s.url, '/apis/events.k8s.io/v1/namespaces/web/events', { method: 'POST', headers: json, body: bad });
    assert.equal(strict.status, 422);
    assert.equal(strict.json.reason, 'Invalid');
    assert.equal(strict.json.details.group, 'events.k8s.io');
    assert.match(strict.json.message, /^Event\.events\.k8s\.io "bad" is invalid: \[/);
    const fields = strict.json.details.causes.map((c: { field: string }) => c.field);
    for (const f of ['series.count', 'eventTime', 'type', 'count']) assert.ok(fields.includes(f), `cause for ${f} in ${fields}`);
    const missing = await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: json, body: { ...legacy('y'), eventTime: '2025-01-01T00:00:00.000000Z' } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.json.details.causes.map((c: { field: string }) => c.field), ['reportingController', 'reportingController', 'reportingController', 'reportingInstance', 'action']);
    const mismatch = await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: json, body: modern('z') });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json.message, 'the API version in the data (events.k8s.io/v1) does not match the expected API version (v1)');
  });
});

test('PATCH count (merge, strategic merge, JSON patch) and series produce MODIFIED; PUT; DELETE', async () => {
  await withServer(async (s) => {
    await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: json, body: legacy('p1') });
    const list = await req(s.url, '/api/v1/events');
    const w = await watch(s.url, `/api/v1/namespaces/web/events?watch=true&resourceVersion=${list.json.metadata.resourceVersion}`);
    const path = '/api/v1/namespaces/web/events/p1';
    const m = await req(s.url, path, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: { count: 2, lastTimestamp: '2025-01-01T00:01:00Z' } });
    assert.equal(m.status, 200, m.body);
    assert.equal(m.json.count, 2);
    const smp = await req(s.url, path, { method: 'PATCH', headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: { count: 3 } });
    assert.equal(smp.json.count, 3);
    const jp = await req(s.url, path, { method: 'PATCH', headers: { 'content-type': 'application/json-patch+json' }, body: [{ op: 'replace', path: '/count', value: 4 }, { op: 'add', path: '/series', value: { count: 4, lastObservedTime: '2025-01-01T00:02:00.000000Z' } }] });
    assert.equal(jp.status, 200, jp.body);
    assert.equal(jp.json.count, 4);
    assert.equal(jp.json.series.count, 4);
    const viaGroup = await req(s.url, '/apis/events.k8s.io/v1/namespaces/web/events/p1', { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: { deprecatedCount: 5 } });
    assert.equal(viaGroup.status, 422, 'events.k8s.io/v1 makes deprecatedCount immutable');
    const put = await req(s.url, path, { method: 'PUT', headers: json, body: { ...jp.json, count: 6 } });
    assert.equal(put.status, 200, put.body);
    const stale = await req(s.url, path, { method: 'PUT', headers: json, body: { ...jp.json, count: 7 } });
    assert.equal(stale.status, 409);
    assert.match(stale.json.message, /^Operation cannot be fulfilled on events "p1": the object has been modified/);
    await waitFor(() => w.lines.length === 4, 5000, 'four MODIFIED');
    assert.deepEqual(w.lines.map((l) => `${l.type}:${l.object.count}`), ['MODIFIED:2', 'MODIFIED:3', 'MODIFIED:4', 'MODIFIED:6']);
    const bogus = await req(s.url, path, { method: 'PATCH', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(bogus.status, 415);
    const del = await req(s.url, path, { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.equal(del.json.status, 'Success');
    await waitFor(() => w.lines.length === 5, 5000, 'DELETED');
    assert.equal(w.lines[4].type, 'DELETED');
    const gone = await req(s.url, path, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: { count: 1 } });
    assert.equal(gone.status, 404);
    assert.equal(gone.json.message, 'events "p1" not found');
    const podPost = await req(s.url, '/api/v1/namespaces/web/pods', { method: 'POST', headers: json, body: {} });
    assert.equal(podPost.status, 405);
    w.close();
  });
});
