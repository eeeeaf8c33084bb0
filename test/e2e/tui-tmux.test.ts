// The built `kevtui --demo` in a real terminal (tmux at 120×40): what an on-call engineer sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { cellOf, hasTmux, tableRows, Terminal } from './tmux.js';

test('kevtui --demo in tmux: table, filter, detail, object jump, help, quit', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  // A line of the shell's own first, so we can see the terminal is given back as it was.
  const t = Terminal.start(`printf 'BEFORE-KEVTUI\\n'; node ${CLI} --demo --seed 11; printf 'AFTER-KEVTUI exit=%s\\n' $?; sleep 30`, { cwd: ROOT });
  try {
    const table = await t.until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 20);
    const lines = table.split('\n');
    assert.ok(lines.every((l) => l.length <= 120), 'no line wider than the terminal');
    assert.match(lines[2]!, /LAST S TYPE.*REASON.*OBJECT.*MESSAGE/);
    const total = Number(/(\d[\d,]*) groups/.exec(table)![1]!.replace(/,/g, ''));

    t.keys('/');
    t.type('reason:backoff');
    // (until the whole text is in: after `r` alone every group matches)
    const filtered = await t.until('the filter to narrow the table', (s) => /reason:backoff/.test(s) && /\d+ of [\d,]+ match/.test(s));
    const matched = Number(/(\d+) of [\d,]+ match/.exec(filtered)![1]);
    assert.ok(matched > 0 && matched < total, `filter narrowed ${total} groups to ${matched}`);
    const rows = tableRows(filtered);
    assert.ok(rows.length > 0 && rows.every((l) => /BackOff/.test(l)), rows.join('\n'));

    t.keys('Enter');
    t.keys('Enter');
    const detail = await t.until('the detail view', (s) => /Reason +BackOff/.test(s) && /Message/.test(s));
    assert.match(detail, /Object +Pod\//);
    assert.match(detail, /Component +kubelet/);
    // The store keeps no raw events: `y` shows the event as the demo server answers a GET for it.
    t.keys('y');
    const yaml = await t.until('the event as YAML', (s) => /^kind: Event/m.test(s) && /^reason: BackOff/m.test(s));
    assert.match(yaml, /^apiVersion: (v1|events\.k8s\.io\/v1)$/m);
    assert.match(yaml, /^  resourceVersion: "\d+"/m);
    t.keys('y');
    await t.until('the fields again', (s) => /Reason +BackOff/.test(s));

    t.keys('o');
    const object = await t.until("the object's events", (s) => /events › Pod\//.test(s) && /\[\d+ groups?\]/.test(s));
    const objectName = /events › Pod\/(\S+)/.exec(object)![1]!;
    const objectRows = tableRows(object);
    // (the row may write the kind short, po/, and cut the name in the middle: `po/cart…gf8`)
    const name = objectName.split('/').at(-1)!;
    const shows = (row: string) => {
      const cell = (cellOf(object, row, 'OBJECT') ?? '').split(' ')[0]!.replace(/^[^/]*\//, ''); // (a right-aligned # may reach under OBJECT's title)
      const [head, tail] = cell.split('…');
      return cell !== '' && (tail === undefined ? name === head : name.startsWith(head!) && name.endsWith(tail));
    };
    assert.ok(objectRows.length > 0 && objectRows.every(shows), `${name}\n${objectRows.join('\n')}`);

    t.keys('Escape');
    await t.until('back to the table', (s) => !/events › /.test(s));
    t.keys('?');
    await t.until('the help overlay', (s) => /Keys/.test(s) && /filter/.test(s) && /owner chain/.test(s));
    t.keys('Escape');
    t.keys('q');
    const after = await t.until('kevtui to exit', (s) => /AFTER-KEVTUI exit=0/.test(s));
    // The alternate screen is gone: the shell's own lines are back, none of kevtui's frames.
    assert.match(after, /BEFORE-KEVTUI/);
    assert.doesNotMatch(after, /LAST S TYPE/);
  } finally {
    t.close();
  }
});

/** Distinct reasons of Warning-type rows on a screen, read by the header's column positions. */
function warningReasons(screen: string): Set<string> {
  const out = new Set<string>();
  for (const row of tableRows(screen)) {
    if (cellOf(screen, row, 'TYPE') !== 'Warning') continue;
    const reason = cellOf(screen, row, 'REASON');
    if (reason !== undefined && reason !== '') out.add(reason.replace(/…$/, ''));
  }
  return out;
}

test('kevtui --demo --seed 7 in tmux: the first screen shows the incident (triage), the real type, and the selected message whole', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  // Both started before either is closed (closing the last session stops the tmux server, which
  // can race with the next start).
  const sizes = [[120, 40], [80, 24]] as const;
  const terminals = sizes.map(([columns, rows]) => Terminal.start(`node ${CLI} --demo --seed 7`, { cwd: ROOT, columns, rows }));
  try {
    for (let i = 0; i < sizes.length; i++) {
      const [columns, rows] = sizes[i]!;
      const t = terminals[i]!;
      const s = await t.until('the table to fill', (x) => /watching/.test(x) && tableRows(x).length >= Math.min(20, rows - 10));
      const lines = s.split('\n');
      assert.ok(lines.every((l) => l.length <= columns), 'no line wider than the terminal');
      assert.match(s, /FOLLOW +sort triage/);
      const header = lines.find((l) => /LAST S TYPE/.test(l))!;
      assert.ok(columns - header.indexOf('MESSAGE') >= 30, `MESSAGE has ≥ 30 columns: ${header}`);
      // Without a key press: the warnings, several reasons of them at 120×40, above the rollout noise.
      const reasons = warningReasons(s);
      assert.ok(reasons.size >= (columns >= 120 ? 3 : 2), `Warning reasons on the first screen: ${[...reasons].join(', ')}\n${s}`);
      assert.match(tableRows(s)[0]!, / Warning /, 'the first row is a Warning');
      for (const row of tableRows(s)) assert.match(row, / (Normal|Warning) /, `TYPE is the Kubernetes type: ${row}`);
      // The preview: component · object · type, severity · count, then the message.
      assert.ok(lines.some((l) => /^\S+ · \w+\/\S+ · (Normal|Warning), severity (normal|warning|error|critical) · ×\d+/.test(l)), s);
    }
  } finally {
    for (const t of terminals) t.close();
  }
});

test('kevtui --demo --seed 7 in tmux: f folds similar messages (a row with markers, counts of groups and objects; the header says folded), f again unfolds', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  const t = Terminal.start(`node ${CLI} --demo --seed 7`, { cwd: ROOT, columns: 120, rows: 40 });
  try {
    await t.until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 20);
    const folds = (s: string) => tableRows(s).filter((l) => /×\d+ (groups · \d+ obj|· \d+ obj)/.test(l));
    assert.equal(folds(t.screen()).length, 0, 'nothing folded before f');
    t.keys('f');
    const folded = await t.until('folded rows', (s) => /folded +sort/.test(s) && folds(s).some((l) => /‹\w+›/.test(l)));
    assert.ok(folded.split('\n').every((l) => l.length <= 120), 'no line wider than the terminal');
    const row = folds(folded).find((l) => /‹\w+›/.test(l))!;
    const m = /×(\d+)(?: groups)? · (\d+) obj/.exec(row)!;
    assert.ok(Number(m[1]) >= 2 && Number(m[2]) >= 1, row);
    t.keys('f');
    await t.until('unfolded rows', (s) => !/folded/.test(s) && folds(s).length === 0);
  } finally {
    t.close();
  }
});

test('kevtui --demo --seed 7 in tmux: T shows the Reasons table; Enter on a row filters the table to it', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  const t = Terminal.start(`node ${CLI} --demo --seed 7`, { cwd: ROOT, columns: 120, rows: 40 });
  try {
    await t.until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 20);
    t.keys('T');
    const summary = await t.until('the Reasons table', (s) => /Reasons/.test(s) && /│ › │ \S+/.test(s) && /REASON +│ EVENTS/.test(s));
    const reason = /│ › │ (\S+)/.exec(summary)![1]!;
    t.keys('Enter');
    const filtered = await t.until('the table filtered to the reason', (s) => /\d+ of [\d,]+ match/.test(s) && tableRows(s).length > 0);
    assert.match(filtered, new RegExp(`/\\S*${reason}`, 'i'), 'the filter names the reason');
    const rows = tableRows(filtered);
    // REASON may be cut on the right (…): compare its head.
    assert.ok(rows.every((l) => l.includes(reason.slice(0, 12))), `${reason}:\n${rows.join('\n')}`);
  } finally {
    t.close();
  }
});
