// Filter mode through ink-testing-library: fuzzy words, ranking and Ctrl-R, kind: short names,
// bare words on the type, regex errors in the filter line, and ↑/↓ history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY, makeSession, renderApp, type Harness } from './helpers.js';

const CTRL_R = '\x12';
const rowsOf = (h: Harness) => h.lines().filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));
const filterLine = (h: Harness) => h.lines().find((l) => l.startsWith('/')) ?? '';

test('filter: subsequences match (bkoff, schedulng), with the matched letters underlined', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('/', 'bkoff');
    assert.match(filterLine(h), /^\/bkoff█ +1 of 8 match/);
    assert.match(rowsOf(h)[0]!, /BackOff/);
    assert.match(h.stdout.frames.at(-1)!, /\x1b\[4m(\x1b\[1m)?B(\x1b\[22m)?\x1b\[24ma/, 'the B of BackOff is underlined');
    await h.press(KEY.ctrlU, 'schedulng');
    assert.match(filterLine(h), /1 of 8 match/);
    assert.match(rowsOf(h)[0]!, /FailedScheduling/);
  } finally {
    h.unmount();
  }
});

test('filter: best match first while filtering; Ctrl-R (and s) switch to the sort order', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('/', 'node');
    assert.match(filterLine(h), /best first/);
    assert.match(rowsOf(h)[0]!, /NodeNotReady/, 'the reason NodeNotReady beats "0/3 nodes" in a message');
    await h.press(CTRL_R);
    assert.doesNotMatch(filterLine(h), /best first/);
    assert.match(rowsOf(h)[0]!, /FailedScheduling/, 'triage order: the warning first');
    await h.press(CTRL_R, KEY.enter);
    assert.match(rowsOf(h)[0]!, /NodeNotReady/);
    await h.press('s');
    assert.doesNotMatch(filterLine(h), /best first/, 'picking a sort leaves the match order');
  } finally {
    h.unmount();
  }
});

test('filter: kind: takes short names and compares whole kinds; -normal hides Normal groups', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('/', 'kind:deploy');
    assert.match(filterLine(h), /1 of 8 match/);
    assert.match(rowsOf(h)[0]!, /ScalingReplicaSet/);
    await h.press(KEY.ctrlU, 'kind:po');
    assert.match(filterLine(h), /5 of 8 match/, 'pods only: not the ReplicaSet, Deployment or Node');
    await h.press(KEY.ctrlU, '-normal');
    assert.match(filterLine(h), /3 of 8 match/);
    for (const r of rowsOf(h)) assert.match(r, /Warning/);
  } finally {
    h.unmount();
  }
});

test('filter: a bad regex says so in the filter line and the rest of the filter still applies', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 24 });
  try {
    await h.press('/', 're:(web');
    assert.match(filterLine(h), /8 of 8 match +\(bad regular expression \/\(web\//);
    assert.equal(rowsOf(h).length, 8, 'the screen is not emptied');
    await h.press(KEY.ctrlU, '/pull|sched/');
    assert.match(filterLine(h), /3 of 8 match/, 'Pulled, FailedScheduling and default-scheduler (a component)');
  } finally {
    h.unmount();
  }
});

test('filter: ↑/↓ in an empty filter line recall earlier filters; in a typed line they move rows', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 24 });
  try {
    await h.press('/', 'backoff', KEY.enter, KEY.esc);
    await h.press('/', 'kind:po', KEY.enter, KEY.esc);
    await h.press('/', KEY.up);
    assert.match(filterLine(h), /^\/kind:po█/);
    await h.press(KEY.up);
    assert.match(filterLine(h), /^\/backoff█/);
    await h.press(KEY.up);
    assert.match(filterLine(h), /^\/backoff█/, 'the oldest stays');
    await h.press(KEY.down);
    assert.match(filterLine(h), /^\/kind:po█/);
    await h.press(KEY.down);
    assert.match(filterLine(h), /^\/█/, 'past the newest: an empty line');
    await h.press('w', KEY.down);
    assert.match(filterLine(h), /^\/w█/, 'typed text: ↓ moves the cursor row instead');
    assert.ok(rowsOf(h)[1]?.startsWith('>'), 'cursor on the second row');
  } finally {
    h.unmount();
  }
});
