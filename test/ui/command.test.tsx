// The `:` command line in the App: while it is open no single-key action fires (k9s muscle
// memory: `:ns shop⏎` used to run n, s, Space, o and Enter), Esc cancels, and each command does
// what its key does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, makeSession, renderApp, type Harness, type TestSession } from './helpers.js';

const rowsOf = (h: Harness) => h.lines().filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));

function rescopable(): TestSession & { calls: string[][] } {
  const base = makeSession();
  const calls: string[][] = [];
  const s = {
    ...base,
    calls,
    async rescope(ns: readonly string[]) {
      calls.push([...ns]);
      (s as { namespaces: readonly string[] }).namespaces = [...ns];
    },
  };
  return s;
}

test('command: `:ns shop` Enter, typed key by key or as one chunk, changes the namespace and nothing else', async () => {
  for (const typing of [[':', 'n', 's', ' ', 's', 'h', 'o', 'p', KEY.enter], [':ns shop\r']]) {
    const session = rescopable();
    const h = await renderApp(session, { columns: 120, rows: 30 });
    try {
      const before = h.lines();
      assert.match(before.join('\n'), /TYPE +(NS|NAMESPACE) /);
      await h.press(...typing);
      await h.settle();
      assert.deepEqual(session.calls, [['shop']]);
      const f = h.frame();
      assert.match(f, /ns shop/, f);
      assert.match(f, /FOLLOW/); // not paused (Space)
      assert.match(f, /sort triage/); // not re-sorted (s)
      assert.doesNotMatch(f, /›|Esc back/); // no jump (n, o)
      assert.doesNotMatch(f, /Involved object|Message:/i); // no detail (Enter)
      assert.doesNotMatch(f, /TYPE +(NS|NAMESPACE) /);
      const rows = rowsOf(h);
      assert.ok(rows.length > 0);
      for (const r of rows) assert.doesNotMatch(r, /batch-job|low-prio|node-a\s+NodeNotReady/, r);
      assert.match(f, /watching ns shop/);
      await h.press(':ns all\r');
      await h.settle();
      assert.deepEqual(session.calls, [['shop'], ['']]);
      assert.match(h.frame(), /TYPE +(NS|NAMESPACE) /);
      assert.ok(rowsOf(h).some((r) => /batch-job/.test(r)));
    } finally {
      h.unmount();
    }
  }
});

test('command: Esc cancels without running anything; the status bar comes back', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 30 });
  try {
    await h.press(':', 'sort count');
    assert.match(h.lines().at(-1)!, /^:sort count█/);
    await h.press(KEY.esc);
    assert.match(h.frame(), /sort triage/);
    assert.doesNotMatch(h.lines().at(-1)!, /^:/);
    assert.match(h.lines().at(-1)!, /help/);
  } finally {
    h.unmount();
  }
});

test('command: :sort count sorts, :filter filters, :columns wide widens, unknown commands say so', async () => {
  const h = await renderApp(makeSession(), { columns: 160, rows: 30 });
  try {
    await h.press(':sort count\r');
    assert.match(h.frame(), /sort count/);
    assert.match(rowsOf(h)[0]!, /BackOff/); // count 12, the largest
    await h.press(':filter batch\r');
    assert.match(h.frame(), /\/batch/);
    assert.equal(rowsOf(h).length, 1);
    assert.match(rowsOf(h)[0]!, /batch-job/);
    await h.press(':columns wide\r');
    assert.match(h.frame(), /COMPONENT/);
    await h.press(':nope\r');
    assert.match(h.lines().at(-1)!, /unknown command :nope \(try :help\)/);
    assert.match(h.frame(), /sort count/); // the view stays
    await h.press(':ns\r');
    assert.match(h.lines().at(-1)!, /usage: :ns/);
  } finally {
    h.unmount();
  }
});

test('command: Tab completes from the namespaces seen, ↑ recalls the last line, :summary and :help open', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 30 });
  try {
    await h.press(':', 'ns j', '\t');
    assert.match(h.lines().at(-1)!, /^:ns jobs█/);
    await h.press(KEY.ctrlU, 'sort c', '\t', KEY.enter);
    assert.match(h.frame(), /sort count/);
    await h.press(':', KEY.up);
    assert.match(h.lines().at(-1)!, /^:sort count█/);
    await h.press(KEY.esc, ':summary\r');
    assert.match(h.frame(), /reasons/i);
    await h.press(KEY.esc, ':help\r');
    assert.match(h.frame(), /Keys \(Esc, \? or q closes\)/);
  } finally {
    h.unmount();
  }
});
