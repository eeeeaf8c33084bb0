// The :status view's figures: the counters a user needs to trust the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusRows } from '../../src/ui/status-lines.js';
import type { Totals } from '../../src/store/aggregate.js';

const totals: Totals = { groups: 1200, events: 54321, warningGroups: 40, warningEvents: 300, expiredGroups: 3, liveEvents: 900, evicted: 0, evictedEvents: 0, bytes: 3 * 1024 * 1024, untracked: 0, droppedOld: 0 };

test('state, retry, counters, caps and evictions are all there', () => {
  const rows = new Map(statusRows({
    context: 'prod', cluster: 'eu-1', apiGroup: 'events', namespaces: [''], now: 10_000, maxGroups: 50_000, maxBytes: 400 * 1024 * 1024,
    status: { state: 'reconnecting', apiGroup: 'events', namespaces: [''], detail: 'reconnecting in 4s (attempt 3): 500', retryAt: 13_500, attempt: 3, malformed: 2, reconnects: 7, relists: 1, server: 'https://10.0.0.1:6443' },
    totals: { ...totals, evicted: 12, evictedEvents: 99 },
  }));
  assert.equal(rows.get('State'), 'reconnecting: reconnecting in 4s (attempt 3): 500');
  assert.equal(rows.get('Retrying'), 'in 4 s (attempt 3)');
  assert.equal(rows.get('Reconnects'), '7');
  assert.equal(rows.get('Relists'), '1');
  assert.match(rows.get('Malformed lines')!, /^2 /);
  assert.equal(rows.get('Groups'), '1,200 of at most 50,000 · 40 warnings · 3 expired');
  assert.equal(rows.get('Memory'), '3 MiB of event data of at most 400 MiB');
  assert.match(rows.get('Evicted')!, /^12 groups \(99 events\)/);
  assert.equal(rows.get('Scope'), 'all namespaces');
  assert.equal(rows.get('Cluster'), 'eu-1 (https://10.0.0.1:6443)');
});

test('several clusters: a line per cluster with its context, server and state', () => {
  const st = (state: 'watching' | 'forbidden', detail: string, server: string) => ({ state, apiGroup: 'events' as const, namespaces: [''], detail, malformed: 0, reconnects: 0, relists: 0, server });
  const rows = new Map(statusRows({
    context: 'kind-eu,kind-us', cluster: '2 clusters', apiGroup: 'events', namespaces: [''], now: 0,
    status: { ...st('watching', '1 watching · 1 failing: us (forbidden)', 'x'), reconnects: 2 },
    clusters: [
      { name: 'kind-eu', label: 'eu', status: st('watching', 'watching all namespaces', 'https://eu:6443') },
      { name: 'kind-us', label: 'us', status: st('forbidden', 'events is forbidden', 'https://us:6443') },
    ],
    totals,
  }));
  assert.equal(rows.get('Clusters'), '2: 1 watching · 1 failing: us (forbidden)');
  assert.equal(rows.get('  eu'), 'kind-eu (https://eu:6443) · watching: watching all namespaces');
  assert.equal(rows.get('  us'), 'kind-us (https://us:6443) · forbidden: events is forbidden');
  assert.equal(rows.get('Reconnects'), '2');
  assert.equal(rows.has('Context'), false);
});
