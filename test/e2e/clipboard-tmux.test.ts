// `c` under a real tmux: the copy must arrive as a tmux buffer (what `set-clipboard on` makes of
// an OSC 52, and what it forwards to the terminal outside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { hasTmux, tableRows, Terminal } from './tmux.js';

const KEVTUI = `node ${CLI} --demo --seed 7`;

function tmux(args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** The selected row's whole message, from the preview under the table (wrapped, indented by 2). */
function previewMessage(screen: string): string {
  const lines = screen.trimEnd().split('\n');
  const head = lines.findIndex((l) => / · (Warning|Normal)/.test(l) && !/^[ >][ +*] /.test(l));
  assert.ok(head > 0, screen);
  return lines.slice(head + 1, -1).map((l) => l.trim()).filter((l) => l !== '').join(' ');
}

/** Waits for the demo's table, pauses it (the selected row stays put), and returns the screen. */
async function pausedTable(keys: (...k: string[]) => void, until: Terminal['until']): Promise<string> {
  await until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 20);
  keys('Space');
  return until('the table to pause', (s) => /PAUSED/.test(s));
}

async function buffers(args: (...a: string[]) => string[], want: string): Promise<string> {
  const end = Date.now() + 10_000;
  for (;;) {
    const list = tmux(args('list-buffers', '-F', '#{buffer_name}'));
    if (list.trim() !== '') return tmux(args('show-buffer'));
    if (Date.now() > end) assert.fail(`no tmux buffer after copying ${JSON.stringify(want)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

test('c in tmux with set-clipboard on: plain OSC 52 becomes a tmux buffer', { skip: !hasTmux && 'tmux not installed', timeout: 90_000 }, async () => {
  ensureBuilt();
  const t = Terminal.start('sh', { cwd: ROOT });
  try {
    tmux(t.tmuxArgs('set-option', '-g', 'set-clipboard', 'on'));
    t.type(KEVTUI);
    t.keys('Enter');
    const screen = await pausedTable((...k) => t.keys(...k), t.until.bind(t));
    const message = previewMessage(screen);
    t.keys('c');
    const said = await t.until('the copy to be reported', (s) => /copied message/.test(s));
    assert.match(said, /copied message \(\d+ bytes\) via OSC 52 /);
    assert.equal((await buffers(t.tmuxArgs.bind(t), message)).replace(/\s+/g, ' '), message);
  } finally {
    t.close();
  }
});

test('c in tmux with set-clipboard off and allow-passthrough on: DCS passthrough reaches the terminal outside', { skip: !hasTmux && 'tmux not installed', timeout: 90_000 }, async () => {
  ensureBuilt();
  // The terminal outside is itself a tmux (set-clipboard on), so what passes through shows as its buffer.
  const outer = Terminal.start('sh', { cwd: ROOT });
  const inner = `${outer.session}-inner`;
  const innerArgs = (...a: string[]) => ['-L', inner, '-f', '/dev/null', ...a];
  try {
    tmux(outer.tmuxArgs('set-option', '-g', 'set-clipboard', 'on'));
    outer.type(`TMUX= tmux -L ${inner} -f /dev/null new-session -s inner sh`);
    outer.keys('Enter');
    await outer.until('the inner tmux', () => spawnSync('tmux', innerArgs('has-session', '-t', 'inner')).status === 0);
    tmux(innerArgs('set-option', '-g', 'set-clipboard', 'off'));
    tmux(innerArgs('set-option', '-g', 'allow-passthrough', 'on'));
    tmux(innerArgs('send-keys', '-t', 'inner', '-l', KEVTUI));
    tmux(innerArgs('send-keys', '-t', 'inner', 'Enter'));
    const innerScreen = () => tmux(innerArgs('capture-pane', '-p', '-t', 'inner'));
    const until: Terminal['until'] = async (what, cond, timeoutMs = 20_000) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const s = innerScreen();
        if (cond(s)) return s;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    const screen = await pausedTable((...k) => tmux(innerArgs('send-keys', '-t', 'inner', ...k)), until);
    const message = previewMessage(screen);
    tmux(innerArgs('send-keys', '-t', 'inner', 'c'));
    const said = await until('the copy to be reported', (s) => /copied message/.test(s));
    assert.match(said, /copied message \(\d+ bytes\) via OSC 52 \(tmux passthrough\)/);
    assert.equal((await buffers(outer.tmuxArgs.bind(outer), message)).replace(/\s+/g, ' '), message);
    // The inner tmux kept nothing: the copy went through it, not into it.
    assert.equal(tmux(innerArgs('list-buffers')).trim(), '');
  } finally {
    spawnSync('tmux', innerArgs('kill-server'));
    outer.close();
  }
});
