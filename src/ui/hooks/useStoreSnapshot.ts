// The store as React sees it: a snapshot that changes at most every `intervalMs` (default 50 ms,
// i.e. ≤ 20 fps) however many batches arrive, and is the same object between flushes, so an event
// storm costs one render per interval, never one per event. The interval can be a function, read
// as each flush is scheduled (the full screen draws less often while a first list comes in).
import { useMemo, useSyncExternalStore } from 'react';
import type { AggregateStore, Totals } from '../../store/aggregate.js';

export interface StoreSnapshot {
  readonly version: number;
  readonly totals: Totals;
}

export interface ThrottledSnapshots {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): StoreSnapshot;
}

/** Coalesces store notifications: the first change schedules a flush, later ones ride along. */
export function throttledSnapshots(store: AggregateStore, intervalMs: number | (() => number) = 50): ThrottledSnapshots {
  const interval = typeof intervalMs === 'number' ? () => intervalMs : intervalMs;
  const take = (): StoreSnapshot => ({ version: store.version, totals: store.totals() });
  let snapshot = take();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = -Infinity;
  const listeners = new Set<() => void>();
  let unsubscribe: (() => void) | undefined;

  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
    if (store.version === snapshot.version) return;
    snapshot = take();
    for (const l of [...listeners]) l();
  };
  const onStore = () => {
    if (timer !== undefined) return;
    timer = setTimeout(flush, Math.max(0, lastFlush + interval() - Date.now()));
  };
  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (unsubscribe === undefined) unsubscribe = store.subscribe(onStore);
      // Changes between the first render and this subscription must not be lost.
      if (store.version !== snapshot.version) onStore();
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0) {
          unsubscribe?.();
          unsubscribe = undefined;
          if (timer !== undefined) clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    getSnapshot: () => snapshot,
  };
}

export function useStoreSnapshot(store: AggregateStore, intervalMs: number | (() => number) = 50): StoreSnapshot {
  const source = useMemo(() => throttledSnapshots(store, intervalMs), [store, intervalMs]);
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}
