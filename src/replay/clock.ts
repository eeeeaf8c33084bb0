// The replay clock: the recording's time runs at `speed` × the wall clock while playing; every
// record whose time has come is applied, in order, in one batch. Seeking forward applies what
// lies between; seeking back starts over from an empty store (stores are fast to rebuild).
// Pure of I/O: the wall clock and the timer are injected (tests drive them by hand).
import type { SourceChange } from '../kube/types.js';
import type { ReplayControl } from '../session/types.js';
import type { ReplayRecord } from './read.js';

export interface ReplaySink {
  apply(changes: SourceChange[]): void;
  /** An empty store again (seeking back). */
  reset(): void;
}

export interface ClockDeps {
  wall?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const MIN_SPEED = 1 / 16;
export const MAX_SPEED = 1024;
const TICK_MS = 20;

export class ReplayClock implements ReplayControl {
  /** Index of the next record to apply. */
  private pos = 0;
  /** Every record up to this time has been applied. */
  private appliedTo = -Infinity;
  private anchorT: number;
  private anchorWall = 0;
  private isPlaying = false;
  private rate: number;
  private timer: unknown;
  private readonly listeners = new Set<() => void>();
  private readonly wall: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  readonly start: number;
  readonly end: number;

  constructor(private readonly records: readonly ReplayRecord[], private readonly sink: ReplaySink, speed = 1, deps: ClockDeps = {}) {
    this.wall = deps.wall ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
    this.rate = clampSpeed(speed);
    this.start = records[0]?.t ?? 0;
    this.end = records[records.length - 1]?.t ?? this.start;
    this.anchorT = this.start;
    // What the recording starts with (a kevtui recording's first list) is there at once.
    this.advanceTo(this.start);
  }

  get speed(): number {
    return this.rate;
  }

  get playing(): boolean {
    return this.isPlaying;
  }

  get ended(): boolean {
    return !this.isPlaying && this.pos >= this.records.length && this.anchorT >= this.end;
  }

  /** How many records have been applied. */
  get applied(): number {
    return this.pos;
  }

  now(): number {
    if (!this.isPlaying) return this.anchorT;
    return Math.min(this.end, this.anchorT + (this.wall() - this.anchorWall) * this.rate);
  }

  play(): void {
    if (this.isPlaying) return;
    // Play at the end: from the start again.
    if (this.ended) this.rewind(this.start);
    this.anchorWall = this.wall();
    this.isPlaying = true;
    this.tick();
    this.notify();
  }

  pause(): void {
    if (!this.isPlaying) return;
    this.anchorT = this.now();
    this.isPlaying = false;
    this.cancel();
    this.advanceTo(this.anchorT);
    this.notify();
  }

  toggle(): void {
    if (this.isPlaying) this.pause();
    else this.play();
  }

  faster(): void {
    this.setSpeed(this.rate * 2);
  }

  slower(): void {
    this.setSpeed(this.rate / 2);
  }

  setSpeed(speed: number): void {
    this.anchorT = this.now();
    this.anchorWall = this.wall();
    this.rate = clampSpeed(speed);
    if (this.isPlaying) this.tick();
    this.notify();
  }

  seek(t: number): void {
    this.rewind(Math.max(this.start, Math.min(this.end, t)));
    this.anchorWall = this.wall();
    if (this.isPlaying) this.tick();
    this.notify();
  }

  /** --once: everything, now. */
  runToEnd(): void {
    this.cancel();
    this.isPlaying = false;
    this.anchorT = this.end;
    this.advanceTo(Infinity);
    this.notify();
  }

  stop(): void {
    this.cancel();
    this.isPlaying = false;
    this.listeners.clear();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private rewind(t: number): void {
    if (t < this.appliedTo) {
      this.sink.reset();
      this.pos = 0;
      this.appliedTo = -Infinity;
    }
    this.anchorT = t;
    this.advanceTo(t);
  }

  private tick(): void {
    this.cancel();
    const t = this.now();
    this.advanceTo(t);
    if (this.pos >= this.records.length && t >= this.end) {
      // The end: the view stays, paused on the last moment.
      this.anchorT = this.end;
      this.isPlaying = false;
      this.notify();
      return;
    }
    const next = this.records[this.pos]?.t ?? this.end;
    // At most a second of wall time between ticks, so that a speed change is never far off; at
    // least TICK_MS, so that a dense recording is applied in batches, not one timer per record.
    const ms = Math.min(1000, Math.max(TICK_MS, (next - t) / this.rate));
    this.timer = this.setTimer(() => this.tick(), ms);
  }

  private advanceTo(t: number): void {
    if (t < this.appliedTo) return;
    this.appliedTo = t;
    const changes: SourceChange[] = [];
    while (this.pos < this.records.length && this.records[this.pos]!.t <= t) changes.push(this.records[this.pos++]!.change);
    if (changes.length > 0) this.sink.apply(changes);
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private notify(): void {
    for (const fn of [...this.listeners]) fn();
  }
}

function clampSpeed(s: number): number {
  return Number.isFinite(s) ? Math.max(MIN_SPEED, Math.min(MAX_SPEED, s)) : 1;
}
