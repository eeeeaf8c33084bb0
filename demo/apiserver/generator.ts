// Drives a scenario: setup, a preload of N events spread over the recent past (younger than
// the TTL, oldest first, the store's clock moved along), then live steps at `rate` per second.
import type { Rng, Scenario } from '../types.js';
import type { Store } from './store.js';

export class Generator {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private produced = 0;

  constructor(
    private readonly store: Store,
    private readonly scenario: Scenario,
    private readonly rng: Rng,
    private readonly rate: number,
  ) {}

  /** setup() then `events` steps at evenly spread times in [now - span, now). */
  prepare(events: number, ttlSeconds: number): void {
    const now = Date.now();
    const span = events > 0 ? Math.min(ttlSeconds * 0.9, 3600) * 1000 : 0;
    const setupAt = new Date(now - span - 60_000);
    this.withClock(setupAt, () => this.scenario.setup(this.store, this.rng, setupAt));
    for (let i = 0; i < events; i++) {
      const at = new Date(now - span + Math.floor((i * span) / events));
      this.withClock(at, () => this.scenario.step(this.store, this.rng, at));
    }
  }

  private withClock(at: Date, fn: () => void): void {
    const saved = this.store.now;
    this.store.now = () => at;
    try {
      fn();
    } finally {
      this.store.now = saved;
    }
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer || this.rate <= 0) return;
    this.startedAt = Date.now();
    this.produced = 0;
    // Catch up to rate × elapsed every 50 ms; a long pause yields at most one second's worth.
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - this.startedAt) / 1000) * this.rate);
      let n = Math.min(due - this.produced, Math.max(1, Math.ceil(this.rate)));
      this.produced = Math.max(this.produced, due - n);
      for (; n > 0; n--) {
        this.scenario.step(this.store, this.rng, new Date());
        this.produced++;
      }
    }, 50);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
