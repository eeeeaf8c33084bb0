// Several clusters in the App: a CLUSTER column of short names (none with one cluster), one state
// per cluster in the header, `cluster:` in the filter, and `:ctx -NAME` / `:ctx +NAME` changing the
// clusters in view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterState, Session } from '../../src/session/types.js';
import type { SourceStatus } from '../../src/kube/types.js';
import { shortClusterNames } from '../../src/model/cluster-names.js';
import { kubeEvent, makeSession, renderApp, sleep, T0, type Harness, type RawSpec } from './helpers.js';
import { clusterSpans } from '../../src/ui/components/Header.js';

const rowsOf = (h: Harness) => h.lines().filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));
const titles = (h: Harness) => h.lines().find((l) => /\bREASON\b/.test(l)) ?? '';

const EVENTS: Record<string, RawSpec[]> = {
  'kind-prod-eu': [{ name: 'web-0', reason: 'BackOff', type: 'Warning', count: 3, agoS: 10, message: 'Back-off restarting failed container' }],
  'kind-prod-us': [
    { name: 'web-0', reason: 'BackOff', type: 'Warning', count: 5, agoS: 12, message: 'Back-off restarting failed container' },
    { name: 'api-0', reason: 'Unhealthy', type: 'Warning', agoS: 20, message: 'Readiness probe failed' },
  ],
  'kind-broken': [],
};

const st = (state: SourceStatus['state'], detail = ''): SourceStatus => ({ state, apiGroup: 'core', namespaces: [''], detail, malformed: 0, reconnects: 0, relists: 0 });

function multi(): Session & { asked: string[] } {
  const base = makeSession({ events: [] });
  const asked: string[] = [];
  const states = new Map<string, SourceStatus>([['kind-prod-eu', st('watching')], ['kind-prod-us', st('watching')], ['kind-broken', st('forbidden', 'events is forbidden')]]);
  const listeners = new Set<(s: SourceStatus) => void>();
  const load = (name: string) =>
    base.store.apply(EVENTS[name]!.map((p) => {
      const e = kubeEvent(p);
      e.cluster = name;
      return { kind: 'upsert' as const, event: e };
    }));
  for (const name of states.keys()) load(name);
  const clusters = (): ClusterState[] => {
    const labels = shortClusterNames([...states.keys()]);
    return [...states].map(([name, status]) => ({ name, label: labels.get(name)!, status }));
  };
  const s: Session & { asked: string[] } = {
    ...base,
    asked,
    context: 'kind-prod-eu,kind-prod-us,kind-broken',
    cluster: '3 clusters',
    contexts: ['kind-prod-eu', 'kind-prod-us', 'kind-broken', 'kind-lab'],
    status: () => st('watching', '2 watching · 1 failing'),
    onStatus(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    clusters,
    async changeContexts(change) {
      asked.push(JSON.stringify(change));
      if ('remove' in change) {
        states.delete(change.remove);
        base.store.forgetCluster(change.remove);
      } else {
        states.set(change.add, st('watching'));
        EVENTS[change.add] ??= [{ name: 'lab-0', reason: 'Started', agoS: 5, message: 'Started container' }];
        load(change.add);
      }
      for (const fn of listeners) fn(s.status());
      return s;
    },
  };
  return s;
}

test('clusters: a CLUSTER column of short names, one state per cluster in the header', async () => {
  const h = await renderApp(multi(), { columns: 100, rows: 20 });
  try {
    await h.settle();
    assert.match(h.lines()[0]!, /3 clusters .*prod-eu ●\s+prod-us ●\s+broken ✗ forbidden/);
    assert.match(titles(h), /\bCLUSTER\b/);
    const rows = rowsOf(h);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => /Warning (\S+)/.exec(r)?.[1]).sort(), ['prod-eu', 'prod-us', 'prod-us']);
  } finally {
    h.unmount();
  }
});

test('clusters: the header summarises when the states do not fit', () => {
  const names = Array.from({ length: 20 }, (_, i) => `cluster-${i}`);
  const all: ClusterState[] = names.map((name, i) => ({ name, label: name, status: i === 7 ? st('forbidden', 'no') : st('watching') }));
  const text = (room: number) => clusterSpans(all, T0, room).map((s) => s.text).join('');
  assert.equal(text(60), '19 watching · 1 failing: cluster-7 forbidden');
  assert.match(text(1000), /^cluster-0 ●  cluster-1 ● .* cluster-7 ✗ forbidden .*cluster-19 ●$/);
});

test('clusters: cluster: filters; :ctx -NAME removes a cluster, :ctx +NAME adds one', async () => {
  const s = multi();
  let now = T0;
  const h = await renderApp(s, { columns: 100, rows: 20 }, { clock: () => now });
  try {
    await h.press('/', ...'cluster:us', '\r');
    await h.settle();
    assert.equal(rowsOf(h).length, 2);
    assert.ok(rowsOf(h).every((r) => r.includes('prod-us')));
    await h.press('\x15', '\x1b'); // clear the filter
    await h.press(':', ...'ctx -kind-prod-us', '\r');
    now += 10_000; // past the time rows hold their place while following
    await sleep(1200); // the clock is read again once a second
    await h.settle();
    assert.deepEqual(s.asked, ['{"remove":"kind-prod-us"}']);
    assert.equal(rowsOf(h).length, 1, h.frame());
    assert.match(rowsOf(h)[0]!, / prod-eu /);
    assert.doesNotMatch(h.lines()[0]!, /prod-us/);
    await h.press(':', ...'ctx +kind-l', '\t', '\r');
    await h.settle();
    assert.deepEqual(s.asked, ['{"remove":"kind-prod-us"}', '{"add":"kind-lab"}']);
    assert.ok(rowsOf(h).some((r) => / lab /.test(r)), h.frame());
  } finally {
    h.unmount();
  }
});

test('clusters: one cluster has no CLUSTER column; :ctx -NAME there says so', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 20 });
  try {
    await h.settle();
    assert.doesNotMatch(titles(h), /CLUSTER/);
    await h.press(':', ...'ctx -kind-prod', '\r');
    await h.settle();
    assert.match(h.frame(), /this session watches one cluster only/);
  } finally {
    h.unmount();
  }
});
