// The built `kevtui --demo` in a real terminal (tmux at 120×40): what an on-call engineer sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { hasTmux, tableRows, Terminal } from './tmux.js';

test('kevtui --demo in tmux: table, filter, detail, object jump, help, quit', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  // A line of the shell's own first, so we can see the terminal is given back as it was.
  const t = Terminal.start(`printf 'BEFORE-KEVTUI\\n'; node ${CLI} --demo --seed 11; printf 'AFTER-KEVTUI exit=%s\\n' $?; sleep 30`, { cwd: ROOT });
  try {
    const table = await t.until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 20);
    const lines = table.split('\n');
    assert.ok(lines.every((l) => l.length <= 120), 'no line wider than the terminal');
    assert.match(lines[2]!, /LAST.*OBJECT.*REASON.*COUNT.*MESSAGE/);
    const total = Number(/(\d[\d,]*) groups/.exec(table)![1]!.replace(/,/g, ''));

    t.keys('/');
    t.type('reason:backoff');
    const filtered = await t.until('the filter to narrow the table', (s) => /\d+ of [\d,]+ match/.test(s));
    const matched = Number(/(\d+) of [\d,]+ match/.exec(filtered)![1]);
    assert.ok(matched > 0 && matched < total, `filter narrowed ${total} groups to ${matched}`);
    const rows = tableRows(filtered);
    assert.ok(rows.length > 0 && rows.every((l) => /BackOff/.test(l)), rows.join('\n'));

    t.keys('Enter');
    t.keys('Enter');
    const detail = await t.until('the detail view', (s) => /Reason +BackOff/.test(s) && /Message/.test(s));
    assert.match(detail, /Object +Pod\//);
    assert.match(detail, /Component +kubelet/);

    t.keys('o');
    const object = await t.until("the object's events", (s) => /events › Pod\//.test(s) && /\[\d+ groups?\]/.test(s));
    const objectName = /events › (Pod\/\S+)/.exec(object)![1]!;
    const objectRows = tableRows(object);
    assert.ok(objectRows.length > 0 && objectRows.every((l) => l.includes(objectName.slice(0, 20))), objectRows.join('\n'));

    t.keys('Escape');
    await t.until('back to the table', (s) => !/events › /.test(s));
    t.keys('?');
    await t.until('the help overlay', (s) => /Keys/.test(s) && /filter/.test(s) && /owner chain/.test(s));
    t.keys('Escape');
    t.keys('q');
    const after = await t.until('kevtui to exit', (s) => /AFTER-KEVTUI exit=0/.test(s));
    // The alternate screen is gone: the shell's own lines are back, none of kevtui's frames.
    assert.match(after, /BEFORE-KEVTUI/);
    assert.doesNotMatch(after, /LAST.*OBJECT.*REASON/);
  } finally {
    t.close();
  }
});
