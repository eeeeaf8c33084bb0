// Follow vs pause for the live table. Following, rows take compute() order at most every HOLD_MS
// (given a clock): in between, rows keep their place (counts and ages update in place) and groups
// that appear meanwhile are added below, so a row can be read before it moves. Paused (the user
// scrolled off the top, or pressed space), the order the user was looking at is frozen: the same
// group objects stay in the same rows (their counts and ages still update, being mutated in
// place), and groups that would now appear are only counted ("12 new"). Resuming shows the
// current order and resets the count.
//
// Decisions:
// - A frozen row stays until resume even if its group no longer matches or was evicted: rows
//   never move under the cursor because of data. (An evicted group is a detached, final snapshot.)
// - Changing the spec while paused (typing a filter, warnings-only, sort, a jump) is the user
//   re-arranging the view on purpose: the frozen list is rebuilt from the new result, still
//   leaving out groups created after the pause (they keep counting as new).
// - "New" = groups in the current result that are not in the frozen list: created after the
//   pause, or changed so that they match now.
// - A spec change re-orders at once while following too (the user asked for another order).
import type { EventGroup } from './aggregate.js';
import { sameSpec, type ViewSpec } from './spec.js';
import type { ViewResult } from './view.js';

export interface FollowFrame {
  /** The rows (built on first read when groups were added below the held order). */
  readonly groups: readonly EventGroup[];
  /** groups.length, and rows by index, without building `groups`. */
  readonly size: number;
  at(i: number): EventGroup | undefined;
  slice(from: number, to: number): EventGroup[];
  readonly newCount: number;
  readonly paused: boolean;
}

/**
 * The rows of a frame: `base` (an order taken from a result, or a frozen list), then the first
 * `addedLength` rows of `added`, an array FollowState only appends to (so an older frame's rows
 * never change). A frame a few groups longer than the last one costs no copy of the 50k rows.
 */
class Frame implements FollowFrame {
  private flat: readonly EventGroup[] | undefined;

  constructor(
    readonly base: readonly EventGroup[],
    private readonly added: readonly EventGroup[],
    private readonly addedLength: number,
    readonly newCount: number,
    readonly paused: boolean,
  ) {
    if (addedLength === 0) this.flat = base;
  }

  get groups(): readonly EventGroup[] {
    return (this.flat ??= this.base.concat(this.added.slice(0, this.addedLength)));
  }

  get size(): number {
    return this.base.length + this.addedLength;
  }

  at(i: number): EventGroup | undefined {
    if (i < 0 || i >= this.size) return undefined;
    return i < this.base.length ? this.base[i] : this.added[i - this.base.length];
  }

  slice(from: number, to: number): EventGroup[] {
    const n = this.size;
    const a = Math.max(0, Math.min(n, from));
    const b = Math.max(a, Math.min(n, to));
    const k = this.base.length;
    if (b <= k) return this.base.slice(a, b);
    if (a >= k) return this.added.slice(a - k, b - k);
    return this.base.slice(a).concat(this.added.slice(0, b - k));
  }
}

const frameOf = (groups: readonly EventGroup[], newCount: number, paused: boolean): Frame => new Frame(groups, [], 0, newCount, paused);

const EMPTY: FollowFrame = frameOf([], 0, false);

/** The frame's rows are exactly `rows` (without building them). */
function shows(frame: FollowFrame, rows: readonly EventGroup[]): boolean {
  return (frame as Frame).base === rows && frame.size === rows.length;
}

/** Following, the order shown is refreshed at most this often. */
export const HOLD_MS = 3000;

export class FollowState {
  private isPaused = false;
  private frozen: readonly EventGroup[] = [];
  private frozenSet: Set<EventGroup> | undefined; // built lazily, once per freeze
  private frozenSpec: ViewSpec | undefined;
  /** Store version at the pause: groups unchanged since then cannot be new. */
  private pausedAt = 0;
  private lastResult: ViewResult | undefined;
  private lastFrame: FollowFrame = EMPTY;
  /** Following and held: the groups added below the held order, appended only. */
  private added: EventGroup[] = [];
  // Following: when the shown order was taken from a result, for which spec, and up to which
  // store version groups were added below it.
  private orderedAt = -Infinity;
  private orderedSpec: ViewSpec | undefined;
  private heldVersion = 0;
  private heldSet: Set<EventGroup> | undefined;
  private orderedVersion = 0;
  private orderedWhole = false;

  get paused(): boolean {
    return this.isPaused;
  }

  /** Freezes what the last apply() returned. No-op when already paused. */
  pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    this.frozen = this.lastFrame.groups;
    this.frozenSet = undefined;
    this.frozenSpec = this.lastResult?.spec;
    this.pausedAt = this.lastResult?.storeVersion ?? 0;
    this.lastFrame = frameOf(this.frozen, 0, true);
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.frozen = [];
    this.frozenSet = undefined;
    this.frozenSpec = undefined;
    this.orderedAt = -Infinity; // the next apply() shows the current order
    this.lastFrame = this.lastResult === undefined ? EMPTY : frameOf(this.lastResult.groups, 0, false);
  }

  toggle(): void {
    if (this.isPaused) this.resume();
    else this.pause();
  }

  /**
   * The rows to show for `result` at time `now` (without a clock rows always take the result's
   * order). Cheap enough for every frame: the same frame object when nothing changed; otherwise
   * O(groups changed since the last frame) set lookups.
   */
  apply(result: ViewResult, now = NaN): FollowFrame {
    if (!this.isPaused) return this.follow(result, now);
    if (result === this.lastResult) return this.lastFrame;
    const searching = result.pending !== undefined || this.lastResult?.pending !== undefined;
    this.lastResult = result;
    // A search in progress (or just done) is taken whole: its rows are still arriving.
    if (this.frozenSpec === undefined || searching || !sameSpec(this.frozenSpec, result.spec)) {
      const at = this.pausedAt;
      this.frozen = result.groups.filter((g) => g.createdVersion <= at);
      this.frozenSet = undefined;
      this.frozenSpec = result.spec;
    }
    const newCount = this.countNew(result);
    if (this.lastFrame.paused && this.lastFrame.groups === this.frozen && this.lastFrame.newCount === newCount) {
      return this.lastFrame;
    }
    this.lastFrame = frameOf(this.frozen, newCount, true);
    return this.lastFrame;
  }

  private follow(result: ViewResult, now: number): FollowFrame {
    // NaN (no clock) is always due; so is a search in progress or just done (rows still arriving).
    const due = !(now - this.orderedAt < HOLD_MS) || result.pending !== undefined || this.lastResult?.pending !== undefined;
    if (result === this.lastResult && (!due || shows(this.lastFrame, result.groups))) return this.lastFrame;
    this.lastResult = result;
    if (due || this.lastFrame.paused || this.orderedSpec === undefined || !sameSpec(this.orderedSpec, result.spec)) {
      this.orderedAt = now;
      this.orderedSpec = result.spec;
      this.heldVersion = result.storeVersion;
      this.orderedVersion = result.storeVersion;
      this.orderedWhole = result.everyRow === true;
      this.heldSet = undefined;
      this.added = [];
      this.lastFrame = frameOf(result.groups, 0, false);
      return this.lastFrame;
    }
    // Held: only groups that were not shown yet are added, at the bottom.
    const changed = result.changedSince(this.heldVersion);
    this.heldVersion = result.storeVersion;
    if (changed.length === 0) return this.lastFrame;
    // When the ordered result held every row, a group is shown iff it existed then or was added
    // since: only the added ones need a set (no 100k-entry set per re-order).
    const whole = this.orderedWhole;
    const set = (this.heldSet ??= new Set(whole ? [] : this.lastFrame.groups));
    const orderedVersion = this.orderedVersion;
    const added = changed.filter((g) => !set.has(g) && !(whole && g.createdVersion <= orderedVersion));
    if (added.length === 0) return this.lastFrame;
    for (const g of added) {
      set.add(g);
      this.added.push(g);
    }
    this.lastFrame = new Frame((this.lastFrame as Frame).base, this.added, this.added.length, 0, false);
    return this.lastFrame;
  }

  private countNew(result: ViewResult): number {
    // A group unchanged since the pause matched (or not) then exactly as now, so it is in the
    // frozen list iff it is in the result: only groups changed since need a lookup.
    const changed = result.changedSince(this.pausedAt);
    if (changed.length === 0) return 0;
    this.frozenSet ??= new Set(this.frozen);
    let n = 0;
    for (const g of changed) if (!this.frozenSet.has(g)) n++;
    return n;
  }
}
