// Which groups changed (or left) at which store version, so a reader that last looked at
// version v gets the groups changed since in O(changed), not by scanning every group. Pure.
//
// Each entry is a group and the version it was marked at; a group marked again later has a
// newer entry, and the old one is skipped on read (its `changedVersion` moved on). The log is
// compacted to what its readers have not read yet (see compact): readers from before the oldest
// kept entry get `undefined` and scan instead.

interface Marked {
  readonly changedVersion: number;
}

/** Entries kept in any case, so that a reader a little behind the others is still answered. */
const KEEP_MIN = 1024;

export class ChangeLog<G extends Marked> {
  private groups: G[] = [];
  private versions: number[] = [];
  /** Readers at or after this version are answered. */
  private floor = 0;
  /** The oldest version some reader has caught up to since the last compaction (Infinity: none asked). */
  private caughtUp = Infinity;

  /** `g` changed at `version` (the version being published). */
  mark(g: G, version: number): void {
    this.groups.push(g);
    this.versions.push(version);
  }

  /**
   * Keeps the log short. Its entries hold the groups themselves, and in a storm most of those
   * were evicted since, each with its latest event: a log as long as the store kept a second,
   * dead store alive (bench/storm-memory.ts: 378 MiB of heap after 300k events through 50k
   * groups, 139 MiB for a fresh store of as many). So what every reader has read since the last
   * compaction goes (readers catch up every frame); when nobody reads (--plain, or between two
   * frames) a few frames' worth stays. A reader that fell behind is answered undefined and scans.
   */
  compact(live: number): void {
    const n = this.groups.length;
    let drop = 0;
    if (this.caughtUp !== Infinity) {
      drop = Math.min(firstAfter(this.versions, this.caughtUp), n - KEEP_MIN);
      this.caughtUp = Infinity;
      if (drop < KEEP_MIN) drop = 0; // not worth copying the arrays yet
    } else {
      const keep = KEEP_MIN + (live >> 3);
      if (n > 2 * keep) drop = n - keep;
    }
    if (drop <= 0) return;
    this.floor = this.versions[drop - 1]!;
    this.groups = this.groups.slice(drop);
    this.versions = this.versions.slice(drop);
  }

  /**
   * The groups marked after `version`, each once (newest marking), newest first; undefined
   * when the log no longer reaches back that far. `current(g, v)` says whether entry `v` is
   * still g's latest (for changes: v === g.changedVersion).
   */
  since(version: number, current: (g: G, v: number) => boolean): G[] | undefined {
    if (version < this.floor) return undefined;
    const out: G[] = [];
    const { groups, versions } = this;
    for (let i = groups.length - 1; i >= 0 && versions[i]! > version; i--) {
      const g = groups[i]!;
      if (current(g, versions[i]!)) out.push(g);
    }
    // This reader now knows everything up to the newest entry.
    const newest = versions.length > 0 ? versions[versions.length - 1]! : version;
    if (newest < this.caughtUp) this.caughtUp = newest;
    return out;
  }
}

/** The index of the first entry newer than `version` (versions never decrease). */
function firstAfter(versions: readonly number[], version: number): number {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (versions[mid]! <= version) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
