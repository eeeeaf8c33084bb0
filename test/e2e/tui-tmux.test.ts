// The built `kevtui --demo` in a real terminal (tmux at 120×40): what an on-call engineer sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { CLI, ensureBuilt, ROOT } from './cli.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `kevtui-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);

async function until(what: string, cond: (s: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (cond(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

test('kevtui --demo in tmux: table, filter, detail, object jump, help, quit', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  // A shell prompt line first, so we can see the terminal is given back as it was.
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', ROOT, `printf 'BEFORE-KEVTUI\\n'; node ${CLI} --demo --seed 11; printf 'AFTER-KEVTUI exit=%s\\n' $?; sleep 30`);
  try {
    const table = await until('the table to fill', (s) => /watching/.test(s) && (s.match(/^[ >][ +*] +\d+[smhd]/gm)?.length ?? 0) >= 20);
    const lines = table.split('\n');
    assert.ok(lines.every((l) => l.length <= 120), 'no line wider than the terminal');
    assert.match(lines[2]!, /LAST.*OBJECT.*REASON.*COUNT.*MESSAGE/);
    const total = Number(/(\d[\d,]*) groups/.exec(table)![1]!.replace(/,/g, ''));

    keys('/');
    keys('-l', 'reason:backoff');
    const filtered = await until('the filter to narrow the table', (s) => /\d+ of [\d,]+ match/.test(s));
    const matched = Number(/(\d+) of [\d,]+ match/.exec(filtered)![1]);
    assert.ok(matched > 0 && matched < total, `filter narrowed ${total} groups to ${matched}`);
    const rows = filtered.split('\n').filter((l) => /^[ >][ +*] +\d+[smhd] /.test(l));
    assert.ok(rows.length > 0 && rows.every((l) => /BackOff/.test(l)), rows.join('\n'));

    keys('Enter');
    keys('Enter');
    const detail = await until('the detail view', (s) => /Reason +BackOff/.test(s) && /Message/.test(s));
    assert.match(detail, /Object +Pod\//);
    assert.match(detail, /Component +kubelet/);

    keys('o');
    const object = await until("the object's events", (s) => /events › Pod\//.test(s) && /\[\d+ groups?\]/.test(s));
    const objectName = /events › (Pod\/\S+)/.exec(object)![1]!;
    const objectRows = object.split('\n').filter((l) => /^[ >][ +*] +\d+[smhd] /.test(l));
    assert.ok(objectRows.length > 0 && objectRows.every((l) => l.includes(objectName.slice(0, 20))), objectRows.join('\n'));

    keys('Escape');
    await until('back to the table', (s) => !/events › /.test(s));
    keys('?');
    await until('the help overlay', (s) => /Keys/.test(s) && /filter/.test(s) && /owner chain/.test(s));
    keys('Escape');
    keys('q');
    const after = await until('kevtui to exit', (s) => /AFTER-KEVTUI exit=0/.test(s));
    // The alternate screen is gone: the shell's own lines are back, none of kevtui's frames.
    assert.match(after, /BEFORE-KEVTUI/);
    assert.doesNotMatch(after, /LAST.*OBJECT.*REASON/);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
});
