// What --once and --plain say while the first list has not completed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextReportAt, waitingLine } from '../../src/run/waiting.js';
import type { SourceStatus } from '../../src/kube/types.js';

const status = (s: Partial<SourceStatus>): SourceStatus => ({ state: 'connecting', apiGroup: 'core', namespaces: [''], detail: 'connecting', malformed: 0, reconnects: 0, relists: 0, ...s });

test('reports at 5, 15, 30 and 60 s, then every minute', () => {
  const at: number[] = [];
  for (let t = 0; at.length < 6; t = at.at(-1)!) at.push(nextReportAt(t));
  assert.deepEqual(at, [5, 15, 30, 60, 120, 180]);
});

test('the line says what is awaited: an answer from the server, the rest of a list, or the source’s own words', () => {
  assert.equal(waitingLine(status({ server: 'https://10.0.0.1:6443' }), 5), 'kevtui: still waiting after 5 s: no answer yet from https://10.0.0.1:6443');
  assert.equal(waitingLine(status({ state: 'listing', detail: 'listing 500/12000' }), 15), 'kevtui: still waiting after 15 s: the list of events is not complete: listing 500/12000');
  assert.equal(waitingLine(status({ state: 'reconnecting', detail: 'reconnecting in 4s (attempt 3): 503' }), 30), 'kevtui: still waiting after 30 s: reconnecting in 4s (attempt 3): 503');
});
