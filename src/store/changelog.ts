// Which groups changed (or left) at which store version, so a reader that last looked at
// version v gets the groups changed since in O(changed), not by scanning every group. Pure.
//
// Each entry is a group and the version it was marked at; a group marked again later has a
// newer entry, and the old one is skipped on read (its `changedVersion` moved on). The log is
// compacted once it outgrows a multiple of the live groups: readers from before the oldest kept
// entry get `undefined` and scan instead.

interface Marked {
  readonly changedVersion: number;
}

export class ChangeLog<G extends Marked> {
  private groups: G[] = [];
  private versions: number[] = [];
  /** Readers at or after this version are answered. */
  private floor = 0;

  /** `g` changed at `version` (the version being published). */
  mark(g: G, version: number): void {
    this.groups.push(g);
    this.versions.push(version);
  }

  /** Keeps the log within `2 · live + 1024` entries, dropping the oldest half when over. */
  compact(live: number): void {
    const n = this.groups.length;
    if (n <= 2 * live + 1024) return;
    const drop = n - Math.max(1024, live);
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
    return out;
  }
}
