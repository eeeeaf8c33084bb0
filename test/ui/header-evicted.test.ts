// The header says what the caps dropped: groups and the events they had counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerLines } from '../../src/ui/components/Header.js';
import { createTheme, stripAnsi } from '../../src/ui/theme.js';
import type { Totals } from '../../src/store/aggregate.js';

const totals: Totals = { groups: 10, events: 20, warningGroups: 0, warningEvents: 0, expiredGroups: 0, liveEvents: 20, evicted: 1234, evictedEvents: 56789, bytes: 1, untracked: 0, droppedOld: 0 };
const line = (t: Totals) =>
  stripAnsi(headerLines({ context: 'ctx', cluster: 'ctx', namespaces: [], apiGroup: 'core', status: { state: 'watching' } as never, totals: t, spark: '', perSecond: 0, sortLabel: 'triage', following: true, newCount: 0, warningsOnly: false, width: 200, now: 0, theme: createTheme(false) })[1]);

test('header: evicted groups and their events; untracked uids when a group outgrew its cap', () => {
  assert.match(line(totals), /1,234 evicted \(56,789 events\)/);
  assert.doesNotMatch(line(totals), /untracked/);
  assert.match(line({ ...totals, untracked: 4000 }), /4,000 uids untracked/);
  assert.doesNotMatch(line({ ...totals, evicted: 0, evictedEvents: 0 }), /evicted/);
});

test('header: the rate stays on screen at 80 columns; the sparkline keeps its newest buckets in the room left', () => {
  const at = (width: number) =>
    stripAnsi(headerLines({ context: 'ctx', cluster: 'ctx', namespaces: [], apiGroup: 'core', status: { state: 'watching' } as never, totals: { ...totals, groups: 773, events: 1542, warningGroups: 70, evicted: 0, evictedEvents: 0 }, spark: '▁'.repeat(19) + '█', perSecond: 45, sortLabel: 'triage', following: true, newCount: 0, warningsOnly: false, width, now: 0, theme: createTheme(false) })[1]).trimEnd();
  assert.match(at(80), /warnings +▁*█ 45\/s$/);
  assert.ok(at(80).length <= 80);
  assert.match(at(120), /warnings {2}▁{19}█ 45\/s$/, 'the whole sparkline where it fits');
  assert.match(at(66), /warnings {2}45\/s$/, 'no room: the figure alone');
});
