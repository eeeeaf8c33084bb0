// The crash log lives in the XDG state directory, keeps one older generation and never grows past its cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendCrashEntry, crashLogPath } from '../../src/run/crash-log.js';

test('crash log: under $XDG_STATE_HOME/kevtui, else ~/.local/state/kevtui', () => {
  assert.equal(crashLogPath({ XDG_STATE_HOME: '/s', HOME: '/h' }), '/s/kevtui/crash.log');
  assert.equal(crashLogPath({ HOME: '/h' }), '/h/.local/state/kevtui/crash.log');
  // The XDG spec: a relative path is invalid and ignored.
  assert.equal(crashLogPath({ XDG_STATE_HOME: 'rel', HOME: '/h' }), '/h/.local/state/kevtui/crash.log');
});

test('crash log: capped and rotated to one .1 backup', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'kevtui-crash-')), 'state', 'kevtui', 'crash.log');
  const max = 10_000;
  for (let i = 0; i < 200; i++) appendCrashEntry(path, `Error: number ${i}\n${'    at frame\n'.repeat(20)}`, new Date(0), max);
  assert.ok(statSync(path).size <= max, `log ${statSync(path).size} bytes`);
  assert.ok(statSync(`${path}.1`).size <= max);
  assert.ok(!existsSync(`${path}.2`));
  assert.match(readFileSync(path, 'utf8'), /number 199/, 'the newest entry is kept');
  // A single entry is bounded too, whatever the error drags in.
  appendCrashEntry(path, 'x'.repeat(5_000_000), new Date(0));
  assert.ok(statSync(path).size < 100_000);
  assert.match(readFileSync(path, 'utf8'), /more characters\)/);
});
