// Jumps (o, O, t, n, r) push a view filtered to objects' events with a summary above; Esc and
// Backspace come back; the live table keeps updating underneath.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth } from '../../src/model/width.js';
import type { FetchedObject, ObjectRefLike } from '../../src/session/types.js';
import { KEY, POD, RS, makeSession, renderApp, tick, type Harness } from './helpers.js';

const rowsOf = (h: Harness) => h.lines().filter((l) => /^[> ][ +*] +(\d+[smhdy]|\d+m\d+s|\?)\s/.test(l));
const crumb = (h: Harness) => h.lines()[2] ?? '';

async function select(h: Harness, text: string) {
  for (let i = 0; i < 20; i++) {
    if ((h.lines().find((l) => l.startsWith('>')) ?? '').includes(text)) return;
    await h.press('j');
  }
  throw new Error(`no row with ${text}`);
}

function fits(h: Harness, columns: number, rows: number) {
  assert.ok(h.lines().length <= rows - 1);
  for (const l of h.lines()) assert.ok(displayWidth(l) <= columns, l);
}

test('jump o: the involved object with its events and a pod summary; Esc back', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 30 });
  try {
    await h.press('o');
    await tick();
    assert.equal(crumb(h).trimEnd(), `events › Pod/${POD}   (Esc back)`);
    const f = h.frame();
    assert.match(f, new RegExp(`Pod shop/${POD} +\\[2 groups\\] +Running +ready 0/1 +restarts 12 +node node-a`));
    assert.match(f, /web: Waiting CrashLoopBackOff · restarts 12, last exit 137 OOMKilled/);
    const rows = rowsOf(h);
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /BackOff/);
    assert.match(rows[1]!, /Pulled/);
    fits(h, 120, 30);
    await h.press(KEY.esc);
    assert.doesNotMatch(h.frame(), /events ›/);
    assert.equal(rowsOf(h).length, 8);
  } finally {
    h.unmount();
  }
});

test('jump O: owner chain each with its events; breadcrumbs nest; Backspace goes back one level', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 40 });
  try {
    await h.press('O');
    await tick();
    assert.match(crumb(h), new RegExp(`^events › Pod/${POD} ↑owners`));
    const f = h.frame();
    assert.match(f, new RegExp(`ReplicaSet shop/${RS} +\\[1 group\\] +replicas 3 · ready 2`));
    assert.match(f, /Deployment shop\/web +\[1 group\] +replicas 3 · ready 2 · updated 3 · available 2/);
    assert.match(f, /Available=False \(MinimumReplicasUnavailable: Deployment does not have minimum availability\.\)/);
    const reasons = rowsOf(h).map((r) => /BackOff|Pulled|SuccessfulCreate|ScalingReplicaSet/.exec(r)?.[0]);
    assert.deepEqual(reasons, ['BackOff', 'Pulled', 'SuccessfulCreate', 'ScalingReplicaSet']);
    // Nested: from the owners view, the deployment's own tree.
    await select(h, 'ScalingReplicaSet');
    await h.press('t');
    await tick();
    assert.match(crumb(h), new RegExp(`^events › Pod/${POD} ↑owners › Deployment/web ↓tree`));
    assert.equal(rowsOf(h).length, 4, 'deployment, replica set and pod events merged');
    await h.press(KEY.backspace);
    assert.match(crumb(h), new RegExp(`^events › Pod/${POD} ↑owners +\\(Esc back\\)`));
    await h.press(KEY.backspace);
    assert.equal(rowsOf(h).length, 8);
  } finally {
    h.unmount();
  }
});

test('jump t: the object and everything it owns, merged', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 40 });
  try {
    await select(h, 'ScalingReplicaSet');
    await h.press('t');
    await tick();
    assert.match(crumb(h), /events › Deployment\/web ↓tree/);
    const f = h.frame();
    assert.match(f, /Deployment shop\/web/);
    assert.match(f, new RegExp(`ReplicaSet shop/${RS}`));
    assert.match(f, new RegExp(`Pod shop/${POD} .*Running`));
    assert.equal(rowsOf(h).length, 4);
  } finally {
    h.unmount();
  }
});

test("jump n: the pod's node and its events; a Node row jumps to itself", async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 30 });
  try {
    await h.press('n');
    await tick();
    assert.match(crumb(h), new RegExp(`events › Pod/${POD} → node`));
    assert.match(h.frame(), /Node node-a +\[1 group\] +Ready=False \(KubeletNotReady\)/);
    assert.match(h.frame(), /MemoryPressure=True/);
    const rows = rowsOf(h);
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /NodeNotReady/);
    await h.press(KEY.esc);
    await select(h, 'Pod/api-0');
    await h.press('n');
    await tick();
    assert.match(h.frame(), /Pod shop\/api-0 .*gone: no longer exists/);
  } finally {
    h.unmount();
  }
});

test('jump r: related object, forbidden note; r without one says so', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 30 });
  try {
    await h.press('r');
    assert.match(h.frame(), /r: this event has no related object/);
    assert.doesNotMatch(h.frame(), /events ›/);
    await select(h, 'Preempted');
    await h.press('r');
    await tick();
    assert.match(crumb(h), /events › Pod\/high-prio-0 \(related\)/);
    assert.match(h.frame(), /Pod jobs\/high-prio-0 +\[0 groups\] +forbidden: not allowed to read it — pods "high-prio-0" is forbidden/);
    assert.match(h.frame(), /no events for these objects/);
  } finally {
    h.unmount();
  }
});

test('jump o on an object that is gone says so and still lists its events', async () => {
  const h = await renderApp(makeSession(), { columns: 120, rows: 30 });
  try {
    await select(h, 'Preempted');
    await h.press('o');
    await tick();
    assert.match(h.frame(), /Pod jobs\/low-prio-0 +\[1 group\] +gone: no longer exists \(its events remain\)/);
    assert.equal(rowsOf(h).length, 1);
  } finally {
    h.unmount();
  }
});

test('jumps show loading… without blocking; live events keep arriving underneath', async () => {
  const session = makeSession();
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const real = session.objects.get;
  (session.objects as { get: (r: ObjectRefLike) => Promise<FetchedObject> }).get = async (ref) => {
    await gate;
    return real(ref);
  };
  const h = await renderApp(session, { columns: 120, rows: 30 });
  try {
    await h.press('o');
    assert.match(h.frame(), /loading…/);
    assert.equal(rowsOf(h).length, 2, 'the known object is shown at once');
    session.add({ name: POD, reason: 'Killing', host: 'node-a', agoS: 0, message: 'Stopping container web' });
    await h.settle();
    assert.equal(rowsOf(h).length, 3, 'a new event of the object appears while loading');
    await h.press('j', 'k');
    release();
    await h.settle();
    assert.doesNotMatch(h.frame(), /loading…/);
    assert.match(h.frame(), /Running/);
  } finally {
    h.unmount();
  }
});

test('jumps work from the detail view and land in the table', async () => {
  const h = await renderApp(makeSession(), { columns: 100, rows: 30 });
  try {
    await h.press(KEY.enter, 'o');
    await tick();
    assert.match(crumb(h), /events › Pod\//);
    assert.equal(rowsOf(h).length, 2);
    fits(h, 100, 30);
  } finally {
    h.unmount();
  }
});

test('jump views fit at 80×24; on a short terminal the summary is cut to a third of the screen', async () => {
  const h = await renderApp(makeSession(), { columns: 80, rows: 24 });
  try {
    await h.press('O');
    await tick();
    fits(h, 80, 24);
    assert.equal(h.lines().length, 23);
    await h.resize(80, 16);
    fits(h, 80, 16);
    assert.equal(h.lines().length, 15);
    assert.match(h.frame(), /… \d+ more lines/);
    assert.equal(rowsOf(h).length, 4);
  } finally {
    h.unmount();
  }
});
