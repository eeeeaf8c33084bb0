// `e` and `:export` in the App: the file lands in the export directory with every matching row,
// the status line names it; an existing file is asked about (n keeps it, y overwrites); an
// unwritable path is one line. `:expired` hides and shows groups whose events were all deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AggregateStore } from '../../src/store/aggregate.js';
import { KEY, kubeEvent, makeSession, renderApp, SAMPLE, type Harness } from './helpers.js';

const status = (h: Harness) => h.lines().at(-1)!;
const tableLines = (md: string) => md.split('\n').filter((l) => l.startsWith('|'));

async function until(h: Harness, what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !cond(); i++) await h.settle();
  assert.ok(cond(), `${what}:\n${h.frame()}`);
}

test('export: e writes every row as Markdown to the export directory; the status line says where', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-export-'));
  const h = await renderApp(makeSession(), { columns: 140, rows: 12 }, { exportDir: dir });
  try {
    await h.press('e');
    await until(h, 'the export report', () => /exported \d+ rows to /.test(status(h)));
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^kevtui-kind-prod-\d{8}-\d{6}\.md$/);
    assert.match(status(h), new RegExp(`exported ${SAMPLE.length} rows to ${dir}`));
    const md = readFileSync(join(dir, files[0]!), 'utf8');
    // Every row, though the 12-line terminal shows only a few of them.
    assert.equal(tableLines(md).length, 2 + SAMPLE.length, md);
    assert.match(md, /- \*\*context\*\*: `kind-prod`/);
    assert.match(md, /- \*\*scope\*\*: `all namespaces`/);
  } finally {
    h.unmount();
  }
});

test('export: an existing file is asked about; n keeps it, y overwrites it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-export-'));
  writeFileSync(join(dir, 'notes.csv'), 'mine\n');
  const h = await renderApp(makeSession(), { columns: 140, rows: 20 }, { exportDir: dir });
  try {
    await h.press(':export csv notes.csv\r');
    await until(h, 'the question', () => /overwrite .*notes\.csv\? y\/n/.test(status(h)));
    assert.match(status(h), /y overwrite/);
    // Other keys do nothing while asked (j does not move, / does not open the filter).
    await h.press('j', '/');
    assert.match(status(h), /overwrite .*notes\.csv\? y\/n/);
    await h.press('n');
    await until(h, 'kept', () => /not exported: .*notes\.csv kept/.test(status(h)));
    assert.equal(readFileSync(join(dir, 'notes.csv'), 'utf8'), 'mine\n');
    await h.press(':export csv notes.csv\r');
    await until(h, 'the question again', () => /overwrite .*notes\.csv\? y\/n/.test(status(h)));
    await h.press('y');
    await until(h, 'overwritten', () => /exported \d+ rows to .*notes\.csv/.test(status(h)));
    const csv = readFileSync(join(dir, 'notes.csv'), 'utf8');
    assert.match(csv, /^# context,kind-prod\r\n/);
    assert.equal(csv.split('\r\n').filter((l) => l !== '' && !l.startsWith('#')).length, 1 + SAMPLE.length);
    // Back to the table's keys: the footer hints are the table's again.
    assert.match(status(h), /\? help/);
  } finally {
    h.unmount();
  }
});

test('export: an unwritable path is one line; the summary exports its tables', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-export-'));
  const h = await renderApp(makeSession(), { columns: 140, rows: 30 }, { exportDir: dir });
  try {
    await h.press(':export md no/such/dir/x.md\r');
    await until(h, 'the error', () => /not exported: .*no\/such\/dir\/x\.md: no such directory/.test(status(h)));
    await h.press('T');
    await until(h, 'the summary', () => /Reasons/.test(h.frame()));
    await h.press('e');
    await until(h, 'the summary export', () => /exported the summary to /.test(status(h)));
    assert.match(h.frame(), /Reasons/); // still in the summary
    const file = readdirSync(dir).find((f) => f.includes('-summary-'))!;
    const md = readFileSync(join(dir, file), 'utf8');
    assert.match(md, /## kevtui incident summary/);
    assert.match(md, /\| BackOff \| 12 \| 1 \|/);
  } finally {
    h.unmount();
  }
});

test(':expired: expired groups are shown marked x by default; off hides them and says how many; on shows them', async () => {
  const store = new AggregateStore();
  const gone = kubeEvent({ name: 'old-pod', reason: 'Killing', message: 'Stopping container old', agoS: 5 });
  const live = kubeEvent({ name: 'new-pod', reason: 'Started', message: 'Started container new', agoS: 8 });
  store.apply([{ kind: 'upsert', event: gone }, { kind: 'upsert', event: live }]);
  store.apply([{ kind: 'delete', event: gone }]);
  const h = await renderApp(makeSession({ store }), { columns: 120, rows: 20 });
  try {
    const row = (name: string) => h.lines().find((l) => l.includes(name));
    await until(h, 'both rows', () => row('old-pod') !== undefined && row('new-pod') !== undefined);
    assert.match(row('old-pod')!, /^[> ]x /);
    assert.match(row('new-pod')!, /^[> ][ +*] /);
    await h.press(':expired off\r');
    await until(h, 'the expired row hidden', () => row('old-pod') === undefined);
    assert.ok(row('new-pod') !== undefined);
    assert.match(status(h), /1\/1 · 1 expired hidden/);
    await h.press(':expired\r'); // a toggle: on again
    await until(h, 'the expired row back', () => row('old-pod') !== undefined);
    assert.doesNotMatch(status(h), /hidden/);
    await h.press(':expired maybe\r');
    await until(h, 'the usage', () => /usage: :expired \[on\|off\]/.test(status(h)));
    // Everything expired and hidden: the empty table says why.
    store.apply([{ kind: 'delete', event: live }]);
    await h.press(':expired off\r');
    await until(h, 'the empty text', () => /every group here expired \(:expired on shows them\)/.test(h.frame()));
    assert.match(status(h), /2 expired hidden/);
  } finally {
    h.unmount();
  }
});
