// An approximate event rate for the header's sparkline: arrivals per time bucket, fed with the
// store's totals at each snapshot. Pure (the caller passes the clock).
import type { Totals } from '../store/aggregate.js';

export const SPARK_CHARS = '▁▂▃▄▅▆▇█';

export class RateMeter {
  private readonly buckets: number[];
  private bucketStart: number | undefined;
  private previous: { events: number; evicted: number } | undefined;

  constructor(
    /** Milliseconds per bucket. */
    readonly bucketMs = 15_000,
    /** Buckets kept (the sparkline's width). */
    readonly size = 16,
  ) {
    this.buckets = new Array<number>(size).fill(0);
  }

  /**
   * Records the change since the last sample. `counting` false (an initial list is loading: old
   * events, not a rate) only moves the baseline. Evicted groups count one each (a storm at the
   * group cap replaces old groups and can leave the event total flat).
   */
  sample(t: Totals, now: number, counting = true): void {
    this.advance(now);
    const prev = this.previous;
    this.previous = { events: t.events, evicted: t.evicted };
    if (prev === undefined || !counting) return;
    const arrived = Math.max(0, t.events - prev.events) + Math.max(0, t.evicted - prev.evicted);
    this.buckets[this.buckets.length - 1]! += arrived;
  }

  private advance(now: number): void {
    if (this.bucketStart === undefined) {
      this.bucketStart = now;
      return;
    }
    const steps = Math.floor((now - this.bucketStart) / this.bucketMs);
    if (steps <= 0) return;
    for (let i = 0; i < Math.min(steps, this.size); i++) {
      this.buckets.shift();
      this.buckets.push(0);
    }
    this.bucketStart += steps * this.bucketMs;
  }

  /** Oldest first; the last bucket is the one filling now. */
  values(now: number): number[] {
    this.advance(now);
    return [...this.buckets];
  }

  /** Events per second over the last full bucket and the one filling now. */
  perSecond(now: number): number {
    const v = this.values(now);
    const elapsed = this.bucketStart === undefined ? 0 : Math.max(0, now - this.bucketStart);
    return ((v[v.length - 2] ?? 0) + (v[v.length - 1] ?? 0)) / ((this.bucketMs + elapsed) / 1000);
  }
}

/** ▁▂▃▅▇ scaled to the largest value; all zero → a flat line of ▁. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return SPARK_CHARS[0]!.repeat(values.length);
  return values
    .map((v) => (v <= 0 ? ' ' : SPARK_CHARS[Math.min(SPARK_CHARS.length - 1, Math.ceil((v / max) * SPARK_CHARS.length) - 1)]!))
    .join('');
}
