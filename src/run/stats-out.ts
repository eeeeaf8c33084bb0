// --stats: one JSON line of live figures (src/run/stats) per second, to a file or stderr; also
// a line the moment the first list completes, so the sync time is read without waiting a second.
import { appendFileSync, writeFileSync } from 'node:fs';
import type { AggregateStore } from '../store/aggregate.js';
import { LiveStats } from '../session/stats.js';

export interface StatsOutput {
  readonly live: LiveStats;
  status(state: string): void;
  stop(): void;
}

/**
 * What a soak watches for leaks besides RSS: the V8 heap, and the live handles (sockets, files,
 * child processes) and timers, from Node's own list of what keeps the loop alive.
 */
function processFigures(): { rssBytes: number; heapBytes: number; handles: number; timers: number } {
  let handles = 0;
  let timers = 0;
  for (const r of process.getActiveResourcesInfo()) {
    if (r === 'Timeout' || r === 'Immediate') timers++;
    else handles++;
  }
  const mem = process.memoryUsage();
  return { rssBytes: mem.rss, heapBytes: mem.heapUsed, handles, timers };
}

const started = new Set<string>();

export function startStats(target: string, store: AggregateStore): StatsOutput {
  const live = new LiveStats(performance.now());
  // Once per process: a session opened by :ctx goes on in the same file.
  if (target !== '-' && !started.has(target)) writeFileSync(target, '');
  started.add(target);
  const emit = () => {
    const t = store.totals();
    const figures = processFigures();
    const line = JSON.stringify({ ...live.line(performance.now(), figures.rssBytes, t.groups, t.evicted), ...figures, liveEvents: t.liveEvents, expiredGroups: t.expiredGroups, relists }) + '\n';
    try {
      if (target === '-') process.stderr.write(line);
      else appendFileSync(target, line);
    } catch {
      // A full disk or a closed stderr must not take the monitor down: the figures just stop.
    }
  };
  const timer = setInterval(emit, 1000);
  timer.unref();
  let synced = false;
  let relists = 0;
  let last = '';
  return {
    live,
    status(state) {
      if (synced && state === 'listing' && last !== 'listing') relists++;
      last = state;
      live.status(state, performance.now());
      if (state === 'watching' && !synced) {
        synced = true;
        emit();
      }
    },
    stop() {
      clearInterval(timer);
      emit();
    },
  };
}
