// Folding in the full screen (f, --fold): similar messages as one row, its members on Enter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, SAMPLE, makeSession, renderApp, type Harness, type RawSpec } from './helpers.js';

const oom = (node: string, pid: number, proc: string, count: number, agoS: number): RawSpec => ({
  ns: 'default', kind: 'Node', name: node, reason: 'OOMKilling', type: 'Warning', component: 'kernel-monitor', count, agoS,
  message: `Memory cgroup out of memory: Killed process ${pid} (${proc})`,
});

// 5 groups (distinct PIDs) on 3 nodes: 4 + 2 + 3 + 1 + 5 = 15 events.
const OOMS: RawSpec[] = [
  oom('node-a', 4242, 'java', 4, 5),
  oom('node-a', 4310, 'java', 2, 15),
  oom('node-b', 977, 'python3', 3, 25),
  oom('node-c', 12001, 'java', 1, 35),
  oom('node-c', 12100, 'node', 5, 45),
];

const oomRows = (h: Harness) => h.lines().filter((l) => /^[> ][ +*] .*OOMKi/.test(l));
const header = (h: Harness) => h.lines()[1] ?? '';

test('fold: f folds OOMKilling rows of several PIDs into one row; Enter lists the members, Esc back, f unfolds', async () => {
  const h = await renderApp(makeSession({ events: [...SAMPLE, ...OOMS] }), { columns: 140, rows: 30 });
  try {
    assert.equal(oomRows(h).length, 5, h.frame());
    assert.doesNotMatch(header(h), /folded/);
    await h.press('f');
    const rows = oomRows(h);
    assert.equal(rows.length, 1, h.frame());
    assert.match(rows[0]!, /×5 groups · 3 objects +15 Memory cgroup out of memory: Killed process ‹n› \(‹…›\)/);
    assert.match(header(h), /folded/);
    // The cursor is on the fold (OOMKilling is critical: first in triage); the preview says what it folds.
    assert.match(h.frame(), /^fold of 5 groups · 3 objects · ×15 · latest: kernel-monitor · Node\/default\/node-a/m);
    assert.match(h.frame(), /^  Memory cgroup out of memory: Killed process 4242 \(java\)/m);
    await h.press(KEY.enter);
    const members = oomRows(h);
    assert.equal(members.length, 5, h.frame());
    assert.match(h.frame(), /events › OOMKilling fold: 5 groups · 3 objects/);
    assert.match(members[0]!, /node-a +4 Memory cgroup out of memory: Killed process 4242 \(java\)/, 'latest first');
    assert.ok(members.some((r) => /Killed process 977 \(python3\)/.test(r)));
    // Enter on a member opens its detail as usual.
    await h.press(KEY.enter);
    assert.match(h.frame(), /Killed process 4242 \(java\)/);
    assert.match(h.lines().at(-1)!, /close/);
    await h.press(KEY.esc);
    await h.press(KEY.esc);
    assert.equal(oomRows(h).length, 1, h.frame());
    assert.doesNotMatch(h.frame(), /events ›/);
    await h.press('f');
    assert.equal(oomRows(h).length, 5, h.frame());
    assert.doesNotMatch(header(h), /folded/);
  } finally {
    h.unmount();
  }
});

test('fold: the fold count stays the sum of its members while live updates arrive; --fold starts folded', async () => {
  const session = makeSession({ events: [...SAMPLE, ...OOMS] });
  const h = await renderApp(session, { columns: 120, rows: 30 }, { fold: true });
  try {
    assert.match(header(h), /folded/);
    assert.match(oomRows(h)[0]!, /×5 groups · 3 objects +15 /);
    // Repeats of known groups, a new PID on a new node, and an unrelated event.
    session.add(oom('node-a', 4242, 'java', 9, 1), oom('node-d', 555, 'ruby', 2, 1));
    session.add({ name: 'cart-0', reason: 'Killing', message: 'Stopping container cart', agoS: 1 });
    await h.settle();
    let rows = oomRows(h);
    assert.equal(rows.length, 1, h.frame());
    assert.match(rows[0]!, /×6 groups · 4 objects +26 /, 'count 15 + 9 (a new event of a known group) + 2');
    session.add(oom('node-c', 12100, 'node', 8, 0));
    await h.settle();
    rows = oomRows(h);
    assert.match(rows[0]!, /×6 groups · 4 objects +34 /);
    // The members add up to the fold's count.
    await h.press(KEY.enter);
    const counts = oomRows(h).map((r) => Number(/OOMKilling +\S+ +(\d+) /.exec(r)?.[1]));
    assert.equal(counts.length, 6, h.frame());
    assert.equal(counts.reduce((a, b) => a + b, 0), 34);
  } finally {
    h.unmount();
  }
});

test('fold: filter, w and sort apply to folded rows', async () => {
  const h = await renderApp(makeSession({ events: [...SAMPLE, ...OOMS] }), { columns: 120, rows: 30 }, { fold: true });
  try {
    await h.press('/', 'o', 'o', 'm', KEY.enter);
    assert.equal(oomRows(h).length, 1, h.frame());
    assert.match(h.frame(), /1 of \d+ match/);
    await h.press(KEY.esc, 'w');
    assert.equal(oomRows(h).length, 1);
    assert.doesNotMatch(h.frame(), /Pulled/);
    await h.press('s', 's');
    assert.match(header(h), /sort count/);
    assert.match(h.lines().find((l) => l.startsWith('>')) ?? '', /OOMKilling .* 15 /, 'the fold (15) is the largest count');
  } finally {
    h.unmount();
  }
});

test('fold: paused, the folded rows stay put; a fold counts on in place, new rows are only counted', async () => {
  const session = makeSession({ events: [...SAMPLE, ...OOMS] });
  const h = await renderApp(session, { columns: 140, rows: 30 }, { fold: true });
  try {
    await h.press(' ');
    assert.match(header(h), /PAUSED/);
    const before = h.lines().filter((l) => /^[> ][ +*] /.test(l)).length;
    session.add(oom('node-e', 31337, 'java', 3, 0), { name: 'cart-0', reason: 'Killing', message: 'Stopping container cart', agoS: 0 });
    await h.settle();
    assert.equal(h.lines().filter((l) => /^[> ][ +*] /.test(l)).length, before, 'no row added while paused');
    assert.match(oomRows(h)[0]!, /×6 groups · 4 objects +18 /, 'the fold is updated in place');
    assert.match(header(h), /PAUSED · 1 new/);
    await h.press(' ');
    assert.match(header(h), /FOLLOW/);
    assert.ok(h.frame().includes('Stopping container cart'));
  } finally {
    h.unmount();
  }
});

test('fold: f in a fold\'s member list unfolds and leaves the list (it belongs to the folded rows)', async () => {
  const h = await renderApp(makeSession({ events: [...SAMPLE, ...OOMS] }), { columns: 140, rows: 40 }, { fold: true });
  try {
    await h.press(KEY.enter);
    assert.match(h.frame(), /events › OOMKilling fold/);
    await h.press('f');
    assert.doesNotMatch(h.frame(), /events ›/);
    assert.doesNotMatch(header(h), /folded/);
    assert.equal(oomRows(h).length, 5);
    await h.press('?');
    assert.match(h.frame(), /fold similar messages on\/off/);
  } finally {
    h.unmount();
  }
});
