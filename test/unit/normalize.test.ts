import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize, parseTime } from '../../src/model/normalize.js';
import { clone, eventTimeOnly, kubeletBackOff, nodeNotReady, schedulerSeries } from './fixtures/events.js';

const ms = (iso: string): number => Date.parse(iso);

test('normalize: legacy kubelet event (core/v1)', () => {
  const e = normalize(clone(kubeletBackOff), 'core')!;
  assert.equal(e.uid, '0b6f3c1e-8f7a-4b9e-9a51-2f6d8c1e7a01');
  assert.equal(e.namespace, 'shop');
  assert.equal(e.name, 'web-7d9f8c6b5-x2k4q.17c3e5a1b2c3d4e5');
  assert.equal(e.resourceVersion, '482913');
  assert.deepEqual(e.object, {
    kind: 'Pod', namespace: 'shop', name: 'web-7d9f8c6b5-x2k4q', apiVersion: 'v1',
    uid: 'c0ffee00-1111-4222-8333-444455556666', fieldPath: 'spec.containers{web}',
  });
  assert.equal(e.related, undefined);
  assert.equal(e.reason, 'BackOff');
  assert.match(e.message, /^Back-off restarting failed container web/);
  assert.equal(e.type, 'Warning');
  assert.equal(e.component, 'kubelet'); // reportingComponent '' → source.component
  assert.equal(e.instance, 'node-a');
  assert.equal(e.action, '');
  assert.equal(e.count, 5);
  assert.equal(e.firstSeen, ms('2025-03-01T11:58:00Z'));
  assert.equal(e.lastSeen, ms('2025-03-01T12:04:10Z'));
  assert.equal(e.apiGroup, 'core');
  // raw is the object minus managedFields
  const meta = e.raw.metadata as Record<string, unknown>;
  assert.equal(meta.managedFields, undefined);
  assert.equal(meta.uid, e.uid);
  assert.equal(e.raw.reason, 'BackOff');
});

test('normalize: events.k8s.io/v1 with a series', () => {
  const e = normalize(clone(schedulerSeries), 'events')!;
  assert.equal(e.object.kind, 'Pod');
  assert.equal(e.object.name, 'batch-job-abcde');
  assert.equal(e.object.fieldPath, '');
  assert.match(e.message, /^0\/3 nodes are available/);
  assert.equal(e.component, 'default-scheduler');
  assert.equal(e.instance, 'default-scheduler-control-plane');
  assert.equal(e.action, 'Scheduling');
  assert.equal(e.count, 7); // series.count
  assert.equal(e.firstSeen, ms('2025-03-01T10:00:00.123Z')); // eventTime (µs truncated to ms)
  assert.equal(e.lastSeen, ms('2025-03-01T10:30:00.654Z')); // series.lastObservedTime
  assert.equal(e.apiGroup, 'events');
});

test('normalize: the same stored event through both APIs gives the same fields', () => {
  const viaEvents = normalize(clone(schedulerSeries), 'events')!;
  const s = clone(schedulerSeries) as Record<string, unknown>;
  const core = {
    metadata: s.metadata, involvedObject: s.regarding, message: s.note, source: {}, reason: s.reason, type: s.type,
    eventTime: s.eventTime, series: s.series, action: s.action, reportingComponent: s.reportingController,
    reportingInstance: s.reportingInstance, firstTimestamp: null, lastTimestamp: null,
  };
  const viaCore = normalize(core, 'core')!;
  assert.deepEqual({ ...viaCore, raw: null, apiGroup: null }, { ...viaEvents, raw: null, apiGroup: null });
});

test('normalize: eventTime only (new recorder through core/v1)', () => {
  const e = normalize(clone(eventTimeOnly), 'core')!;
  assert.equal(e.firstSeen, ms('2025-03-01T12:05:00.500Z'));
  assert.equal(e.lastSeen, e.firstSeen);
  assert.equal(e.count, 1); // count omitted → 1
  assert.equal(e.component, 'kubelet');
  assert.equal(e.instance, 'node-b');
  assert.equal(e.object.uid, '');
  assert.equal(e.message, 'Container image "nginx:1.27" already present on machine'); // trimmed like kubectl
});

test('normalize: times fall back to creationTimestamp, last to first', () => {
  const raw = clone(eventTimeOnly) as Record<string, unknown>;
  raw.eventTime = null;
  const e = normalize(raw, 'core')!;
  assert.equal(e.firstSeen, ms('2025-03-01T12:05:00Z'));
  assert.equal(e.lastSeen, e.firstSeen);
});

test('normalize: node event in default about a cluster-scoped object', () => {
  const e = normalize(clone(nodeNotReady), 'core')!;
  assert.equal(e.namespace, 'default');
  assert.deepEqual(e.object, { kind: 'Node', namespace: '', name: 'node-c', apiVersion: 'v1', uid: 'node-c', fieldPath: '' });
  assert.equal(e.component, 'node-controller');
  assert.equal(e.instance, '');
});

test('normalize: missing involvedObject', () => {
  const raw = clone(kubeletBackOff) as Record<string, unknown>;
  delete raw.involvedObject;
  const e = normalize(raw, 'core')!;
  assert.deepEqual(e.object, { kind: '', namespace: '', name: '', apiVersion: '', uid: '', fieldPath: '' });
});

test('normalize: counts given as strings, zero, negative, garbage', () => {
  const withCount = (count: unknown, series?: unknown): number => {
    const raw = clone(kubeletBackOff) as Record<string, unknown>;
    raw.count = count;
    if (series !== undefined) raw.series = series;
    return normalize(raw, 'core')!.count;
  };
  assert.equal(withCount('12'), 12);
  assert.equal(withCount(' 3 '), 3);
  assert.equal(withCount(0), 1);
  assert.equal(withCount('0'), 1);
  assert.equal(withCount(-4), 1);
  assert.equal(withCount('many'), 1);
  assert.equal(withCount(null), 1);
  assert.equal(withCount(2.7), 2);
  assert.equal(withCount(1e300), Number.MAX_SAFE_INTEGER);
  assert.equal(withCount(5, { count: '9' }), 9); // series wins
  assert.equal(withCount(5, { count: 0 }), 5); // an unusable series count falls back to the legacy one
  assert.equal(withCount(5, null), 5);
});

test('normalize: not an object → undefined; garbage fields → safe defaults', () => {
  for (const v of [null, undefined, 'event', 42, true, [1, 2]]) assert.equal(normalize(v, 'core'), undefined);
  const e = normalize({ metadata: 5, involvedObject: 'x', reason: { a: 1 }, message: 17, type: null, firstTimestamp: 'yesterday', count: 'abc', source: [] }, 'core')!;
  assert.equal(e.uid, '/');
  assert.equal(e.namespace, '');
  assert.equal(e.name, '');
  assert.equal(e.object.kind, '');
  assert.equal(e.reason, '');
  assert.equal(e.message, '17');
  assert.equal(e.type, '');
  assert.equal(e.component, '');
  assert.equal(e.count, 1);
  assert.ok(Number.isNaN(e.firstSeen));
  assert.ok(Number.isNaN(e.lastSeen));
  const empty = normalize({}, 'events')!;
  assert.equal(empty.uid, '/');
  assert.ok(Number.isNaN(empty.firstSeen));
});

test('normalize: uid falls back to namespace/name', () => {
  const raw = clone(kubeletBackOff) as { metadata: Record<string, unknown> };
  delete raw.metadata.uid;
  assert.equal(normalize(raw, 'core')!.uid, 'shop/web-7d9f8c6b5-x2k4q.17c3e5a1b2c3d4e5');
});

test('normalize: hostile text is sanitised in fields and in raw', () => {
  const raw = clone(kubeletBackOff) as Record<string, unknown>;
  raw.message = 'boom\x1b]52;c;ZXZpbA==\x07 \x1b[31mred\x1b[0m\nnext';
  raw.reason = 'Back\u202EOff';
  (raw.involvedObject as Record<string, unknown>).name = 'web\x9b2J';
  (raw.metadata as Record<string, unknown>).annotations = { ['x\x1b[1m']: 'y\x07' };
  const e = normalize(raw, 'core')!;
  assert.equal(e.message, 'boom red ⏎ next');
  assert.equal(e.reason, 'BackOff');
  assert.equal(e.object.name, 'web');
  assert.equal(e.raw.message, 'boom red ⏎ next');
  assert.deepEqual((e.raw.metadata as Record<string, unknown>).annotations, { x: 'y' });
  assert.equal(raw.reason, 'Back\u202EOff'); // input untouched
});

test('normalize: a key with invisible characters is not read as the field it looks like', () => {
  const raw = clone(kubeletBackOff) as Record<string, unknown>;
  delete raw.reason;
  raw['rea\u200bson'] = 'Spoofed';
  raw['mess\u200bage'] = 'not the message';
  const e = normalize(raw, 'core')!;
  assert.equal(e.reason, '');
  assert.notEqual(e.message, 'not the message');
});

test('normalize: related object', () => {
  const raw = clone(schedulerSeries) as Record<string, unknown>;
  raw.related = { kind: 'Node', name: 'node-a', apiVersion: 'v1' };
  const e = normalize(raw, 'events')!;
  assert.deepEqual(e.related, { kind: 'Node', namespace: '', name: 'node-a', apiVersion: 'v1', uid: '', fieldPath: '' });
});

test('parseTime: RFC 3339 forms, invalid dates, garbage', () => {
  assert.equal(parseTime('2025-03-01T12:04:10Z'), Date.UTC(2025, 2, 1, 12, 4, 10));
  assert.equal(parseTime('2025-03-01T12:04:10.123456Z'), Date.UTC(2025, 2, 1, 12, 4, 10, 123));
  assert.equal(parseTime('2025-03-01T12:04:10.1Z'), Date.UTC(2025, 2, 1, 12, 4, 10, 100));
  assert.equal(parseTime('2025-03-01T12:04:10.999999999Z'), Date.UTC(2025, 2, 1, 12, 4, 10, 999));
  assert.equal(parseTime('2025-03-01T14:04:10+02:00'), Date.UTC(2025, 2, 1, 12, 4, 10));
  assert.equal(parseTime('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
  for (const bad of ['2025-02-29T00:00:00Z', '2025-13-01T00:00:00Z', '2025-03-01T24:00:00Z', '2025-03-01T12:04:10.Z', 'yesterday', '1', '', '0001-01-01', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00+00:00', null, 1700000000000, {}]) {
    assert.ok(Number.isNaN(parseTime(bad)), String(bad));
  }
});
