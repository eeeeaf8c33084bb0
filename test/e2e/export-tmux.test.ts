// Issue 14 (parts 3–4) in a real terminal against the demo with a short event TTL: groups whose
// events the server deleted stay listed, marked `x`; `:expired off` hides them (the footer counts
// them), `:expired on` brings them back; `:export csv FILE` writes every row, parsed back here.
// `--plain -o json` re-prints a group that expired with `expired: true`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt, startCli, waitFor } from './cli.js';
import { cellOf, hasTmux, tableRows, Terminal } from './tmux.js';

const expiredRows = (s: string) => tableRows(s).filter((l) => /^[ >]x/.test(l));

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function readCsv(text: string): string[][] {
  const out: string[][] = [];
  let rec: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"' && f === '') q = true;
    else if (c === ',') rec.push(f), (f = '');
    else if (c === '\r' && text[i + 1] === '\n') rec.push(f), out.push(rec), (rec = []), (f = ''), i++;
    else f += c;
  }
  return out;
}

test('kevtui --demo --event-ttl 6 in tmux: expired groups stay marked, :expired hides them, :export csv', { skip: !hasTmux && 'tmux not installed', timeout: 180_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-e2e-export-'));
  const t = Terminal.start(`node ${CLI} --demo --seed 7 --events 0 --rate 4 --event-ttl 6`, { cwd: dir, columns: 150, rows: 40 });
  try {
    // Events deleted by the TTL: their groups stay, marked x.
    const marked = await t.until('expired rows', (s) => /watching/.test(s) && expiredRows(s).length >= 3, 60_000);
    const row = expiredRows(marked)[0]!;
    assert.ok(cellOf(marked, row, 'REASON'), `a whole row: ${row}\n${marked}`);

    t.type(':expired off');
    t.keys('Enter');
    // Following holds the order up to 3 s: the marked rows leave at the next re-order.
    const hidden = await t.until('expired rows hidden', (s) => /\d+ expired hidden/.test(s) && expiredRows(s).length === 0 && tableRows(s).length > 0, 30_000);
    // (A group can also come back to life: the demo repeats some events under new uids.)
    assert.ok(Number(/(\d+) expired hidden/.exec(hidden)![1]) >= 1, hidden);

    // The export follows the view: no expired row in it.
    t.type(':export csv hidden.csv');
    t.keys('Enter');
    const said = await t.until('the export report', (s) => /exported \d+ rows? to .*hidden\.csv/.test(s));
    const hiddenCsv = readFileSync(join(dir, 'hidden.csv'), 'utf8');
    const records = readCsv(hiddenCsv);
    const meta = new Map(records.filter((r) => r[0]!.startsWith('# ')).map((r) => [r[0]!.slice(2), r[1]!]));
    assert.equal(meta.get('context'), 'kevtui-demo', hiddenCsv);
    assert.equal(meta.get('expired groups'), 'hidden', hiddenCsv);
    const [head, ...body] = records.filter((r) => !r[0]!.startsWith('# '));
    assert.deepEqual(head, ['lastSeen', 'firstSeen', 'type', 'namespace', 'object', 'reason', 'count', 'state', 'message']);
    assert.equal(String(body.length), /exported (\d+) rows?/.exec(said)![1], `${said}\n${hiddenCsv}`);
    assert.ok(body.length > 0, hiddenCsv);
    assert.ok(body.every((r) => r.length === head!.length && r[7] === 'live'), `only live rows:\n${hiddenCsv}`);

    t.type(':expired on');
    t.keys('Enter');
    await t.until('expired rows back', (s) => expiredRows(s).length > 0 && !/expired hidden/.test(s), 30_000);
    // Expired rows are exported, marked (asked again if every one came back to life meanwhile).
    let allCsv = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      t.type(`:export csv all-${attempt}.csv`);
      t.keys('Enter');
      await t.until('the second export', (s) => new RegExp(`exported \\d+ rows? to .*all-${attempt}\\.csv`).test(s));
      allCsv = readFileSync(join(dir, `all-${attempt}.csv`), 'utf8');
      if (readCsv(allCsv).some((r) => r[7] === 'expired')) break;
    }
    assert.ok(readCsv(allCsv).some((r) => r[7] === 'expired'), `expired rows exported, marked:\n${allCsv}`);

    // The same name again: asked, and n keeps the file.
    t.type(':export csv all-1.csv');
    t.keys('Enter');
    await t.until('the overwrite question', (s) => /overwrite .*all-1\.csv\? y\/n/.test(s));
    t.keys('n');
    await t.until('kept', (s) => /all-1\.csv kept/.test(s));
    t.type(':q');
    t.keys('Enter');
  } finally {
    t.close();
  }
});

test('kevtui --demo --plain -o json --event-ttl 3: a group whose events expired is re-printed with expired: true', { timeout: 60_000 }, async () => {
  const run = startCli(['--demo', '--seed', '7', '--plain', '-o', 'json', '--events', '0', '--rate', '4', '--event-ttl', '3']);
  const lines = () => run.stdout().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { reason: string; name: string; message: string; expired: boolean; count: number });
  try {
    await waitFor(() => lines().some((l) => l.expired), 30_000, 'an expired line');
  } finally {
    await run.stop();
  }
  const all = lines();
  const gone = all.find((l) => l.expired)!;
  const same = (l: typeof gone) => l.reason === gone.reason && l.name === gone.name && l.message === gone.message;
  assert.ok(all.findIndex(same) < all.indexOf(gone), 'printed live first');
  assert.equal(all.find(same)!.expired, false);
  assert.ok(gone.count > 0, 'an expired line keeps its count');
});
