// Wire conformance: the most important checks of test/wire/*.test.ts, written once and run
// against both the demo server and the real kube-apiserver. Only what both must agree on is
// asserted; where they may not (see DIFFERENCES.md) the check says which side it expects.
// Everything is set up through the API itself (POSTs), so both servers see the same requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startDemoServer, type DemoServer } from '../../demo/server.js';
import { testScenario } from '../wire/helpers.js';
import { CLUSTER, compactEtcd, eventually, readKubeconfig, req, SKIP, watch, type Endpoint, type Res } from './helpers.js';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const JSON_CT = { 'content-type': 'application/json' };
const T = { timeout: 120_000 };
const LIMITED_USER = 'kevtui-limited';
const LIMITED_NS = 'web';

interface Target {
  name: 'demo' | 'real';
  admin: Endpoint;
  /** No credentials at all. */
  anonymous: Endpoint;
  /** A token that may get/list/watch events in LIMITED_NS only. */
  limited: Endpoint;
  /** Makes every resourceVersion handed out so far too old (etcd compaction / a short history). */
  compact(): Promise<void>;
  namespace(ns: string): Promise<void>;
  close(): Promise<void>;
}

async function demoTarget(): Promise<Target> {
  const history = 100;
  const s: DemoServer = await startDemoServer({
    scenario: testScenario(),
    seed: 17,
    rate: 0,
    events: 0,
    historySize: history,
    token: 'admin-token',
    restrictedTokens: { 'limited-token': { user: LIMITED_USER, namespaces: [LIMITED_NS] } },
  });
  let n = 0;
  return {
    name: 'demo',
    admin: { url: s.url, token: 'admin-token' },
    anonymous: { url: s.url },
    limited: { url: s.url, token: 'limited-token' },
    async compact() {
      // The demo keeps `history` changes: push that many unrelated writes.
      for (let i = 0; i <= history; i++) {
        s.writer.createEvent({ metadata: { name: `filler.${n++}`, namespace: 'default' }, involvedObject: { kind: 'Node', name: 'node-0' }, reason: 'Filler', message: 'filler', source: { component: 'filler' }, type: 'Normal', count: 1 }, new Date());
      }
    },
    async namespace() {
      // The demo accepts events in any namespace.
    },
    close: () => s.close(),
  };
}

function realTarget(): Target {
  const c = CLUSTER!;
  const admin = readKubeconfig(c.KUBECONFIG);
  const limited = readKubeconfig(c.LIMITED_KUBECONFIG!);
  assert.equal(c.LIMITED_USER, LIMITED_USER);
  assert.equal(c.LIMITED_NAMESPACE, LIMITED_NS);
  const ep = (token?: string): Endpoint => ({ url: admin.server, ca: admin.ca, token });
  return {
    name: 'real',
    admin: ep(admin.token),
    anonymous: ep(),
    limited: ep(limited.token),
    async compact() {
      // A watch from RV resumes at RV+1, and etcd still serves its compaction revision itself:
      // two writes after the RVs in hand, then compacting at the current revision outdates them.
      for (let i = 0; i < 2; i++) await req(ep(admin.token), '/api/v1/namespaces/default/configmaps', { method: 'POST', headers: JSON_CT, body: { metadata: { generateName: 'compact-' } } });
      await compactEtcd(c.ETCD_PORT);
    },
    async namespace(ns: string) {
      const r = await req(ep(admin.token), '/api/v1/namespaces', { method: 'POST', headers: JSON_CT, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
      assert.ok(r.status === 201 || r.status === 409, r.body);
    },
    close: async () => {},
  };
}

const uniq = () => randomBytes(4).toString('hex');
const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

function legacy(ns: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { kind: 'Pod', namespace: ns, name: 'app-0', apiVersion: 'v1' },
    reason: 'Tested',
    message: 'from a test',
    source: { component: 'tester' },
    firstTimestamp: iso(),
    lastTimestamp: iso(),
    count: 1,
    type: 'Normal',
    ...extra,
  };
}

async function post(ep: Endpoint, path: string, body: unknown): Promise<Res> {
  const r = await req(ep, path, { method: 'POST', headers: JSON_CT, body });
  assert.equal(r.status, 201, `POST ${path}: ${r.body}`);
  return r;
}

async function postMany(t: Target, ns: string, n: number, make: (i: number) => Record<string, unknown> = () => ({})): Promise<void> {
  await t.namespace(ns);
  for (let i = 0; i < n; i++) await post(t.admin, `/api/v1/namespaces/${ns}/events`, legacy(ns, `ev.${i}`, make(i)));
}

const names = (r: Res) => r.json.items.map((e: { metadata: { namespace: string; name: string; resourceVersion: string } }) => `${e.metadata.namespace}/${e.metadata.name}`);

const targets: Array<{ name: 'demo' | 'real'; make: () => Promise<Target> }> = [
  { name: 'demo', make: demoTarget },
  { name: 'real', make: async () => realTarget() },
];

for (const { name, make } of targets) {
  describe(`wire conformance: ${name} server`, { skip: SKIP }, () => {
    let t: Target;
    before(async () => {
      t = await make();
    });
    after(async () => {
      await t?.close();
    });

    test('pagination: limit/continue at one resourceVersion, remainingItemCount, no kind on items', T, async () => {
      const ns = `page-${uniq()}`;
      await postMany(t, ns, 25);
      const base = `/api/v1/namespaces/${ns}/events`;
      const full = await req(t.admin, base);
      assert.equal(full.status, 200);
      assert.equal(full.json.items.length, 25);
      const first = await req(t.admin, `${base}?limit=10`);
      assert.equal(first.status, 200, first.body);
      assert.equal(first.json.items.length, 10);
      assert.equal(first.json.metadata.remainingItemCount, 15);
      assert.ok(first.json.metadata.continue);
      const rv = first.json.metadata.resourceVersion;
      const seen = [...names(first)];
      let tok: string | undefined = first.json.metadata.continue;
      let page = 0;
      while (tok) {
        // A write between pages must not show up in this list.
        await post(t.admin, `${base}`, legacy(ns, `late.${page}`));
        const r = await req(t.admin, `${base}?limit=10&continue=${encodeURIComponent(tok)}`);
        assert.equal(r.status, 200, r.body);
        assert.equal(r.json.metadata.resourceVersion, rv, 'every page at the first page\'s resourceVersion');
        seen.push(...names(r));
        tok = r.json.metadata.continue || undefined;
        if (tok) assert.equal(r.json.metadata.remainingItemCount, 25 - seen.length);
        else assert.equal(r.json.metadata.remainingItemCount, undefined);
        page++;
      }
      assert.deepEqual(seen, names(full));
      assert.ok(!('kind' in first.json.items[0]), 'list items carry no kind');
      assert.equal(first.json.kind, 'EventList');

      const selected = await req(t.admin, `${base}?limit=5&fieldSelector=${encodeURIComponent('reason=Tested')}`);
      assert.equal(selected.status, 200);
      assert.ok(selected.json.metadata.continue);
      assert.equal(selected.json.metadata.remainingItemCount, undefined, 'no remainingItemCount with a selector');

      const bad = await req(t.admin, `${base}?limit=10&continue=%25%25%25`);
      assert.equal(bad.status, 400);
      assert.equal(bad.json.reason, 'BadRequest');
      assert.match(bad.json.message, /^invalid continue token: /);
      const withRv = await req(t.admin, `${base}?limit=10&resourceVersion=5&continue=${encodeURIComponent(first.json.metadata.continue)}`);
      assert.equal(withRv.status, 400);
      assert.equal(withRv.json.message, 'specifying resource version is not allowed when using continue');
    });

    test('a compacted resourceVersion: 410 for list and continue; watch gets 200, one ERROR 410 line, then the stream closes', T, async () => {
      const ns = `old-${uniq()}`;
      await postMany(t, ns, 12);
      const base = `/api/v1/namespaces/${ns}/events`;
      const first = await req(t.admin, `${base}?limit=5`);
      const rv = first.json.metadata.resourceVersion;
      await t.compact();

      const expired = await req(t.admin, `${base}?limit=5&continue=${encodeURIComponent(first.json.metadata.continue)}`);
      assert.equal(expired.status, 410, expired.body);
      assert.equal(expired.json.reason, 'Expired');
      assert.match(expired.json.message, /^The provided continue parameter is too old to display a consistent list result\./);
      assert.ok(expired.json.metadata.continue, 'carries a token to continue inconsistently');
      const resumed = await req(t.admin, `${base}?limit=5&continue=${encodeURIComponent(expired.json.metadata.continue)}`);
      assert.equal(resumed.status, 200, resumed.body);
      assert.ok(resumed.json.items[0].metadata.name > first.json.items.at(-1).metadata.name, 'continues from the key after the first page');

      const tooOld = await req(t.admin, `${base}?limit=5&resourceVersion=${rv}`);
      assert.equal(tooOld.status, 410, tooOld.body);
      assert.equal(tooOld.json.message, 'The resourceVersion for the provided list is too old.');
      const notOlder = await req(t.admin, `${base}?resourceVersion=${rv}`);
      assert.equal(notOlder.status, 200, 'without limit: not older than N, served from the latest');

      for (const group of ['/api/v1', '/apis/events.k8s.io/v1']) {
        const old = await watch(t.admin, `${group}/namespaces/${ns}/events?watch=true&resourceVersion=${rv}`);
        assert.equal(old.status, 200);
        assert.equal(await old.ended, 'end');
        assert.equal(old.lines.length, 1, old.raw.join('\n'));
        assert.deepEqual(old.lines[0], {
          type: 'ERROR',
          object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'The resourceVersion for the provided watch is too old.', reason: 'Expired', code: 410 },
        });
      }
    });

    test('watch from RV=N: exactly the later changes, in the asked group\'s form; MODIFIED and DELETED', T, async () => {
      const ns = `watch-${uniq()}`;
      await postMany(t, ns, 2);
      const list = await req(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events`);
      const rv = list.json.metadata.resourceVersion;
      const w = await watch(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events?watch=1&resourceVersion=${rv}`);
      try {
        assert.equal(w.status, 200);
        assert.equal(w.headers['content-type'], 'application/json');
        await post(t.admin, `/api/v1/namespaces/${ns}/events`, legacy(ns, 'live.1'));
        const patched = await req(t.admin, `/api/v1/namespaces/${ns}/events/ev.0`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: { count: 5 } });
        assert.equal(patched.status, 200, patched.body);
        const del = await req(t.admin, `/api/v1/namespaces/${ns}/events/ev.1`, { method: 'DELETE' });
        assert.equal(del.status, 200, del.body);
        await eventually(() => w.lines.length >= 3, 30_000, 'three changes', 50);
        assert.deepEqual(w.lines.map((l) => `${l.type}:${l.object.metadata.name}`), ['ADDED:live.1', 'MODIFIED:ev.0', 'DELETED:ev.1']);
        assert.ok(w.lines.every((l) => l.object.kind === 'Event' && l.object.apiVersion === 'events.k8s.io/v1' && Number(l.object.metadata.resourceVersion) > Number(rv)));
        assert.equal(w.lines[1].object.deprecatedCount, 5);
        assert.ok(w.raw.every((l) => !l.includes('\n')));
      } finally {
        w.close();
      }
    });

    test('bookmarks only when asked; WatchList ends its initial events with the initial-events-end bookmark', T, async () => {
      const ns = `bm-${uniq()}`;
      await postMany(t, ns, 3);
      const n = 3;
      const plain = await watch(t.admin, `/api/v1/namespaces/${ns}/events?watch=true`);
      const wl = await watch(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
      try {
        assert.equal(plain.status, 200);
        assert.equal(wl.status, 200, wl.raw.join('\n'));
        await eventually(() => plain.lines.length >= n && wl.lines.length > n, 30_000, 'the initial state', 50);
        assert.ok(plain.lines.every((l) => l.type === 'ADDED'), 'RV unset: a synthetic ADDED per event');
        assert.ok(wl.lines.slice(0, n).every((l) => l.type === 'ADDED'));
        const b = wl.lines[n];
        assert.equal(b.type, 'BOOKMARK');
        assert.equal(b.object.kind, 'Event');
        assert.equal(b.object.apiVersion, 'events.k8s.io/v1');
        assert.equal(b.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
        // The whole line, byte for byte but the resourceVersion (the blueprint: an empty EventList).
        const blueprint = Buffer.from('{"kind":"EventList","apiVersion":"events.k8s.io/v1","metadata":{},"items":null}\n').toString('base64');
        assert.equal(
          wl.raw[n]!.replace(/"resourceVersion":"\d+"/, '"resourceVersion":"RV"'),
          `{"type":"BOOKMARK","object":{"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"resourceVersion":"RV","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true","kubernetes.io/initial-events-list-blueprint":"${blueprint}"}},"eventTime":null,"regarding":{},"deprecatedSource":{},"deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null}}`,
        );
        assert.ok(Number(b.object.metadata.resourceVersion) >= Math.max(...wl.lines.slice(0, n).map((l) => Number(l.object.metadata.resourceVersion))));
        await post(t.admin, `/api/v1/namespaces/${ns}/events`, legacy(ns, 'after'));
        await eventually(() => plain.lines.length === n + 1 && wl.lines.length === n + 2, 30_000, 'the live event in both', 50);
        assert.ok(plain.lines.every((l) => l.type !== 'BOOKMARK'), 'no bookmarks unless asked');
      } finally {
        plain.close();
        wl.close();
      }

      const noMatch = await req(t.admin, `/api/v1/namespaces/${ns}/events?watch=true&sendInitialEvents=true`);
      assert.equal(noMatch.status, 422);
      assert.equal(noMatch.json.message, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
      assert.equal(noMatch.json.details.causes[0].reason, 'FieldValueForbidden');
      const matchOnly = await req(t.admin, `/api/v1/namespaces/${ns}/events?watch=true&resourceVersionMatch=NotOlderThan`);
      assert.equal(matchOnly.status, 422);
      assert.match(matchOnly.json.message, /resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided/);
      const listSie = await req(t.admin, `/api/v1/namespaces/${ns}/events?sendInitialEvents=true`);
      assert.equal(listSie.status, 422);
      assert.match(listSie.json.message, /sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list/);
    });

    test('timeoutSeconds ends a watch cleanly', T, async () => {
      const t0 = Date.now();
      const w = await watch(t.admin, '/api/v1/namespaces/default/events?watch=true&timeoutSeconds=1');
      assert.equal(w.status, 200);
      assert.equal(await w.ended, 'end');
      assert.ok(Date.now() - t0 < 30_000);
    });

    test('Table for kubectl\'s Accept header: the event columns and cells, PartialObjectMetadata rows', T, async () => {
      // An event about a cluster-scoped object lives in `default` (both servers insist).
      const ns = 'default';
      const evName = `tbl.${uniq()}`;
      const now = Date.now();
      await post(t.admin, `/api/v1/namespaces/${ns}/events`, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: evName, namespace: ns },
        involvedObject: { kind: 'Node', name: 'node-0' },
        reason: 'NodeNotReady',
        message: '  Node is not ready  ',
        source: { component: 'node-controller' },
        firstTimestamp: new Date(now - 3 * 3600_000 - 5 * 60_000 - 20_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTimestamp: new Date(now - 150_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        count: 4,
        type: 'Warning',
      });
      const r = await req(t.admin, `/api/v1/namespaces/${ns}/events?fieldSelector=metadata.name%3D${evName}`, { headers: { accept: TABLE_ACCEPT } });
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json.kind, 'Table');
      assert.equal(r.json.apiVersion, 'meta.k8s.io/v1');
      assert.deepEqual(
        r.json.columnDefinitions.map((c: { name: string; type: string; priority: number }) => `${c.name}:${c.type}:${c.priority}`),
        ['Last Seen:string:0', 'Type:string:0', 'Reason:string:0', 'Object:string:0', 'Subobject:string:1', 'Source:string:1', 'Message:string:0', 'First Seen:string:1', 'Count:string:1', 'Name:string:1'],
      );
      assert.equal(r.json.rows.length, 1);
      const [last, type, reason, obj, sub, source, msg, first, count, name] = r.json.rows[0].cells;
      assert.match(last, /^2m3\ds$/);
      assert.match(first, /^3h5m$/);
      assert.deepEqual([type, reason, obj, sub, source, msg, count, name], ['Warning', 'NodeNotReady', 'node/node-0', '', 'node-controller', 'Node is not ready', 4, evName]);
      assert.equal(r.json.rows[0].object.kind, 'PartialObjectMetadata');
      assert.equal(r.json.rows[0].object.apiVersion, 'meta.k8s.io/v1');
      assert.equal(r.json.rows[0].object.metadata.namespace, ns);
      assert.equal(r.json.rows[0].object.metadata.name, evName);
    });

    test('field selectors: both spellings and the real 400s', T, async () => {
      const ns = `fs-${uniq()}`;
      await postMany(t, ns, 6, (i) => ({ involvedObject: { kind: 'Pod', namespace: ns, name: `app-${i % 2}`, apiVersion: 'v1' }, type: i % 3 === 0 ? 'Warning' : 'Normal' }));
      const core = await req(t.admin, `/api/v1/namespaces/${ns}/events?fieldSelector=` + encodeURIComponent('involvedObject.name=app-1,type!=Normal'));
      assert.equal(core.status, 200);
      assert.deepEqual(names(core), [`${ns}/ev.3`]);
      const ev = await req(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events?fieldSelector=` + encodeURIComponent('regarding.name==app-1,type!=Normal'));
      assert.equal(ev.status, 200, ev.body);
      assert.deepEqual(names(ev), [`${ns}/ev.3`]);
      const src = await req(t.admin, `/api/v1/namespaces/${ns}/events?fieldSelector=source%3Dtester`);
      assert.equal(src.json.items.length, 6);

      const unsupported = await req(t.admin, '/api/v1/events?fieldSelector=foo%3Dbar');
      assert.equal(unsupported.status, 400);
      assert.deepEqual(unsupported.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'field label not supported: foo', reason: 'BadRequest', code: 400 });
      const coreSpelling = await req(t.admin, '/apis/events.k8s.io/v1/events?fieldSelector=involvedObject.name%3Dx');
      assert.equal(coreSpelling.status, 400);
      assert.equal(coreSpelling.json.message, 'field label not supported: involvedObject.name');
      const setSyntax = await req(t.admin, '/api/v1/events?fieldSelector=' + encodeURIComponent('type in (Warning)'));
      assert.equal(setSyntax.status, 400);
      assert.equal(setSyntax.json.message, "invalid selector: 'type in (Warning)'; can't understand 'type in (Warning)'");
      const watchErr = await req(t.admin, '/api/v1/events?watch=true&fieldSelector=foo%3Dbar');
      assert.equal(watchErr.status, 400, 'rejected before the stream starts');
    });

    test('401 and 403 Status bodies; public /version; discovery for any authenticated user', T, async () => {
      const ver = await req(t.anonymous, '/version');
      assert.equal(ver.status, 200, '/version is public');
      assert.equal(typeof ver.json.gitVersion, 'string');
      const wrong = await req({ ...t.admin, token: 'not-a-token' }, '/api/v1/events');
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });

      const cluster = await req(t.limited, '/api/v1/events');
      assert.equal(cluster.status, 403);
      assert.deepEqual(cluster.json, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `events is forbidden: User "${LIMITED_USER}" cannot list resource "events" in API group "" at the cluster scope`,
        reason: 'Forbidden',
        details: { kind: 'events' },
        code: 403,
      });
      const other = await req(t.limited, '/apis/events.k8s.io/v1/namespaces/payments/events?watch=true');
      assert.equal(other.status, 403);
      assert.equal(other.json.message, `events.events.k8s.io is forbidden: User "${LIMITED_USER}" cannot watch resource "events" in API group "events.k8s.io" in the namespace "payments"`);
      assert.deepEqual(other.json.details, { group: 'events.k8s.io', kind: 'events' });
      const mine = await req(t.limited, `/api/v1/namespaces/${LIMITED_NS}/events`);
      assert.equal(mine.status, 200);
      const mineWatch = await watch(t.limited, `/apis/events.k8s.io/v1/namespaces/${LIMITED_NS}/events?watch=true&timeoutSeconds=1`);
      assert.equal(mineWatch.status, 200);
      await mineWatch.ended;
      const nodes = await req(t.limited, '/api/v1/nodes');
      assert.equal(nodes.status, 403);
      assert.equal(nodes.json.message, `nodes is forbidden: User "${LIMITED_USER}" cannot list resource "nodes" in API group "" at the cluster scope`);
      const create = await req(t.limited, `/api/v1/namespaces/${LIMITED_NS}/events`, { method: 'POST', headers: JSON_CT, body: legacy(LIMITED_NS, 'nope') });
      assert.equal(create.status, 403);
      assert.equal(create.json.message, `events is forbidden: User "${LIMITED_USER}" cannot create resource "events" in API group "" in the namespace "${LIMITED_NS}"`);
      const disc = await req(t.limited, '/apis');
      assert.equal(disc.status, 200, 'discovery is open to authenticated users');

      const anon = await req(t.anonymous, '/api/v1/events');
      if (t.name === 'demo') {
        // The demo has anonymous access off outside the public paths (DIFFERENCES.md).
        assert.equal(anon.status, 401);
      } else {
        assert.equal(anon.status, 403);
        assert.equal(anon.json.message, 'events is forbidden: User "system:anonymous" cannot list resource "events" in API group "" at the cluster scope');
      }
    });

    test('conversion: one object behind both groups; fields map both ways', T, async () => {
      const ns = `conv-${uniq()}`;
      await t.namespace(ns);
      const made = await post(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events`, {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'conv.1', namespace: ns },
        eventTime: '2025-02-03T04:05:06.789000Z',
        series: { count: 3, lastObservedTime: '2025-02-03T04:06:00.000000Z' },
        reportingController: 'example.com/scheduler',
        reportingInstance: 'scheduler-node-0',
        action: 'Binding',
        reason: 'Scheduled',
        note: 'assigned',
        type: 'Normal',
        regarding: { kind: 'Pod', namespace: ns, name: 'app-0', apiVersion: 'v1' },
      });
      const core = await req(t.admin, `/api/v1/namespaces/${ns}/events/conv.1`);
      const v1 = await req(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events/conv.1`);
      assert.equal(core.json.kind, 'Event');
      assert.equal(core.json.apiVersion, 'v1');
      assert.equal(v1.json.apiVersion, 'events.k8s.io/v1');
      assert.equal(core.json.metadata.uid, made.json.metadata.uid);
      assert.equal(v1.json.metadata.uid, made.json.metadata.uid);
      assert.equal(v1.json.metadata.resourceVersion, core.json.metadata.resourceVersion);
      assert.deepEqual(core.json.involvedObject, { kind: 'Pod', namespace: ns, name: 'app-0', apiVersion: 'v1' });
      assert.deepEqual(v1.json.regarding, core.json.involvedObject);
      assert.equal(core.json.message, 'assigned');
      assert.equal(core.json.reportingComponent, 'example.com/scheduler');
      assert.equal(core.json.reportingInstance, 'scheduler-node-0');
      assert.equal(core.json.action, 'Binding');
      assert.equal(core.json.eventTime, '2025-02-03T04:05:06.789000Z');
      assert.deepEqual(core.json.series, { count: 3, lastObservedTime: '2025-02-03T04:06:00.000000Z' });
      assert.equal(core.json.firstTimestamp, null);
      assert.equal(core.json.lastTimestamp, null);
      assert.deepEqual(core.json.source, {});
      assert.equal(core.json.count, undefined);
      assert.deepEqual(v1.json.deprecatedSource, {});
      assert.equal(v1.json.deprecatedFirstTimestamp, null);
      assert.equal(v1.json.deprecatedCount, undefined);

      const l = await post(t.admin, `/api/v1/namespaces/${ns}/events`, legacy(ns, 'l1', { count: 7 }));
      const lv1 = await req(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events/l1`);
      assert.equal(lv1.json.metadata.uid, l.json.metadata.uid);
      assert.equal(lv1.json.note, 'from a test');
      assert.deepEqual(lv1.json.deprecatedSource, { component: 'tester' });
      assert.equal(lv1.json.deprecatedCount, 7);
      assert.equal(lv1.json.deprecatedFirstTimestamp, l.json.firstTimestamp);
      assert.equal(lv1.json.deprecatedLastTimestamp, l.json.lastTimestamp);
      assert.equal(lv1.json.eventTime, null);
      assert.equal(l.json.reportingComponent, '');
      assert.equal(lv1.json.reportingController, undefined, 'an empty reportingComponent is omitted, not ""');
      assert.deepEqual(lv1.json.regarding, l.json.involvedObject);

      const dup = await req(t.admin, `/api/v1/namespaces/${ns}/events`, { method: 'POST', headers: JSON_CT, body: legacy(ns, 'l1') });
      assert.equal(dup.status, 409);
      assert.equal(dup.json.message, 'events "l1" already exists');
      const nf = await req(t.admin, `/api/v1/namespaces/${ns}/events/nope`);
      assert.equal(nf.status, 404);
      assert.equal(nf.json.message, 'events "nope" not found');
      assert.deepEqual(nf.json.details, { name: 'nope', kind: 'events' });
      const nfGroup = await req(t.admin, `/apis/events.k8s.io/v1/namespaces/${ns}/events/nope`);
      assert.equal(nfGroup.json.message, 'events.events.k8s.io "nope" not found');
    });

    test('422 validation with details.causes, per group', T, async () => {
      const ns = `val-${uniq()}`;
      await t.namespace(ns);
      const noName = await req(t.admin, `/api/v1/namespaces/${ns}/events`, { method: 'POST', headers: JSON_CT, body: { ...legacy(ns, 'x'), metadata: { namespace: ns } } });
      assert.equal(noName.status, 422);
      assert.equal(noName.json.message, 'Event "" is invalid: metadata.name: Required value: name or generateName is required');
      const wrongNs = await req(t.admin, `/api/v1/namespaces/${ns}/events`, { method: 'POST', headers: JSON_CT, body: legacy(ns, 'x', { involvedObject: { kind: 'Pod', namespace: 'other', name: 'p' } }) });
      assert.equal(wrongNs.status, 422);
      assert.equal(wrongNs.json.message, 'Event "x" is invalid: involvedObject.namespace: Invalid value: "other": does not match event.namespace');
      assert.deepEqual(wrongNs.json.details, {
        name: 'x',
        kind: 'Event',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "other": does not match event.namespace', field: 'involvedObject.namespace' }],
      });
      const clusterScoped = await req(t.admin, `/api/v1/namespaces/${ns}/events`, { method: 'POST', headers: JSON_CT, body: legacy(ns, 'n', { involvedObject: { kind: 'Node', name: 'node-0' } }) });
      assert.equal(clusterScoped.status, 422, 'an event about a cluster-scoped object belongs in default');
      assert.equal(clusterScoped.json.message, 'Event "n" is invalid: involvedObject.namespace: Invalid value: "": does not match event.namespace');
      const mismatch = await req(t.admin, `/api/v1/namespaces/${ns}/events`, { method: 'POST', headers: JSON_CT, body: { ...legacy(ns, 'z'), apiVersion: 'events.k8s.io/v1' } });
      assert.equal(mismatch.status, 400);
      assert.equal(mismatch.json.message, 'the API version in the data (events.k8s.io/v1) does not match the expected API version (v1)');
    });
  });
}
