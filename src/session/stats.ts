// The live figures `--stats` reports and the bench suite reads: events in, lag (receive time
// minus the event's own timestamp), frame time, terminal bytes. Pure: the caller passes clocks,
// RSS and store counts, and decides where each second's line goes.
import type { SourceChange } from '../kube/types.js';

/** Histogram of 0..MAX buckets of 1/scale ms (the last bucket holds everything above). */
const MAX = 60_000;

class Histogram {
  private readonly counts = new Uint32Array(MAX + 1);
  n = 0;

  constructor(private readonly scale = 1) {}

  add(ms: number): void {
    const v = ms * this.scale;
    const i = v <= 0 ? 0 : v >= MAX ? MAX : Math.round(v);
    this.counts[i]!++;
    this.n++;
  }

  /** q in [0,1]; null when empty. */
  quantile(q: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (let i = 0; i <= MAX; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i / this.scale;
    }
    return MAX / this.scale;
  }

  clear(): void {
    if (this.n === 0) return;
    this.counts.fill(0);
    this.n = 0;
  }
}

export interface StatsLine {
  /** ms since the process started. */
  t: number;
  /** Source state (connecting, listing, watching, …). */
  state: string;
  /** ms from process start to the first completed list (null until then). */
  syncMs: number | null;
  eventsPerSec: number;
  eventsTotal: number;
  /** Lag of this second's watched events, and of all since the first sync (ms). */
  lagP50: number | null;
  lagP99: number | null;
  lagTotalP50: number | null;
  lagTotalP99: number | null;
  /** Events whose timestamp is in whole seconds (core/v1 lastTimestamp): not in the lag figures. */
  lagSkipped: number;
  framesPerSec: number;
  frameP50: number | null;
  frameP95: number | null;
  bytesPerSec: number;
  bytesTotal: number;
  rssBytes: number;
  groups: number;
  evictions: number;
}

export class LiveStats {
  private readonly lag = new Histogram();
  private readonly lagTotal = new Histogram();
  private readonly frameMs = new Histogram(10); // 0.1 ms steps up to 6 s
  private events = 0;
  private eventsTotal = 0;
  private lagSkipped = 0;
  private frames = 0;
  private bytes = 0;
  private bytesTotal = 0;
  private syncMs: number | null = null;
  private state = 'connecting';
  private lastLineAt: number;

  /** `now` is ms since the process started (performance.now()). */
  constructor(now: number) {
    this.lastLineAt = now;
  }

  /** A batch as the source handed it, `received` the wall clock (epoch ms) once it is in the store. */
  batch(changes: readonly SourceChange[], received: number): void {
    for (const c of changes) {
      if (c.kind !== 'upsert') continue;
      this.events++;
      this.eventsTotal++;
      // A list (the first, or a relist after a 410) is history, not lag: only watched events are
      // timed (a relist hands over every event again, hours old ones too).
      if (this.syncMs === null || this.state !== 'watching') continue;
      const at = c.event.lastSeen;
      // A whole-second stamp (core/v1 lastTimestamp) would add up to 1 s of noise: left out.
      if (!Number.isFinite(at) || at % 1000 === 0) {
        this.lagSkipped++;
        continue;
      }
      this.lag.add(received - at);
      this.lagTotal.add(received - at);
    }
  }

  status(state: string, now: number): void {
    this.state = state;
    if (state === 'watching' && this.syncMs === null) this.syncMs = now;
  }

  private renderMs = 0;

  /** Ink's layout and output pass for the next frame (its onRender). Arrow: handed over as is. */
  readonly render = (metrics: { renderTime: number }): void => {
    this.renderMs = metrics.renderTime;
  };

  /** The frame writer's diff and write, and the bytes written (0 = nothing changed): the frame
   *  time is this plus the render before it. */
  readonly frame = (ms: number, bytes: number): void => {
    this.frameMs.add(this.renderMs + ms);
    this.renderMs = 0;
    if (bytes > 0) this.frames++;
    this.bytes += bytes;
    this.bytesTotal += bytes;
  };

  /** The figures since the previous line; starts the next window. */
  line(now: number, rssBytes: number, groups: number, evictions: number): StatsLine {
    const secs = Math.max(0.001, (now - this.lastLineAt) / 1000);
    const perSec = (n: number) => Math.round((n / secs) * 10) / 10;
    const out: StatsLine = {
      t: Math.round(now),
      state: this.state,
      syncMs: this.syncMs === null ? null : Math.round(this.syncMs),
      eventsPerSec: perSec(this.events),
      eventsTotal: this.eventsTotal,
      lagP50: this.lag.quantile(0.5),
      lagP99: this.lag.quantile(0.99),
      lagTotalP50: this.lagTotal.quantile(0.5),
      lagTotalP99: this.lagTotal.quantile(0.99),
      lagSkipped: this.lagSkipped,
      framesPerSec: perSec(this.frames),
      frameP50: this.frameMs.quantile(0.5),
      frameP95: this.frameMs.quantile(0.95),
      bytesPerSec: perSec(this.bytes),
      bytesTotal: this.bytesTotal,
      rssBytes,
      groups,
      evictions,
    };
    this.lastLineAt = now;
    this.events = 0;
    this.frames = 0;
    this.bytes = 0;
    this.lag.clear();
    this.frameMs.clear();
    return out;
  }
}
