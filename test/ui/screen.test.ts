// The terminal is restored on every way out, exactly once, before anything is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { ENTER_SEQUENCE, LEAVE_SEQUENCE, Screen, guardExit, signalExitCode, type ExitReason } from '../../src/ui/screen.js';

function fakes() {
  const out: string[] = [];
  const raw: boolean[] = [];
  const screen = new Screen({ write: (s: string) => out.push(s) }, { isTTY: true, setRawMode: (r: boolean) => raw.push(r) });
  const proc = new EventEmitter();
  return { out, raw, screen, proc };
}

test('screen: enter and leave write the sequences once each', () => {
  const { out, raw, screen } = fakes();
  screen.enter();
  screen.enter();
  assert.deepEqual(out, [ENTER_SEQUENCE]);
  assert.ok(ENTER_SEQUENCE.includes('\x1b[?1049h') && ENTER_SEQUENCE.includes('\x1b[?25l'));
  screen.leave();
  screen.leave();
  assert.deepEqual(out, [ENTER_SEQUENCE, LEAVE_SEQUENCE]);
  assert.ok(LEAVE_SEQUENCE.includes('\x1b[?1049l') && LEAVE_SEQUENCE.includes('\x1b[?25h'));
  assert.deepEqual(raw, [false]);
});

for (const event of ['SIGTERM', 'SIGHUP', 'SIGINT', 'uncaughtException', 'unhandledRejection'] as const) {
  test(`screen: ${event} restores the screen, and the handler can print after leaving`, () => {
    const { out, screen, proc } = fakes();
    screen.enter();
    const reasons: ExitReason[] = [];
    const off = guardExit(screen, (r) => {
      reasons.push(r);
      screen.leave();
      out.push('kevtui: printed after leaving');
    }, proc);
    proc.emit(event, new Error('boom'));
    assert.deepEqual(out, [ENTER_SEQUENCE, LEAVE_SEQUENCE, 'kevtui: printed after leaving']);
    assert.equal(reasons.length, 1);
    off();
    assert.equal(proc.listenerCount(event), 0);
  });
}

test('screen: restored even when the exit handler throws or forgets', () => {
  const { out, screen, proc } = fakes();
  screen.enter();
  guardExit(screen, () => {
    throw new Error('handler bug');
  }, proc);
  assert.throws(() => proc.emit('SIGTERM'));
  assert.deepEqual(out, [ENTER_SEQUENCE, LEAVE_SEQUENCE]);
  const b = fakes();
  b.screen.enter();
  guardExit(b.screen, () => {}, b.proc);
  b.proc.emit('exit');
  assert.deepEqual(b.out, [ENTER_SEQUENCE, LEAVE_SEQUENCE]);
});

test('screen: signal exit codes are 128+n', () => {
  assert.equal(signalExitCode('SIGINT'), 130);
  assert.equal(signalExitCode('SIGTERM'), 143);
  assert.equal(signalExitCode('SIGHUP'), 129);
});

test('screen: a failure loop on the way out is handled once (one report, one restore)', () => {
  const { out, screen, proc } = fakes();
  screen.enter();
  const reasons: ExitReason[] = [];
  guardExit(screen, (r) => {
    reasons.push(r);
    screen.leave();
  }, proc);
  for (let i = 0; i < 100; i++) proc.emit('uncaughtException', new Error('write EIO'));
  proc.emit('SIGHUP');
  proc.emit('unhandledRejection', new Error('again'));
  assert.equal(reasons.length, 1);
  assert.deepEqual(out, [ENTER_SEQUENCE, LEAVE_SEQUENCE]);
});
