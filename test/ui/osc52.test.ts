import { test } from 'node:test';
import assert from 'node:assert/strict';
import { osc52, osc52Env } from '../../src/ui/osc52.js';

test('osc52: base64 payload in ESC ] 52 ; c ; … BEL', () => {
  const r = osc52('Back-off restarting 服务 🚨');
  assert.ok(r.ok);
  const m = /^\x1b\]52;c;([A-Za-z0-9+/=]+)\x07$/.exec(r.sequence);
  assert.ok(m);
  assert.equal(Buffer.from(m[1]!, 'base64').toString('utf8'), 'Back-off restarting 服务 🚨');
  assert.equal(r.bytes, Buffer.byteLength('Back-off restarting 服务 🚨'));
});

test('osc52: tmux passthrough doubles ESC inside DCS tmux; … ST', () => {
  const r = osc52('hi', { tmux: true });
  assert.ok(r.ok);
  assert.equal(r.sequence, `\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\`);
});

test('osc52: screen passthrough in chunks of at most 76 bytes', () => {
  const r = osc52('x'.repeat(300), { screen: true });
  assert.ok(r.ok);
  const chunks = r.sequence.split('\x1b\\').filter(Boolean);
  assert.ok(chunks.length > 1);
  for (const c of chunks) {
    assert.ok(c.startsWith('\x1bP'));
    assert.ok(c.length - 2 <= 76);
  }
  assert.equal(chunks.map((c) => c.slice(2)).join(''), osc52('x'.repeat(300)).ok ? (osc52('x'.repeat(300)) as { sequence: string }).sequence : '');
});

test('osc52: refuses payloads larger than the limit', () => {
  const r = osc52('x'.repeat(1000), { maxEncoded: 100 });
  assert.equal(r.ok, false);
});

test('osc52: environment picks tmux over screen', () => {
  assert.deepEqual(osc52Env({ TMUX: '/tmp/tmux-1000/default,1,0', TERM: 'screen-256color' }), { tmux: true, screen: false });
  assert.deepEqual(osc52Env({ TERM: 'screen' }), { tmux: false, screen: true });
  assert.deepEqual(osc52Env({ TERM: 'xterm-256color' }), { tmux: false, screen: false });
});
