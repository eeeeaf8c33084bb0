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
  readonly groups: readonly EventGroup[];
  readonly newCount: number;
  readonly paused: boolean;
}

const EMPTY: FollowFrame = { groups: [], newCount: 0, paused: false };

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
    this.lastFrame = { groups: this.frozen, newCount: 0, paused: true };
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.frozen = [];
    this.frozenSet = undefined;
    this.frozenSpec = undefined;
    this.orderedAt = -Infinity; // the next apply() shows the current order
    this.lastFrame = this.lastResult === undefined ? EMPTY : { groups: this.lastResult.groups, newCount: 0, paused: false };
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
    this.lastFrame = { groups: this.frozen, newCount, paused: true };
    return this.lastFrame;
  }

  private follow(result: ViewResult, now: number): FollowFrame {
    // NaN (no clock) is always due; so is a search in progress or just done (rows still arriving).
    const due = !(now - this.orderedAt < HOLD_MS) || result.pending !== undefined || this.lastResult?.pending !== undefined;
    if (result === this.lastResult && (!due || this.lastFrame.groups === result.groups)) return this.lastFrame;
    this.lastResult = result;
    if (due || this.lastFrame.paused || this.orderedSpec === undefined || !sameSpec(this.orderedSpec, result.spec)) {
      this.orderedAt = now;
      this.orderedSpec = result.spec;
      this.heldVersion = result.storeVersion;
      this.orderedVersion = result.storeVersion;
      this.orderedWhole = result.everyRow === true;
      this.heldSet = undefined;
      this.lastFrame = { groups: result.groups, newCount: 0, paused: false };
      return this.lastFrame;
    }
    // Held: only groups that were not shown yet are added, at the bottom.
    const changed = result.changedSince(this.heldVersion);
    this.heldVersion = result.storeVersion;
    if (changed.length === 0) return this.lastFrame;
    const held = this.lastFrame.groups;
    // When the ordered result held every row, a group is shown iff it existed then or was added
    // since: only the added ones need a set (no 100k-entry set per re-order).
    const whole = this.orderedWhole;
    const set = (this.heldSet ??= new Set(whole ? [] : held));
    const orderedVersion = this.orderedVersion;
    const added = changed.filter((g) => !set.has(g) && !(whole && g.createdVersion <= orderedVersion));
    if (added.length === 0) return this.lastFrame;
    for (const g of added) set.add(g);
    this.lastFrame = { groups: held.concat(added), newCount: 0, paused: false };
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
