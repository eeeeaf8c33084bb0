// The --stats figures: lag from the event's own timestamp once synced, whole-second stamps left
// out, per-second windows that reset, frame time = render + write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveStats } from '../../src/session/stats.js';
import { parseOptions } from '../../src/options.js';
import type { SourceChange } from '../../src/kube/types.js';
import type { KubeEvent } from '../../src/model/event.js';

const upsert = (lastSeen: number): SourceChange => ({ kind: 'upsert', event: { lastSeen } as KubeEvent });

test('lag counts only watched events with a sub-second timestamp', () => {
  const s = new LiveStats(0);
  s.batch([upsert(1_000_123)], 1_005_000); // listed: history, not lag
  s.status('watching', 500);
  s.batch([upsert(2_000_100), upsert(2_000_200), upsert(3_000_000)], 2_000_300);
  const l = s.line(1000, 123, 7, 2);
  assert.equal(l.syncMs, 500);
  assert.equal(l.eventsPerSec, 4);
  assert.equal(l.lagP50, 100);
  assert.equal(l.lagP99, 200);
  assert.equal(l.lagSkipped, 1);
  assert.deepEqual([l.rssBytes, l.groups, l.evictions], [123, 7, 2]);
  const next = s.line(2000, 0, 0, 0);
  assert.equal(next.eventsPerSec, 0);
  assert.equal(next.lagP99, null);
  assert.equal(next.lagTotalP99, 200, 'the cumulative figures survive the window');
});

test('frame time adds the render before it; bytes and frames per second', () => {
  const s = new LiveStats(0);
  s.render({ renderTime: 3 });
  s.frame(1.5, 100);
  s.frame(0.2, 0); // nothing changed: not a frame written
  const l = s.line(500, 0, 0, 0);
  assert.equal(l.framesPerSec, 2);
  assert.equal(l.bytesPerSec, 200);
  assert.equal(l.frameP95, 4.5);
});

test('--stats takes a file, or alone means stderr', () => {
  assert.equal(parseOptions(['--stats', 'f.jsonl', '-A'], true).stats, 'f.jsonl');
  assert.equal(parseOptions(['--stats', '-A'], true).stats, '-');
  assert.equal(parseOptions(['-A', '--stats'], true).stats, '-');
  assert.equal(parseOptions(['-A'], true).stats, undefined);
});
