// --record on the built CLI: a SIGTERM right after the first list (before the once-a-second
// flush) loses nothing, in --plain and in the full screen; a file that cannot be written (no such
// directory, a full disk) is one line while the output or the view goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CLI, ensureBuilt, ROOT, runCli, startCli, waitFor } from './cli.js';
import { hasTmux, tableRows, Terminal } from './tmux.js';

interface Line { type: string; seen?: string[] }
function lines(file: string): Line[] {
  let bytes = readFileSync(file);
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  return bytes.toString().trim().split('\n').map((l) => JSON.parse(l) as Line);
}

/** Every listed event is in the file: as many ADDED lines before the SYNCED as it names. */
function assertWholeList(file: string): number {
  const all = lines(file);
  const synced = all.findIndex((l) => l.type === 'SYNCED');
  assert.ok(synced > 0, `a SYNCED line in ${all.length} lines`);
  assert.equal(all.slice(0, synced).filter((l) => l.type === 'ADDED').length, all[synced]!.seen!.length);
  return all[synced]!.seen!.length;
}

test('--plain --record: SIGTERM right after the first list loses no line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-record-'));
  try {
    const file = join(dir, 'events.ndjson.gz');
    const run = startCli(['--demo', '--seed', '5', '--events', '400', '--rate', '0', '--plain', '-o', 'json', '--record', file]);
    await waitFor(() => /watching/.test(run.stderr()), 30_000, 'the first list');
    assert.equal(await run.stop(), 0, run.stderr());
    const n = assertWholeList(file);
    assert.ok(n >= 100, `${n} events listed`);
    assert.ok(run.stdout().length > 0, 'the groups were printed meanwhile');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('full screen --record: SIGTERM loses no line', { skip: !hasTmux && 'tmux not installed', timeout: 60_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-record-tui-'));
  const file = join(dir, 'events.ndjson');
  const t = Terminal.start(`exec node ${CLI} --demo --seed 5 --events 400 --rate 0 --record ${file}`, { cwd: ROOT });
  try {
    await t.until('the table', (s) => /watching/.test(s) && tableRows(s).length >= 10);
    const pid = execFileSync('tmux', t.tmuxArgs('list-panes', '-t', t.session, '-F', '#{pane_pid}'), { encoding: 'utf8' }).trim();
    process.kill(Number(pid), 'SIGTERM');
    await waitFor(() => existsSync(file) && readFileSync(file).length > 0 && (() => { try { process.kill(Number(pid), 0); return false; } catch { return true; } })(), 10_000, 'kevtui to exit');
    assert.ok(assertWholeList(file) >= 100);
  } finally {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--record into a missing directory or onto a full disk: one line, and the output goes on', async () => {
  for (const [file, why] of [['/nonexistent-dir/x.ndjson', 'no such directory'], ['/dev/full', 'the disk is full']] as const) {
    const r = await runCli(['--demo', '--events', '200', '--rate', '0', '--once', '--record', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `kevtui: recording to ${file} stopped: ${why}\n`);
    assert.ok(r.stdout.split('\n').length > 50, r.stdout);
  }
});

test('full screen --record onto a full disk: the message line says so, the view goes on', { skip: !hasTmux && 'tmux not installed', timeout: 60_000 }, async () => {
  ensureBuilt();
  const t = Terminal.start(`node ${CLI} --demo --seed 5 --record /dev/full`, { cwd: ROOT });
  try {
    const s = await t.until('the one line', (s) => /recording to \/dev\/full stopped: the disk is full/.test(s));
    assert.ok(tableRows(s).length >= 10, s);
    assert.match(s, /watching/);
    t.type(':q');
    t.keys('Enter');
  } finally {
    t.close();
  }
});

test('--record-max rotates FILE to FILE.1, FILE.2…; replaying them all (any order) gives the live groups', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-record-rot-'));
  try {
    const file = join(dir, 'events.ndjson');
    const live = await runCli(['--demo', '--seed', '5', '--events', '3000', '--rate', '0', '--once', '-o', 'json', '--record', file, '--record-max', '64Ki']);
    assert.equal(live.code, 0, live.stderr);
    const files = readdirSync(dir).map((n) => join(dir, n));
    assert.ok(files.length >= 3, files.join(' '));
    for (const f of files) assert.ok(statSync(f).size <= 64 * 1024 || f === file, `${f}: ${statSync(f).size} bytes`);
    const replayed = await runCli(['replay', ...files.sort(), '--once', '-o', 'json']);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.equal(replayed.stdout, live.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
