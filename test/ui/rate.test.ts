import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateMeter, sparkline } from '../../src/ui/rate.js';
import type { Totals } from '../../src/store/aggregate.js';

const totals = (events: number, evicted = 0): Totals => ({
  groups: 0, events, warningGroups: 0, warningEvents: 0, expiredGroups: 0, liveEvents: 0, evicted, evictedEvents: 0, bytes: 0, untracked: 0, droppedOld: 0,
});

test('rate: arrivals per bucket, the initial list is not a rate, evictions count', () => {
  const m = new RateMeter(1000, 4);
  m.sample(totals(5000), 0, false); // initial list
  m.sample(totals(5010), 500);
  m.sample(totals(5030), 1500);
  m.sample(totals(5030, 7), 2500);
  assert.deepEqual(m.values(2500), [0, 10, 20, 7]);
  assert.equal(m.perSecond(2500), (20 + 7) / 1.5);
  assert.deepEqual(m.values(10_000), [0, 0, 0, 0]);
});

test('sparkline: scaled to the maximum, flat when idle', () => {
  assert.equal(sparkline([0, 0, 0]), '▁▁▁');
  assert.equal(sparkline([0, 1, 8]), ' ▁█');
  assert.equal(sparkline([4, 8]).length, 2);
});
