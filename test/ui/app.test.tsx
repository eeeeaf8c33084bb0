// The App through ink-testing-library: every interaction, asserted on the plain-text frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth } from '../../src/model/width.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { KEY, POD, makeSession, renderApp, sleep, tick, type Harness, type TestSession } from './helpers.js';

function assertFits(h: Harness, columns: number, rows: number) {
  const lines = h.lines();
  assert.ok(lines.length <= rows - 1, `frame has ${lines.length} lines for ${rows} rows`);
  for (const l of lines) assert.ok(displayWidth(l) <= columns, `line wider than ${columns}: ${JSON.stringify(l)}`);
}

/** Table rows (lines with an age column), in order. */
const rowsOf = (h: Harness) => h.lines().filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));
const cursorRow = (h: Harness) => h.lines().find((l) => l.startsWith('>')) ?? '';

test('app: 80×24 first screen: header, triage order (warnings first), TYPE and SEV, the preview, fits the terminal', async () => {
  const h = await renderApp(makeSession(), { columns: 80, rows: 24 });
  try {
    const f = h.frame();
    assert.match(f, /kind-prod \(prod-eu1\) · all namespaces · v1 events · ● watching/);
    assert.match(f, /^FOLLOW +sort triage +8 groups · 27 events · 3 warnings/m);
    assert.match(f, /^ +LAST S TYPE +REASON +OBJECT +# MESSAGE/m);
    const rows = rowsOf(h);
    assert.equal(rows.length, 8);
    assert.match(rows[0]!, /^> +10s E Warning BackOff +po\/web-…k4q +12 Back-off/);
    assert.match(rows[3]!, /^ +2m W Normal +NodeNotReady +no\/node-a/, 'a Normal NodeNotReady: type Normal, warning tier, after the errors');
    assert.match(rows[4]!, /Pulled/, 'then the rest by last seen');
    assert.match(rows[7]!, /ScalingRepl/);
    // The selected row's whole message, its component and object, without Enter.
    assert.match(f, /^kubelet · Pod\/shop\/web-7d9f8c6b5-x2k4q · Warning, severity error · ×12/m);
    assert.match(f, /^  Back-off restarting failed container web in pod\n  web-7d9f8c6b5-x2k4q_shop\(c0ffee00-1111-4222-8333-444455556666\)/m);
    assert.match(h.lines().at(-1)!, /^\? help  \/ filter/);
    assertFits(h, 80, 24);
    assert.equal(h.lines().length, 23);
  } finally {
    h.unmount();
  }
});

test('app: 200×50: wide columns, type words, fits', async () => {
  const h = await renderApp(makeSession(), { columns: 200, rows: 50 });
  try {
    assertFits(h, 200, 50);
    assert.equal(h.lines().length, 49);
    assert.match(h.frame(), /LAST S TYPE +NS +REASON +OBJECT +# MESSAGE/);
    assert.match(h.frame(), /E Warning jobs +FailedScheduling +Pod\/batch-job-abcde +7 0\/3 nodes are available: 3 Insufficient cpu\. preemption/);
    assert.match(h.frame(), /W Normal +default +NodeNotReady +Node\/node-a /, 'kinds as kubectl events writes them when there is room');
  } finally {
    h.unmount();
  }
});

test('app: resize re-lays out; a single namespace drops the NAMESPACE column', async () => {
  const h = await renderApp(makeSession({ namespaces: ['shop'] }), { columns: 120, rows: 30 });
  try {
    assert.doesNotMatch(h.frame(), /NAMESPACE/);
    assert.match(h.frame(), /ns shop/);
    await h.resize(60, 12);
    assertFits(h, 60, 12);
    assert.equal(h.lines().length, 11);
    await h.resize(250, 60);
    assertFits(h, 250, 60);
  } finally {
    h.unmount();
  }
});

test('app: filter updates per keystroke with a match count; tokens, negation; Esc clears, Enter keeps', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('/');
    assert.match(h.frame(), /\/█ +8 of 8 match/);
    await h.press('w');
    const afterW = rowsOf(h).length;
    assert.match(h.frame(), new RegExp(`/w█ +${afterW} of 8 match`));
    await h.press('e', 'b');
    assert.match(h.frame(), /\/web█ +\d of 8 match/);
    for (const r of rowsOf(h)) assert.match(r, /web/);
    await h.press(KEY.backspace, KEY.backspace, KEY.backspace, 'reason:pulled');
    assert.match(h.frame(), /1 of 8 match/);
    assert.equal(rowsOf(h).length, 1);
    assert.match(rowsOf(h)[0]!, /Pulled/);
    await h.press(KEY.ctrlU, '-pod');
    assert.match(h.frame(), /\/-pod█ +2 of 8 match/);
    for (const r of rowsOf(h)) assert.doesNotMatch(r, /pod/i);
    await h.press(KEY.ctrlU, 'sev:error');
    assert.equal(rowsOf(h).length, 3);
    await h.press(KEY.ctrlU, 'nosuchthing');
    assert.match(h.frame(), /0 of 8 match/);
    assert.match(h.frame(), /no group matches the filter/);
    // Esc clears and returns to the table.
    await h.press(KEY.esc);
    assert.doesNotMatch(h.frame(), /match/);
    assert.equal(rowsOf(h).length, 8);
    // Enter keeps the filter; j then moves in the table instead of typing.
    await h.press('/', 'backoff', KEY.enter);
    assert.match(h.frame(), /\/backoff +1 of 8 match/);
    await h.press('j');
    assert.match(h.frame(), /\/backoff +1 of 8 match/);
    // Esc in the table clears a kept filter.
    await h.press(KEY.esc);
    assert.equal(rowsOf(h).length, 8);
  } finally {
    h.unmount();
  }
});

test('app: fuzzy matches are underlined in the row', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('/', 'fsched');
    const raw = h.stdout.frames.at(-1)!;
    assert.match(raw, /\x1b\[4m(\x1b\[1m)?F(\x1b\[22m)?\x1b\[24mailed/);
    assert.match(raw, /\x1b\[4m(\x1b\[1m)?Sched/);
  } finally {
    h.unmount();
  }
});

test('app: warnings only with w and Ctrl-z', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('w');
    assert.match(h.frame(), /WARNINGS ONLY/);
    assert.match(h.frame(), /3 warnings/);
    assert.equal(rowsOf(h).length, 3, 'BackOff, Unhealthy, FailedScheduling: the header\'s 3 warnings (NodeNotReady is Normal)');
    for (const r of rowsOf(h)) assert.match(r, / Warning /);
    await h.press(KEY.ctrlZ);
    assert.doesNotMatch(h.frame(), /WARNINGS ONLY/);
    assert.equal(rowsOf(h).length, 8);
    await h.press(KEY.ctrlZ);
    assert.equal(rowsOf(h).length, 3);
    await h.press(KEY.ctrlZ, '/', 'type:warning');
    assert.match(h.frame(), /3 of 8 match/, 'type:warning counts the same groups');
  } finally {
    h.unmount();
  }
});

test('app: s and S cycle the sort and the header shows it', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('s');
    assert.match(h.frame(), /sort last seen/);
    assert.match(rowsOf(h)[3]!, /Pulled/);
    await h.press('s');
    assert.match(h.frame(), /sort count/);
    assert.match(rowsOf(h)[0]!, /BackOff +\S+ +12 /);
    assert.match(rowsOf(h)[1]!, /FailedScheduling +\S+ +7 /);
    await h.press('s');
    assert.match(h.frame(), /sort first seen/);
    await h.press('s');
    assert.match(h.frame(), /sort severity/);
    await h.press('s');
    assert.match(h.frame(), /sort triage/);
    await h.press('S');
    assert.match(h.frame(), /sort severity/);
  } finally {
    h.unmount();
  }
});

test('app: cursor keys, paging and the position in the footer', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 12 });
  try {
    assert.match(h.lines().at(-1)!, /1\/8$/);
    await h.press('j', KEY.down);
    assert.match(cursorRow(h), /FailedScheduling/);
    assert.match(h.lines().at(-1)!, /3\/8$/);
    await h.press('G');
    assert.match(cursorRow(h), /ScalingReplicaSet/);
    await h.press('k');
    assert.match(cursorRow(h), /SuccessfulCreate/);
    await h.press(KEY.home);
    assert.match(cursorRow(h), /BackOff/);
    await h.press(KEY.pgdn);
    assert.ok(!rowsOf(h).some((r) => /BackOff/.test(r)), 'scrolled past the first row');
    await h.press(KEY.pgup, 'g');
    assert.match(cursorRow(h), /BackOff/);
    await h.press(KEY.ctrlD);
    assert.match(h.lines().at(-1)!, /[2-5]\/8$/);
    await h.press(KEY.ctrlU);
    assert.match(h.lines().at(-1)!, /1\/8$/);
    assert.equal(h.lines().length, 11);
  } finally {
    h.unmount();
  }
});

test('app: pause freezes the order and counts new groups; resume re-sorts', async () => {
  const session = makeSession();
  const h = await renderApp(session, { columns: 100, rows: 24 });
  try {
    await h.press(' ');
    assert.match(h.frame(), /PAUSED/);
    const before = rowsOf(h).map((r) => r.slice(1));
    session.add({ name: 'cart-0', reason: 'Killing', message: 'Stopping container cart', agoS: 1 });
    session.add({ name: 'cart-1', reason: 'Killing', message: 'Stopping container cart', agoS: 2 });
    // An update to an existing group: counts move, the row stays where it was.
    session.add({ name: 'node-a', kind: 'Node', ns: 'default', reason: 'NodeNotReady', component: 'node-controller', agoS: 0, message: 'Node node-a status is now: NodeNotReady' });
    await h.settle();
    assert.match(h.frame(), /PAUSED · 2 new/);
    const after = rowsOf(h).map((r) => r.slice(1));
    assert.equal(after.length, before.length, 'new groups are not inserted while paused');
    assert.deepEqual(after.map((r) => r.replace(/^\S?\s+\S+/, '')).map((r) => r.slice(0, 40)).length, before.length);
    assert.ok(after.findIndex((r) => r.includes('NodeNotReady')) === before.findIndex((r) => r.includes('NodeNotReady')), 'row did not move');
    assert.match(h.frame(), /10 groups/);
    await h.press(' ');
    assert.match(h.frame(), /FOLLOW/);
    const resumed = rowsOf(h);
    assert.equal(resumed.length, 10);
    assert.match(resumed[3]!, /NodeNotReady/, 're-sorted after resume: the warning tier first');
    assert.match(resumed[4]!, /cart-0/, 'then the newest');
  } finally {
    h.unmount();
  }
});

test('app: moving off the top row pauses; live updates still arrive at most every 50 ms', async () => {
  const session = makeSession();
  const h = await renderApp(session, { columns: 100, rows: 24 });
  try {
    await h.press('j');
    assert.match(h.frame(), /PAUSED/);
    const renders = h.stdout.frames.length;
    for (let i = 0; i < 200; i++) session.add({ name: `storm-${i}`, reason: 'FailedMount', type: 'Warning', message: `MountVolume.SetUp failed for volume "secret-${i}"`, agoS: 0 });
    await h.settle();
    assert.match(h.frame(), /PAUSED · 200 new/);
    assert.ok(h.stdout.frames.length - renders <= 3, `200 batches → ${h.stdout.frames.length - renders} renders`);
  } finally {
    h.unmount();
  }
});

test('app: Enter opens every field; y shows YAML; Esc closes', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 40 });
  try {
    await h.press(KEY.enter);
    const f = h.frame();
    assert.match(f, /Object +Pod\/shop\/web-7d9f8c6b5-x2k4q +\(v1\)/);
    assert.match(f, /Field path +spec\.containers\{web\}/);
    assert.match(f, /Reason +BackOff/);
    assert.match(f, /Type +Warning +severity error/);
    assert.match(f, /Count +12/);
    assert.match(f, /First seen +10m ago/);
    assert.match(f, /Last seen +10s ago +\(2025-05-01T10:09:50Z\)/);
    assert.match(f, /Component +kubelet/);
    assert.match(f, /Instance +node-a/);
    assert.match(f, /Message *\n +Back-off restarting failed container web in pod\n +web-7d9f8c6b5-x2k4q_shop\(c0ffee00-1111-4222-8333-444455556666\)/);
    assert.match(f, /Recent occurrences/);
    assert.match(h.lines().at(-1)!, /y yaml/);
    await h.press('y');
    assert.match(h.frame(), /involvedObject:/);
    assert.match(h.frame(), /kind: Pod/);
    assert.match(h.frame(), /reason: BackOff/);
    await h.press('y');
    assert.match(h.frame(), /Reason +BackOff/);
    await h.press(KEY.esc);
    assert.match(h.frame(), /FOLLOW/);
    assert.equal(rowsOf(h).length, 8);
  } finally {
    h.unmount();
  }
});

test('app: detail shows a related object and scrolls a long YAML', async () => {
  const h = await renderApp(makeSession(), { columns: 80, rows: 14 });
  try {
    await h.press('/', 'preempted', KEY.enter, KEY.enter);
    assert.match(h.frame(), /Related +Pod\/jobs\/high-prio-0/);
    await h.press('y');
    const top = h.frame();
    await h.press('G');
    assert.notEqual(h.frame(), top);
    assert.equal(h.lines().length, 13);
    for (const l of h.lines()) assert.ok(displayWidth(l) <= 80);
  } finally {
    h.unmount();
  }
});

test('app: c copies the message via OSC 52 (YAML in detail)', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('c');
    assert.equal(h.raw.length, 1);
    const m = /^\x1b\]52;c;([A-Za-z0-9+/=]+)\x07$/.exec(h.raw[0]!);
    assert.ok(m);
    assert.equal(Buffer.from(m[1]!, 'base64').toString(), `Back-off restarting failed container web in pod ${POD}_shop(c0ffee00-1111-4222-8333-444455556666)`);
    assert.match(h.frame(), /copied message \(\d+ bytes\) via OSC 52/);
    await h.press(KEY.enter, 'c');
    const yaml = Buffer.from(/52;c;([^\x07]+)/.exec(h.raw[1]!)![1]!, 'base64').toString();
    assert.match(yaml, /^kind: Event/m);
    assert.match(yaml, /reason: BackOff/);
  } finally {
    h.unmount();
  }
});

test('app: c writes the OSC 52 sequence to the terminal by default', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 }, { writeRaw: undefined });
  try {
    await h.press('c');
    assert.ok(h.stdout.frames.some((f) => f.startsWith('\x1b]52;c;')));
  } finally {
    h.unmount();
  }
});

test('app: ? lists every key from the key table', async () => {
  const h = await renderApp(makeSession(), { columns: 140, rows: 84 });
  try {
    await h.press('?');
    const f = h.frame();
    // (in columns, a help text wraps: its first words are on the key's line)
    for (const b of KEYMAP) assert.ok(f.includes(b.help.split(' ').slice(0, 2).join(' ')), `help lists "${b.help}"`);
    assert.match(f, /j ↓ +next row/);
    assert.match(f, /w Ctrl-z +Warning-type groups only/);
    assert.match(f, /S is the severity tier/);
    await h.press('?');
    assert.equal(rowsOf(h).length, 8);
    await h.press('?', KEY.esc);
    assert.equal(rowsOf(h).length, 8);
  } finally {
    h.unmount();
  }
});

test('app: help scrolls at 80×24 and fits', async () => {
  const h = await renderApp(makeSession(), { columns: 80, rows: 24 });
  try {
    await h.press('?');
    assertFits(h, 80, 24);
    const first = h.frame();
    await h.press('G');
    assert.notEqual(h.frame(), first);
    assert.match(h.frame(), /A leading -/);
  } finally {
    h.unmount();
  }
});

test('app: source status: listing, reconnecting countdown, forbidden; evictions shown', async () => {
  const session = makeSession();
  const h = await renderApp(session, { columns: 140, rows: 24 });
  try {
    session.setStatus({ state: 'listing', listed: 1500, total: 12000 });
    await h.settle();
    assert.match(h.frame(), /listing events… 1,500 of 12,000/);
    const { T0 } = await import('./helpers.js');
    session.setStatus({ state: 'reconnecting', retryAt: T0 + 4000, attempt: 3, detail: '500 Internal Server Error' });
    await h.settle();
    assert.match(h.frame(), /reconnecting in 4s \(attempt 3\): 500 Internal Server Error/);
    session.setStatus({ state: 'forbidden', detail: 'events is forbidden: User "oncall" cannot watch events at the cluster scope' });
    await h.settle();
    assert.match(h.frame(), /forbidden: events is forbidden/);
  } finally {
    h.unmount();
  }
});

test('app: while listing, the progress reaches the screen at most every 250 ms, the last words always; a new state at once', async () => {
  const session = makeSession();
  const h = await renderApp(session, { columns: 140, rows: 24 });
  try {
    session.setStatus({ state: 'listing', listed: 500, total: 12000 });
    await h.settle();
    assert.match(h.frame(), /listing events… 500 of 12,000/, 'a new state: at once');
    // A page's progress, twice a page: a render each made a 100k-event list 1.9× as long.
    for (let i = 2; i <= 20; i++) session.setStatus({ listed: i * 500 });
    await tick();
    await tick();
    assert.match(h.frame(), /listing events… 500 of 12,000/, 'the same state with new words waits');
    await sleep(300);
    await h.settle();
    assert.match(h.frame(), /listing events… 10,000 of 12,000/, 'the last words');
    session.setStatus({ state: 'reconnecting', retryAt: Date.now() + 4000, attempt: 1, detail: 'connection reset' });
    await tick();
    await tick();
    assert.match(h.frame(), /reconnecting in \d+s \(attempt 1\): connection reset/, 'a new state: at once');
  } finally {
    h.unmount();
  }
});

/** The sample's rows on screen while listing, then one more event and its page's progress. */
async function listingOneMore(listingViewMs: number): Promise<{ session: TestSession; h: Harness; before: number }> {
  const session = makeSession();
  session.setStatus({ state: 'listing', listed: 8, total: 20 });
  const h = await renderApp(session, { columns: 140, rows: 24 }, { listingViewMs });
  const before = rowsOf(h).length;
  session.add({ name: 'late-1', reason: 'Killing', agoS: 1, message: 'Stopping container late' });
  session.setStatus({ listed: 10 });
  return { session, h, before };
}

test('app: while listing, the rows are held; a key, and the end of the list, compute them at once', async () => {
  // A hold far longer than the test, so that a slow machine cannot end it early.
  const { session, h, before } = await listingOneMore(60_000);
  try {
    await sleep(300);
    await h.settle();
    assert.match(h.frame(), /listing events… 10 of 20/, 'the progress: at once');
    assert.equal(rowsOf(h).length, before, 'the rows: held');
    await h.press('w'); // a key that changes the spec: computed at once
    await h.press('w');
    assert.equal(rowsOf(h).length, before + 1, 'a new spec is computed at once');
    session.add({ name: 'late-2', reason: 'Killing', agoS: 1, message: 'Stopping container last' });
    session.setStatus({ state: 'watching', listed: 20 });
    await h.settle();
    assert.equal(rowsOf(h).length, before + 2, 'the end of the list: at once');
  } finally {
    h.unmount();
  }
});

test('app: while listing, held rows come up to date when the hold ends, with nothing else changing', async () => {
  const { h, before } = await listingOneMore(600);
  try {
    await sleep(1200); // no change, no key after the page (rendered within the hold): only the hold's end renders
    await h.settle();
    assert.equal(rowsOf(h).length, before + 1);
  } finally {
    h.unmount();
  }
});

test('app: while listing, the first rows after an empty screen are shown at once', async () => {
  const session = makeSession({ events: [] });
  session.setStatus({ state: 'listing', listed: 0 });
  const h = await renderApp(session, { columns: 140, rows: 24 });
  try {
    assert.equal(rowsOf(h).length, 0);
    session.add({ name: 'first-1', reason: 'Killing', agoS: 1, message: 'Stopping container first' });
    session.setStatus({ listed: 1 });
    await sleep(300);
    await h.settle();
    assert.equal(rowsOf(h).length, 1, 'not held behind the empty screen');
  } finally {
    h.unmount();
  }
});

test('app: q quits, Ctrl-C quits from any mode', async () => {
  for (const keys of [['q'], [KEY.ctrlC], ['/', KEY.ctrlC], [KEY.enter, KEY.ctrlC], ['?', KEY.ctrlC]]) {
    let quit = 0;
    const h = await renderApp(makeSession(), { columns: 80, rows: 24 }, { onQuit: () => quit++ });
    await h.press(...keys);
    assert.equal(quit, 1, JSON.stringify(keys));
    h.unmount();
  }
});

test('app: q in detail closes it rather than quitting', async () => {
  let quit = 0;
  const h = await renderApp(makeSession(), { columns: 80, rows: 24 }, { onQuit: () => quit++ });
  try {
    await h.press(KEY.enter, 'q');
    assert.equal(quit, 0);
    assert.equal(rowsOf(h).length, 8);
  } finally {
    h.unmount();
  }
});

test('app: an empty store says it is waiting', async () => {
  const session = makeSession({ events: [] });
  session.setStatus({ state: 'listing', listed: 0, total: 0 });
  const h = await renderApp(session, { columns: 80, rows: 24 });
  try {
    assert.match(h.frame(), /waiting for events…/);
    assertFits(h, 80, 24);
  } finally {
    h.unmount();
  }
});

test('app: NO_COLOR output has no colour codes but keeps the cursor inverse', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 }, { color: false });
  try {
    const raw = h.stdout.frames.at(-1)!;
    assert.doesNotMatch(raw, /\x1b\[3[0-7]/);
    assert.match(raw, /\x1b\[7m/);
  } finally {
    h.unmount();
  }
});

test('app: keys coalesced into one chunk (slow SSH) act one by one; Space hint says follow when paused', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 30 });
  try {
    assert.match(h.lines().at(-1)!, /Space pause/);
    await h.press('jjO');
    await h.settle();
    assert.match(h.frame(), /events › Pod\/batch-job-abcde ↑owners/);
    await h.press(KEY.esc);
    assert.match(h.frame(), /PAUSED/);
    assert.match(h.lines().at(-1)!, /Space follow/);
    await h.press('/web\r');
    assert.match(h.frame(), /\/web +4 of 8 match/);
    assert.match(h.lines().at(-1)!, /\? help/);
  } finally {
    h.unmount();
  }
});
