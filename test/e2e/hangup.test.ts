// The terminal goes away under a running kevtui (an SSH session drops, a tmux pane is killed):
// it must end quietly with 129 — no crash log, no abort, no loop of failing writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt, ROOT, waitFor } from './cli.js';
import { hasTmux, tableRows, Terminal } from './tmux.js';

/** Crash logs under `dir`, wherever in it they went (the demo's kubeconfig is no concern here). */
function crashLogs(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /crash/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function setup() {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-hangup-'));
  // The crash log's home, and the temp directory where it used to go: both must stay empty.
  const state = join(dir, 'state');
  const tmp = join(dir, 'tmp');
  mkdirSync(state);
  mkdirSync(tmp);
  const env = `XDG_STATE_HOME='${state}' TMPDIR='${tmp}'`;
  return { dir, state, tmp, env, result: join(dir, 'result') };
}

async function hangUp(t: Terminal, result: string): Promise<string> {
  await t.until('the table to fill', (s) => /watching/.test(s) && tableRows(s).length >= 10);
  t.close(); // tmux kill-session: the pty's master closes, as when sshd loses the client
  await waitFor(() => existsSync(result) && readFileSync(result, 'utf8').endsWith('\n'), 15_000, 'kevtui to exit after the hangup');
  return readFileSync(result, 'utf8').trim();
}

test('hangup without SIGHUP (pane killed under a shell): exit 129, no crash log, no abort', { skip: !hasTmux && 'tmux not installed', timeout: 60_000 }, async () => {
  const { state, tmp, env, result } = setup();
  // The pane's shell gets the SIGHUP and ignores it only to report kevtui's exit status; kevtui
  // itself sees what it sees under `sh -c "kevtui; sleep 60"`: writes fail with EIO, stdin ends.
  const t = Terminal.start(`trap '' HUP; ${env} node ${CLI} --demo --seed 11; echo $? > ${result}.tmp; mv ${result}.tmp ${result}; echo >> ${result}`, { cwd: ROOT });
  try {
    const status = await hangUp(t, result);
    assert.equal(status, '129', 'the exit status of a hangup (134 would be SIGABRT)');
    assert.deepEqual([...crashLogs(state), ...crashLogs(tmp)], [], 'no crash log written');
  } finally {
    t.close();
  }
});

test('hangup with SIGHUP (passed on by an interactive shell): exit 129, no crash log, no abort', { skip: !hasTmux && 'tmux not installed', timeout: 60_000 }, async () => {
  const { dir, state, tmp, env, result } = setup();
  // What bash does for its jobs when the terminal hangs up: pass SIGHUP on, then wait.
  const shell = join(dir, 'shell.mjs');
  writeFileSync(
    shell,
    `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn(process.execPath, [${JSON.stringify(CLI)}, '--demo', '--seed', '11'], { stdio: 'inherit' });
process.on('SIGHUP', () => child.kill('SIGHUP'));
child.on('exit', (code, signal) => writeFileSync(${JSON.stringify(result)}, (signal ?? String(code)) + '\\n'));
`,
  );
  const t = Terminal.start(`exec env ${env} node ${shell}`, { cwd: ROOT });
  try {
    const status = await hangUp(t, result);
    assert.equal(status, '129', 'the exit status of a hangup (SIGABRT would be an abort)');
    assert.deepEqual([...crashLogs(state), ...crashLogs(tmp)], [], 'no crash log written');
  } finally {
    t.close();
  }
});
