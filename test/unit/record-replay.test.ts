// The pieces of --record and kevtui replay: the writer (gzip members readable while written,
// rotation, errors), the readers (each format; a truncated gzip), the replay clock (driven by a
// hand-turned wall clock), `:at`/`:speed` and the header's replay clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SourceChange } from '../../src/kube/types.js';
import { Recorder, type RecordLine } from '../../src/record/writer.js';
import { ReplayClock } from '../../src/replay/clock.js';
import { mergeRecordings, parseRecording, readRecording, RecordingError, type ReplayRecord } from '../../src/replay/read.js';
import { atTime, parseCommand } from '../../src/ui/commands.js';
import { noConfig } from '../../src/config/load.js';
import { parseOptions, UsageError } from '../../src/options.js';
import { replayText } from '../../src/ui/components/Header.js';

const T0 = Date.UTC(2026, 0, 1, 14, 0, 0);

function coreEvent(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const at = new Date(T0 + i * 1000).toISOString();
  return {
    metadata: { name: `e${i}`, namespace: 'ns', uid: `u${i}` },
    involvedObject: { kind: 'Pod', namespace: 'ns', name: `p${i}` },
    reason: 'Pulled', message: `m${i}`, type: 'Normal', source: { component: 'kubelet' }, lastTimestamp: at, firstTimestamp: at, count: 1,
    ...extra,
  };
}
const line = (i: number): RecordLine => ({ t: T0 + i * 1000, cluster: 'c', type: 'ADDED', api: 'core', object: coreEvent(i) });
const uids = (rs: readonly ReplayRecord[]) => rs.map((r) => (r.change.kind === 'synced' ? 'synced' : r.change.event.uid));

test('writer: gzip members are readable while the file is still open; close flushes the rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-rec-'));
  try {
    const file = join(dir, 'r.ndjson.gz');
    const r = new Recorder(file).retain();
    r.write([line(0), line(1)]);
    r.flush();
    r.write([line(2)]);
    // Open and written once: both gunzip and zcat read it.
    assert.equal(gunzipSync(readFileSync(file)).toString().trim().split('\n').length, 2);
    const zcat = spawnSync('zcat', [file], { encoding: 'utf8' });
    if (zcat.status === 0) assert.equal(zcat.stdout.trim().split('\n').length, 2);
    r.release();
    assert.deepEqual(uids(readRecording(file).records), ['u0', 'u1', 'u2']);
    // Appends to an existing recording.
    const more = new Recorder(file).retain();
    more.write([line(3)]);
    more.release();
    assert.deepEqual(uids(readRecording(file).records), ['u0', 'u1', 'u2', 'u3']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writer: --record-max rotates FILE → FILE.1 → FILE.2; the files replay as one timeline in any order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-rec-'));
  try {
    const file = join(dir, 'r.ndjson');
    const r = new Recorder(file, { maxBytes: 1500 }).retain();
    for (let i = 0; i < 12; i++) {
      r.write([line(i)]);
      r.flush();
    }
    r.release();
    const names = readdirSync(dir).sort();
    assert.ok(names.length >= 3, names.join(' '));
    for (const n of names) assert.ok(readFileSync(join(dir, n)).length <= 1500 || n === 'r.ndjson');
    const shuffled = [...names].reverse().map((n) => readRecording(join(dir, n)));
    assert.deepEqual(uids(mergeRecordings(shuffled)), Array.from({ length: 12 }, (_, i) => `u${i}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writer: an unwritable path is one line, and writing goes on quietly', () => {
  const problems: string[] = [];
  const r = new Recorder('/nonexistent-dir/r.ndjson', { onProblem: (l) => problems.push(l) }).retain();
  r.write([line(0)]);
  r.release();
  assert.deepEqual(problems, ['recording to /nonexistent-dir/r.ndjson stopped: no such directory']);
  assert.equal(r.active, false);
});

test('reader: a gzip recording cut mid-member keeps the members before it', () => {
  const text = (i: number) => JSON.stringify(line(i)) + '\n';
  const whole = Buffer.concat([gzipSync(text(0)), gzipSync(text(1)), gzipSync(text(2) + text(3)).subarray(0, 30)]);
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-rec-'));
  try {
    writeFileSync(join(dir, 'cut.gz'), whole);
    assert.deepEqual(uids(readRecording(join(dir, 'cut.gz')).records).slice(0, 2), ['u0', 'u1']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reader: kevtui lines keep their order and SYNCED sets; deletes are deletes', () => {
  const rec = parseRecording(
    [line(1), { t: T0, cluster: 'c', type: 'DELETED', api: 'core', object: coreEvent(1) }, { t: T0 + 5, cluster: 'c', type: 'SYNCED', namespace: '', seen: ['u1'] }]
      .map((l) => JSON.stringify(l)).join('\n') + '\nnot json\n',
  );
  assert.equal(rec.format, 'kevtui');
  assert.equal(rec.skipped, 1);
  assert.deepEqual(rec.records.map((r) => r.change.kind), ['upsert', 'delete', 'synced']);
  // A wall clock that stepped back does not reorder what was received in order.
  assert.deepEqual(rec.records.map((r) => r.t), [T0 + 1000, T0 + 1000, T0 + 1000]);
  const s = rec.records[2]!.change as Extract<SourceChange, { kind: 'synced' }>;
  assert.deepEqual([...s.seen], ['u1']);
});

test('reader: an events.k8s.io/v1 list whose items name no apiVersion (the raw API answer) reads as that group', () => {
  const item = { metadata: { name: 'x', namespace: 'ns', uid: 'x1' }, regarding: { kind: 'Pod', name: 'p' }, reason: 'R', note: 'the note', type: 'Warning', eventTime: new Date(T0).toISOString() };
  const rec = parseRecording(JSON.stringify({ kind: 'EventList', apiVersion: 'events.k8s.io/v1', items: [item] }, null, 2));
  assert.equal(rec.format, 'event list');
  const c = rec.records[0]!.change as Extract<SourceChange, { kind: 'upsert' }>;
  assert.equal(c.event.apiGroup, 'events');
  assert.equal(c.event.message, 'the note');
  assert.equal(rec.records[0]!.t, T0);
});

test('reader: exporter lines in their envelopes, sorted by when they happened; junk is counted', () => {
  const lines = [
    JSON.stringify({ ...coreEvent(3), clusterName: 'prod' }),
    JSON.stringify({ _index: 'k', _source: coreEvent(1) }),
    JSON.stringify({ labels: {}, line: JSON.stringify(coreEvent(2)) }),
    `2026-01-01T14:00:00Z {app="x"} ${JSON.stringify(coreEvent(0))}`,
    JSON.stringify({ hello: 'world' }),
  ].join('\n');
  const rec = parseRecording(lines);
  assert.equal(rec.format, 'event lines');
  assert.deepEqual(uids(rec.records), ['u0', 'u1', 'u2', 'u3']);
  assert.equal(rec.records[3]!.cluster, 'prod');
  assert.equal(rec.skipped, 1);
});

test('reader: what is not a recording is one line', () => {
  assert.throws(() => parseRecording(''), RecordingError);
  assert.throws(() => parseRecording('{"a":1}\n{"b":2}\n'), /neither a kevtui recording/);
  assert.throws(() => parseRecording('{"items":[{"a":1}]}'), /none of its 1 items is an event/);
});

/** A clock over records at T0+0s…T0+9s, with a hand-turned wall clock and timer. */
function handClock(speed = 1) {
  let wall = 1_000_000;
  let timer: (() => void) | undefined;
  const applied: string[] = [];
  let resets = 0;
  const records: ReplayRecord[] = parseRecording(Array.from({ length: 10 }, (_, i) => JSON.stringify(line(i))).join('\n')).records;
  const clock = new ReplayClock(records, { apply: (cs) => cs.forEach((c) => applied.push(c.kind === 'synced' ? 's' : c.event.uid)), reset: () => { resets++; applied.length = 0; } }, speed, {
    wall: () => wall,
    setTimer: (fn) => (timer = fn),
    clearTimer: () => (timer = undefined),
  });
  const advance = (ms: number) => {
    wall += ms;
    const fn = timer;
    timer = undefined;
    fn?.();
  };
  return { clock, applied, advance, resets: () => resets };
}

test('clock: plays at its speed, pauses, seeks forward and back (rebuilding), stays paused at the end', () => {
  const h = handClock();
  assert.deepEqual(h.applied, ['u0']); // the first moment is there at once
  h.clock.play();
  h.advance(2000);
  assert.equal(h.clock.now(), T0 + 2000);
  assert.deepEqual(h.applied, ['u0', 'u1', 'u2']);
  h.clock.faster();
  assert.equal(h.clock.speed, 2);
  h.advance(2000);
  assert.equal(h.clock.now(), T0 + 6000);
  assert.equal(h.applied.length, 7);
  h.clock.pause();
  h.advance(5000);
  assert.equal(h.clock.now(), T0 + 6000, 'paused, the clock stands still');
  h.clock.seek(T0 + 3000);
  assert.equal(h.resets(), 1);
  assert.deepEqual(h.applied, ['u0', 'u1', 'u2', 'u3']);
  h.clock.seek(T0 + 8500);
  assert.equal(h.resets(), 1, 'forward needs no rebuild');
  assert.equal(h.applied.length, 9);
  h.clock.play();
  h.advance(1000);
  assert.equal(h.clock.ended, true);
  assert.equal(h.clock.playing, false);
  assert.equal(h.clock.now(), T0 + 9000);
  assert.equal(h.applied.length, 10);
  // Play at the end starts over.
  h.clock.play();
  assert.deepEqual(h.applied, ['u0']);
  h.clock.slower();
  h.clock.slower();
  h.clock.setSpeed(1e9);
  assert.equal(h.clock.speed, 1024);
});

test('clock: runToEnd applies everything at once (--once)', () => {
  const h = handClock();
  h.clock.runToEnd();
  assert.equal(h.applied.length, 10);
  assert.equal(h.clock.ended, true);
});

test(':at and :speed parse; atTime resolves against the replay clock', () => {
  const now = new Date(2026, 0, 1, 14, 5, 0).getTime(); // local time, as the header shows it
  const at = (s: string) => {
    const c = parseCommand(`at ${s}`);
    assert.ok(!('error' in c) && c.kind === 'at', s);
    return atTime(c.at, now, 1, 2);
  };
  assert.equal(at('start'), 1);
  assert.equal(at('end'), 2);
  assert.equal(at('-10m'), now - 600_000);
  assert.equal(at('+30s'), now + 30_000);
  assert.equal(at('14:07'), now + 120_000);
  assert.equal(at('13:05:30'), now - 3_570_000);
  assert.equal(at('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
  assert.match((parseCommand('at 25:00') as { error: string }).error, /usage: :at/);
  assert.deepEqual(parseCommand('speed 4'), { kind: 'speed', speed: 4 });
  assert.deepEqual(parseCommand('speed x0.5'), { kind: 'speed', speed: 0.5 });
  assert.match((parseCommand('speed 0') as { error: string }).error, /usage: :speed/);
});

test('header: the replay clock, its speed and whether it plays', () => {
  const t = new Date(2026, 0, 1, 14, 5, 12).getTime();
  assert.equal(replayText({ now: t, speed: 4, playing: true, ended: false }).text, 'replay 14:05:12 ×4 ▶');
  assert.equal(replayText({ now: t, speed: 0.25, playing: false, ended: false }).text, 'replay 14:05:12 ×1/4 ⏸');
  assert.equal(replayText({ now: t, speed: 1, playing: false, ended: true }).text, 'replay 14:05:12 ×1 ⏸ end');
});

test('options: replay FILE…, --speed, --record and --record-max, and what does not go together', () => {
  const parse = (...a: string[]) => parseOptions(a, true, () => noConfig());
  assert.deepEqual(parse('replay', 'a.ndjson', 'b.json.gz', '--speed', '4', '--once', '-o', 'json').replay, { files: ['a.ndjson', 'b.json.gz'], speed: 4 });
  assert.equal(parse('replay', 'a').mode, 'tui');
  const rec = parse('--record', 'r.ndjson.gz', '--record-max', '100M');
  assert.deepEqual([rec.record, rec.recordMax], ['r.ndjson.gz', 100e6]);
  for (const [args, msg] of [
    [['replay'], /usage: kevtui replay FILE/],
    [['--record-max', '1M'], /--record-max works with --record/],
    [['--speed', '2'], /--speed works with kevtui replay/],
    [['replay', 'a', '--speed', '0'], /--speed wants a number from/],
    [['replay', 'a', '--record', 'b'], /--record is for a live cluster, not a replay/],
    [['replay', 'a', '--demo'], /--demo is for a live cluster/],
    [['a.ndjson'], /unexpected argument "a.ndjson" \(the commands are replay,/],
  ] as const) assert.throws(() => parse(...args), (e: unknown) => e instanceof UsageError && msg.test(e.message), args.join(' '));
});

test('replay: a recording of two clusters keeps their groups apart, even where their uids are the same', async () => {
  const { openReplay } = await import('../../src/replay/session.js');
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-rec-'));
  try {
    const file = join(dir, 'two.ndjson');
    const lines: RecordLine[] = [
      { ...line(1), cluster: 'eu' },
      { ...line(1), cluster: 'us' },
      { ...line(2), cluster: 'us' },
      // eu's relist saw only u1: us's u2 (the same uid space) must not be touched by it.
      { t: T0 + 5000, cluster: 'eu', type: 'SYNCED', namespace: '', seen: ['u1'] },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const opts = parseOptions(['replay', file, '--once'], false, () => noConfig());
    const s = await openReplay(opts);
    await s.listOnce();
    const groups = [...s.store.groups()].map((g) => `${g.cluster}/${g.object.name}/${g.count}/${g.expired ? 'expired' : 'live'}`).sort();
    assert.deepEqual(groups, ['eu/p1/1/live', 'us/p1/1/live', 'us/p2/1/live']);
    await s.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
