// `:ctx NAME` in the App: the other cluster's session is swapped in (header, rows and store are
// its own; the detail view and jumps of the old one are gone; filter and sort stay), a context
// that cannot be reached leaves the current one on screen with one line, and the header's totals
// count the namespaces in scope after `:ns`. Namespace names complete from the cluster's list
// when it is allowed, else from the events seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Session } from '../../src/session/types.js';
import { KEY, makeSession, renderApp, type Harness, type TestSession } from './helpers.js';

const rowsOf = (h: Harness) => h.lines().filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));

const LAB_EVENTS = [
  { ns: 'lab', name: 'probe-0', reason: 'Unhealthy', type: 'Warning', count: 4, agoS: 15, message: 'Liveness probe failed: connection refused' },
  { ns: 'lab', name: 'probe-1', reason: 'Started', agoS: 25, message: 'Started container probe' },
];

/** A session whose switchContext opens `lab` (or fails, for any other name), recording calls. */
function switchable(): { first: TestSession; second: TestSession; asked: string[] } {
  const asked: string[] = [];
  const second: TestSession = { ...makeSession({ events: LAB_EVENTS }), context: 'lab', cluster: 'lab-cluster', contexts: ['kind-prod', 'lab'] };
  const first: TestSession = {
    ...makeSession(),
    contexts: ['kind-prod', 'lab'],
    async switchContext(name: string): Promise<Session> {
      asked.push(name);
      if (name !== 'lab') throw new Error(`context "${name}" not found in the kubeconfig (known contexts: kind-prod, lab)`);
      return second;
    },
  };
  return { first, second, asked };
}

test('ctx: `:ctx lab` shows the other cluster only; detail and jumps go, filter and sort stay', async () => {
  const { first, asked } = switchable();
  const h = await renderApp(first, { columns: 140, rows: 30 });
  try {
    assert.match(h.lines()[0]!, /kevtui kind-prod \(prod-eu1\)/);
    await h.press(':sort count\r');
    await h.press(KEY.enter); // the detail of the first row
    assert.match(h.frame(), /Message/i);
    await h.press(':ctx lab\r');
    await h.settle();
    assert.deepEqual(asked, ['lab']);
    const f = h.frame();
    assert.match(h.lines()[0]!, /kevtui lab \(lab-cluster\)/, f);
    assert.match(f, /sort count/);
    assert.doesNotMatch(f, /Involved object/i, f); // the old cluster's detail is closed
    const rows = rowsOf(h);
    assert.equal(rows.length, 2, f);
    for (const r of rows) assert.match(r, /probe-/);
    assert.match(h.lines()[1]!, /2 groups · 5 events · 1 warning\b/);
  } finally {
    h.unmount();
  }
});

test('ctx: a jump view of the old cluster does not follow into the new one', async () => {
  const { first } = switchable();
  const h = await renderApp(first, { columns: 140, rows: 30 });
  try {
    await h.press('o'); // the selected event's object
    await h.settle();
    assert.match(h.frame(), /Esc back/);
    await h.press(':ctx lab\r');
    await h.settle();
    const f = h.frame();
    assert.match(h.lines()[0]!, /kevtui lab/);
    assert.doesNotMatch(f, /Esc back|›/, f);
    assert.equal(rowsOf(h).length, 2, f);
  } finally {
    h.unmount();
  }
});

test('ctx: a context that fails leaves the current one with one line; bare :ctx lists, Tab completes', async () => {
  const { first, asked } = switchable();
  const h = await renderApp(first, { columns: 140, rows: 30 });
  try {
    const before = rowsOf(h);
    await h.press(':ctx nope\r');
    await h.settle();
    assert.deepEqual(asked, ['nope']);
    assert.match(h.lines().at(-1)!, /context not switched: context "nope" not found/);
    assert.match(h.lines()[0]!, /kevtui kind-prod/);
    assert.deepEqual(rowsOf(h), before);

    await h.press(':ctx kind-prod\r');
    assert.match(h.lines().at(-1)!, /already on context kind-prod/);
    await h.press(':ctx\r');
    assert.match(h.lines().at(-1)!, /contexts: kind-prod \(current\), lab/);
    await h.press(':ctx l', '\t');
    assert.match(h.lines().at(-1)!, /^:ctx lab█/);
    await h.press(KEY.enter);
    await h.settle();
    assert.match(h.lines()[0]!, /kevtui lab/);
    assert.deepEqual(asked, ['nope', 'lab']);
  } finally {
    h.unmount();
  }
});

test('ctx: the header counts the namespaces in scope after :ns, the whole store again after :ns all', async () => {
  const base = makeSession();
  const s: TestSession = {
    ...base,
    async rescope(ns: readonly string[]) {
      (s as { namespaces: readonly string[] }).namespaces = [...ns];
    },
  };
  const h = await renderApp(s, { columns: 160, rows: 30 });
  try {
    assert.match(h.lines()[1]!, /8 groups · 27 events · 3 warnings/);
    await h.press(':ns shop\r');
    await h.settle();
    assert.match(h.lines()[0]!, /ns shop/);
    // shop: BackOff ×12, Unhealthy ×3 (the warnings), Pulled, SuccessfulCreate, ScalingReplicaSet.
    assert.match(h.lines()[1]!, /5 groups · 18 events · 2 warnings/);
    await h.press(':ns jobs,default\r');
    await h.settle();
    assert.match(h.lines()[1]!, /3 groups · 9 events · 1 warning\b/);
    await h.press(':ns all\r');
    await h.settle();
    assert.match(h.lines()[1]!, /8 groups · 27 events · 3 warnings/);
  } finally {
    h.unmount();
  }
});

test('ctx: namespace names complete from the cluster when it lists them, else from the events seen', async () => {
  const listed: TestSession = { ...makeSession(), namespaceNames: async () => ['payments', 'kube-system'] };
  const h = await renderApp(listed, { columns: 120, rows: 30 });
  try {
    await h.press(':');
    await h.settle(); // the list arrives
    await h.press('ns pay', '\t');
    assert.match(h.lines().at(-1)!, /^:ns payments█/);
    await h.press(KEY.ctrlU, 'ns j', '\t');
    assert.match(h.lines().at(-1)!, /^:ns jobs█/); // seen, though not listed
  } finally {
    h.unmount();
  }
  const forbidden: TestSession = { ...makeSession(), namespaceNames: () => Promise.reject(new Error('namespaces is forbidden')) };
  const h2 = await renderApp(forbidden, { columns: 120, rows: 30 });
  try {
    await h2.press(':');
    await h2.settle();
    await h2.press('ns sh', '\t');
    assert.match(h2.lines().at(-1)!, /^:ns shop█/);
    await h2.press(KEY.ctrlU, 'ns pay', '\t');
    assert.match(h2.lines().at(-1)!, /^:ns pay█/); // nothing to complete it from
  } finally {
    h2.unmount();
  }
});
