// Authentication and authorization over raw HTTP: 401 without the token, the RBAC 403 texts
// for a namespace-restricted token, and injected faults (429 with Retry-After, 500).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer } from '../../demo/server.js';
import { req, testScenario } from './helpers.js';

test('401 without the token; 403 texts for a restricted user', async () => {
  const s = await startDemoServer({ scenario: testScenario(), seed: 1, rate: 0, events: 20, token: 'admin-token', restrictedTokens: { 'jane-token': { user: 'jane', namespaces: ['web'] } } });
  try {
    const ver = await req(s.url, '/version');
    assert.equal(ver.status, 200, '/version is public');
    assert.equal(ver.json.minor, '32');
    const anon = await req(s.url, '/api/v1/events');
    assert.equal(anon.status, 401);
    assert.deepEqual(anon.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const wrong = await req(s.url, '/api/v1/events', { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const admin = await req(s.url, '/api/v1/events', { headers: { authorization: 'Bearer admin-token' } });
    assert.equal(admin.status, 200);

    const jane = { authorization: 'Bearer jane-token' };
    const cluster = await req(s.url, '/api/v1/events', { headers: jane });
    assert.equal(cluster.status, 403);
    assert.deepEqual(cluster.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'events is forbidden: User "jane" cannot list resource "events" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'events' },
      code: 403,
    });
    const other = await req(s.url, '/apis/events.k8s.io/v1/namespaces/payments/events?watch=true', { headers: jane });
    assert.equal(other.status, 403);
    assert.equal(other.json.message, 'events.events.k8s.io is forbidden: User "jane" cannot watch resource "events" in API group "events.k8s.io" in the namespace "payments"');
    assert.deepEqual(other.json.details, { group: 'events.k8s.io', kind: 'events' });
    const mine = await req(s.url, '/api/v1/namespaces/web/events', { headers: jane });
    assert.equal(mine.status, 200);
    const pod = await req(s.url, '/api/v1/namespaces/web/pods/app-0', { headers: jane });
    assert.equal(pod.status, 200);
    const nodes = await req(s.url, '/api/v1/nodes', { headers: jane });
    assert.equal(nodes.json.message, 'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope');
    const create = await req(s.url, '/api/v1/namespaces/web/events', { method: 'POST', headers: { ...jane, 'content-type': 'application/json' }, body: {} });
    assert.equal(create.status, 403);
    assert.match(create.json.message, /cannot create resource "events" in API group "" in the namespace "web"$/);
    const disc = await req(s.url, '/apis', { headers: jane });
    assert.equal(disc.status, 200, 'discovery is open to authenticated users');
  } finally {
    await s.close();
  }
});

test('faults: 429 with Retry-After and 500 InternalError, repeatable with the seed', async () => {
  const run = async () => {
    const s = await startDemoServer({ scenario: testScenario(), seed: 9, rate: 0, faults: { failRatio429: 0.3, failRatio500: 0.3 } });
    const codes: number[] = [];
    try {
      for (let i = 0; i < 30; i++) {
        const r = await req(s.url, '/api/v1/events');
        codes.push(r.status);
        if (r.status === 429) {
          assert.equal(r.headers['retry-after'], '1');
          assert.equal(r.body, 'Too many requests, please try again later.\n');
        }
        if (r.status === 500) assert.equal(r.json.message, 'Internal error occurred: injected fault');
      }
      assert.equal((await req(s.url, '/version')).status, 200, 'non-resource paths are not failed');
    } finally {
      await s.close();
    }
    return codes;
  };
  const a = await run();
  assert.ok(a.includes(429) && a.includes(500) && a.includes(200));
  assert.deepEqual(await run(), a);
});
