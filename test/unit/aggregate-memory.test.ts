// The store's byte estimate and the memory budget (--max-memory): the estimate follows the real
// heap within a factor, eviction keeps it under the budget oldest first, counts stay exact for
// what is kept, and one group of very many uids is bounded too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AggregateStore } from '../../src/store/aggregate.js';
import type { SourceChange } from '../../src/kube/types.js';
import { uniqueEvent } from './helpers/unique-events.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

function feed(s: AggregateStore, from: number, to: number, opts: Parameters<typeof uniqueEvent>[1] = {}, after?: () => void): void {
  for (let i = from; i < to; i += 500) {
    const batch: SourceChange[] = [];
    for (let j = i; j < Math.min(to, i + 500); j++) batch.push({ kind: 'upsert', event: uniqueEvent(j, opts) });
    s.apply(batch);
    after?.();
  }
}

test('memory: the estimate of 20,000 groups of 1 KB messages is within a factor of the heap they take (errs high: strings count 2 bytes a character)', () => {
  const before = heap();
  const s = new AggregateStore({ maxGroups: 1e9, maxBytes: 1e12 });
  feed(s, 0, 20_000);
  const grown = heap() - before;
  const ratio = s.totals().bytes / grown;
  assert.equal(s.size, 20_000);
  console.log(`estimate/heap ratio ${ratio.toFixed(2)}`);
  assert.ok(ratio > 1 && ratio < 2.5, `estimate ${s.totals().bytes} vs heap growth ${grown}: ratio ${ratio.toFixed(2)}`);
});

test('memory: so is the estimate of a store that lets the raw events go (a live session), 1 KB and 200 B messages', () => {
  const measure = (messageBytes: number) => {
    const before = heap();
    const s = new AggregateStore({ maxGroups: 1e9, maxBytes: 1e12, keepRaw: false });
    feed(s, 0, 20_000, { messageBytes });
    const grown = heap() - before;
    return { estimate: s.totals().bytes, grown };
  };
  for (const messageBytes of [1000, 200]) {
    const { estimate, grown } = measure(messageBytes);
    const ratio = estimate / grown;
    console.log(`keepRaw false, ${messageBytes} B messages: estimate/heap ratio ${ratio.toFixed(2)}`);
    assert.ok(ratio > 1 && ratio < 2.5, `estimate ${estimate} vs heap growth ${grown}: ratio ${ratio.toFixed(2)}`);
  }
});

test('memory: over the budget the least recently seen go, the estimate stays under it, kept counts are exact', () => {
  const budget = 4e6;
  const s = new AggregateStore({ maxGroups: 1e9, maxBytes: budget });
  let peak = 0;
  feed(s, 0, 10_000, {}, () => (peak = Math.max(peak, s.totals().bytes)));
  // Every kept group again, one occurrence more each: the counts must be exact (2).
  const kept = s.groupList().map((g) => g.latest);
  s.apply(kept.map((e) => ({ kind: 'upsert', event: { ...e, count: 2, resourceVersion: e.resourceVersion + 'b' } })));
  const t = s.totals();
  assert.ok(peak <= budget, `estimate peaked at ${peak} over ${budget}`);
  assert.ok(t.evicted > 0 && t.groups + t.evicted === 10_000, JSON.stringify(t));
  assert.equal(t.evictedEvents, t.evicted, 'one occurrence per evicted group');
  assert.ok(s.groupList().every((g) => g.count === 2));
  assert.equal(t.events, 2 * t.groups);
  const oldestKept = Math.min(...s.groupList().map((g) => g.lastSeen));
  assert.equal(oldestKept, uniqueEvent(t.evicted).lastSeen, 'exactly the oldest were evicted');
});

test('memory: a group of very many uids tracks at most maxUidsPerGroup and says how many it stopped tracking', () => {
  const single = new AggregateStore({ maxUidsPerGroup: 1000 });
  const batch: SourceChange[] = [];
  for (let i = 0; i < 5000; i++) {
    const e = uniqueEvent(0, { uid: `uid-${i}` });
    batch.push({ kind: 'upsert', event: e });
  }
  single.apply(batch);
  const t = single.totals();
  assert.equal(single.size, 1);
  assert.equal(t.events, 5000, 'every occurrence counted once');
  assert.ok(t.untracked >= 3000, `untracked ${t.untracked}`);
  assert.ok(t.liveEvents + t.untracked === 5000, JSON.stringify(t));
  const unbounded = new AggregateStore({ maxUidsPerGroup: 1e9 });
  unbounded.apply(batch);
  assert.ok(t.bytes < unbounded.totals().bytes / 2, `${t.bytes} vs ${unbounded.totals().bytes}`);
});

test('memory: groups evicted in a storm are not kept alive by the change logs once a reader has read past them', async () => {
  const s = new AggregateStore({ maxGroups: 10_000, maxBytes: 1e12 });
  const refs: Array<WeakRef<object>> = [];
  feed(s, 0, 60_000, { messageBytes: 200 }, () => {
    // A reader (the view) catching up after every batch, as the full screen does every frame.
    for (const g of s.changedSince(s.version - 1) ?? []) if (g.createdVersion === s.version) refs.push(new WeakRef(g));
  });
  assert.equal(refs.length, 60_000);
  assert.equal(s.totals().evicted, 60_000 - s.size);
  await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets live until the job ends
  heap();
  const alive = refs.filter((r) => r.deref() !== undefined).length;
  // The store's own groups, plus what the two logs keep in any case (up to 2 × 1,024 entries
  // each, whatever the cap). Before, they held up to twice the cap of evicted groups.
  assert.ok(alive - s.size <= 4 * 1024 + 500, `${alive - s.size} evicted groups still alive`);
});
