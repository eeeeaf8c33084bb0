// `kevtui replay` in a real terminal: the header's replay clock, + and - for the speed, p to
// pause, :at to jump (back: the store is rebuilt from the start), :speed, and the view staying,
// paused, at the end of the recording. The recording is a minute of one event a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { hasTmux, Terminal } from './tmux.js';

const T0 = Date.UTC(2026, 0, 1, 14, 5, 0);

function recording(): string {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const at = new Date(T0 + i * 1000).toISOString().replace('.000', '');
    const object = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `web-${i}.1`, namespace: 'shop', uid: `uid-${i}`, resourceVersion: String(100 + i) },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: `web-${i}`, apiVersion: 'v1' },
      reason: i % 3 === 0 ? 'BackOff' : 'Pulled', message: `step ${i}`, type: i % 3 === 0 ? 'Warning' : 'Normal',
      source: { component: 'kubelet' }, firstTimestamp: at, lastTimestamp: at, count: 1,
    };
    lines.push(JSON.stringify({ t: T0 + i * 1000, cluster: 'prod', type: 'ADDED', api: 'core', object }));
  }
  return lines.join('\n') + '\n';
}

const groups = (s: string) => Number(/(\d+) groups/.exec(s)?.[1] ?? NaN);

test('kevtui replay in tmux: the clock, + - p, :at and :speed, paused at the end', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-replay-tmux-'));
  const file = join(dir, 'minute.ndjson');
  writeFileSync(file, recording());
  const t = Terminal.start(`TZ=UTC node ${CLI} replay ${file}`, { cwd: ROOT });
  try {
    const first = await t.until('the replay clock', (s) => /replay 14:05:\d\d ×1 ▶/.test(s));
    assert.match(first, /kevtui prod/);
    t.keys('+');
    await t.until('×2', (s) => /replay 14:05:\d\d ×2 ▶/.test(s));
    t.keys('-', '-');
    await t.until('×1/2', (s) => /replay 14:05:\d\d ×1\/2 ▶/.test(s));
    t.keys('p');
    const paused = await t.until('paused', (s) => /replay 14:05:\d\d ×1\/2 ⏸/.test(s));
    // Paused, the clock stands still.
    const at = /replay (14:05:\d\d)/.exec(paused)![1];
    await new Promise((r) => setTimeout(r, 1500));
    assert.match(t.screen(), new RegExp(`replay ${at} `));

    t.type(':at 14:05:30');
    t.keys('Enter');
    const mid = await t.until(':at 14:05:30', (s) => /replay 14:05:30 ×1\/2 ⏸/.test(s) && groups(s) === 31);
    assert.match(mid, /step 30/);
    // Back in time: the store is rebuilt from the start.
    t.type(':at -20s');
    t.keys('Enter');
    const back = await t.until(':at -20s', (s) => /replay 14:05:10 /.test(s) && groups(s) === 11);
    assert.doesNotMatch(back, /step 30/);

    t.type(':speed 1024');
    t.keys('Enter');
    t.keys('p');
    const end = await t.until('the end of the recording', (s) => /replay 14:05:59 ×1024 ⏸ end/.test(s) && groups(s) === 60);
    assert.match(end, /step 59/);
    t.type(':q');
    t.keys('Enter');
  } finally {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kevtui replay of an EventList in tmux: opens at its end, everything shown, paused; p plays it from the start', { skip: !hasTmux && 'tmux not installed', timeout: 60_000 }, async () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-replay-list-'));
  const file = join(dir, 'events.json');
  const items = recording().trim().split('\n').slice(0, 5).map((l) => (JSON.parse(l) as { object: unknown }).object);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2));
  const t = Terminal.start(`TZ=UTC node ${CLI} replay ${file}`, { cwd: ROOT });
  try {
    await t.until('the end, paused', (s) => /replay 14:05:04 ×1 ⏸ end/.test(s) && groups(s) === 5);
    t.keys('p');
    await t.until('played from the start', (s) => /replay 14:05:0\d ×1 ▶/.test(s) && groups(s) < 5);
  } finally {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
