// How far V8 lets the heap grow past what survived the last full GC. On a machine with much
// memory V8 allows up to 4× that, and an event storm is the worst case for it: every group is
// evicted a few seconds after it was made, so its events die old, in the old generation, and the
// heap climbed to 1 GB around 190 MiB of live data (bench/storm-memory.ts: peak RSS 1,115 MiB
// at 300k events through 50k groups). At 1.5× the same run peaks at 535 MiB for about a fifth
// more CPU at that rate. 1.3×, since the live data shrank: the full screen through 2 M events
// at 20k/s peaks at 364 MiB (395 at 1.5×), and its CPU over kubectl's in the same run at 1k, 5k
// and 10k events/s is 0.79, 0.48, 0.62 (0.82, 0.47, 0.49 at 1.5×). Unlike --max-old-space-size
// this is no hard limit: nothing is ever out of memory
// because of it, and V8 reads it at every GC, so it can be set at any time: the front ends set
// it once the first list is in (while a list fills the heap, collecting often only costs time),
// and --once never does.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Growth allowed over the live heap, in percent. */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Called once the first list is in: two full collections of the list's garbage, then the heap
 * bound (after them, so that the limit they set leaves room for a first search, which prepares
 * its texts: +50 MiB at 100k groups; with the bound first, that search's major GCs made the
 * longest frame gap 210–334 ms instead of 79–94).
 */
export function settleHeapAfterList(percent = HEAP_GROWING_PERCENT): void {
  // An explicit choice (NODE_OPTIONS cannot carry it, but `node --heap-growing-percent=N` can) wins.
  const bound = () => {
    if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) setFlagsFromString(`--heap-growing-percent=${percent}`);
  };
  setTimeout(() => {
    const gc = getHeapStatistics().used_heap_size >= COLLECT_ABOVE_BYTES ? collector() : undefined;
    if (gc === undefined) return bound();
    gc();
    setTimeout(() => {
      gc();
      bound();
    }, COLLECT_AGAIN_MS).unref();
  }, COLLECT_DELAY_MS).unref();
}

// The first list leaves its garbage (pages, the views rebuilt while it came in) in a heap grown
// for it, and V8 gives that back only when its memory reducer sees the program idle, which a
// watching screen never is (its clock, its watch): at 100,207 groups RSS stayed at 306–317 MiB
// until 15–30 s later. One full collection right after the list frees the garbage (heap 225 →
// 165 MiB) but V8 keeps the pages it emptied (RSS 295–309 MiB); a second one a moment later
// gives them back (277–280 MiB; bench/suite/filter.ts). Each is one pause of ~150–250 ms at that
// size, just after the list's last frame. Small heaps are left to V8.
const COLLECT_DELAY_MS = 300;
const COLLECT_AGAIN_MS = 200;
const COLLECT_ABOVE_BYTES = 96 * 1024 * 1024;

/** V8's own gc(), made available for these calls only (nothing else in the process can reach it). */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    // A runtime without it (an embedder that refuses the flag): V8's memory reducer does it later.
    return undefined;
  }
}
