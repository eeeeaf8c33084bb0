import { test } from 'node:test';
import assert from 'node:assert/strict';
import { osc52, osc52Env, SCREEN_CHUNK, type TmuxClipboard } from '../../src/ui/osc52.js';

const PLAIN = /^\x1b\]52;c;([A-Za-z0-9+/=]+)\x07$/;
const decode = (seq: string) => Buffer.from(/52;c;([A-Za-z0-9+/=]*)\x07/.exec(seq)![1]!, 'base64').toString('utf8');

test('osc52: base64 payload in ESC ] 52 ; c ; … BEL', () => {
  const r = osc52('Back-off restarting 服务 🚨');
  const m = PLAIN.exec(r.sequence);
  assert.ok(m);
  assert.equal(Buffer.from(m[1]!, 'base64').toString('utf8'), 'Back-off restarting 服务 🚨');
  assert.equal(r.bytes, Buffer.byteLength('Back-off restarting 服务 🚨'));
  assert.equal(r.report, `(${r.bytes} bytes) via OSC 52`);
});

test('osc52: tmux passthrough doubles ESC inside DCS tmux; … ST', () => {
  const r = osc52('hi', { tmux: true });
  assert.equal(r.sequence, `\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\`);
  assert.match(r.report, /tmux passthrough/);
});

test('osc52: screen passthrough in chunks under its 768-byte string limit that join to the plain sequence', () => {
  const text = 'x'.repeat(3000);
  const r = osc52(text, { screen: true });
  const chunks = r.sequence.split('\x1b\\').filter(Boolean);
  assert.ok(chunks.length > 1);
  for (const c of chunks) {
    assert.ok(c.startsWith('\x1bP'));
    assert.ok(c.length - 2 <= SCREEN_CHUNK && SCREEN_CHUNK < 768);
  }
  assert.equal(chunks.map((c) => c.slice(2)).join(''), osc52(text).sequence);
});

test('osc52: a text over the cap is cut between characters and the report says so', () => {
  const text = '服'.repeat(100); // 300 bytes
  const r = osc52(text, { maxBytes: 100 });
  assert.equal(r.bytes, 99);
  assert.equal(r.cappedFrom, 300);
  assert.equal(decode(r.sequence), '服'.repeat(33));
  assert.equal(r.report, '(first 99 of 300 bytes: capped at 100) via OSC 52');
  assert.equal(osc52('x'.repeat(200_000)).bytes, 100_000);
});

const TMUX = { TMUX: '/tmp/tmux-1000/default,1,0', TERM: 'screen-256color' };
const tmux = (setClipboard: string, allowPassthrough: string): TmuxClipboard => ({ setClipboard, allowPassthrough });

test('osc52Env: plain OSC 52 unless only passthrough can work', () => {
  // tmux: the answer of `tmux show-options` decides; before it (or without it), plain.
  const cases: Array<[TmuxClipboard | undefined, 'plain' | 'tmux' | 'warn']> = [
    [undefined, 'plain'],
    [tmux('on', 'off'), 'plain'],
    [tmux('on', 'on'), 'plain'],
    [tmux('external', 'on'), 'tmux'],
    [tmux('off', 'on'), 'tmux'],
    [tmux('off', 'all'), 'tmux'],
    [tmux('external', 'off'), 'warn'],
    [tmux('off', 'off'), 'warn'],
  ];
  for (const [t, want] of cases) {
    const o = osc52Env(TMUX, t);
    const got = o.tmux === true ? 'tmux' : o.warning !== undefined ? 'warn' : 'plain';
    assert.equal(got, want, JSON.stringify(t));
    assert.notEqual(o.screen, true, 'TERM=screen inside tmux is tmux');
    if (want === 'warn') assert.match(osc52('x', o).report, /via OSC 52 — but tmux drops it \(set-clipboard \w+\): set -g set-clipboard on/);
  }
  // GNU screen: $STY, or TERM=screen outside tmux.
  assert.deepEqual(osc52Env({ STY: '1234.pts-0.host', TERM: 'xterm' }), { screen: true });
  assert.deepEqual(osc52Env({ TERM: 'screen' }), { screen: true });
  // Anything else: plain.
  assert.deepEqual(osc52Env({ TERM: 'xterm-256color' }), {});
  assert.match(osc52('x', osc52Env({ TERM: 'xterm-256color' })).sequence, PLAIN);
});
