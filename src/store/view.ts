// What the table shows: the store's groups scoped, filtered by the query and sorted, recomputed
// only when the store version or the spec changed. Pure (no React, no I/O).
//
// Cost model (100k groups): the sorted "base" (scope + sort) is kept per store version and sort
// key; when the version moves on it is merged forward: only groups changed since (changedVersion)
// are sorted and merged in, O(n) with no comparisons for the unchanged rest. Warnings-only and the
// query filter the base in order, so filtering never sorts. A query that implies the previous one
// (typing on, or the same query a frame later) starts from the previous result: at the same
// version it only re-tests the previous matches; one merge later it re-tests only the changed
// groups. Filter loops read per-group haystacks (match.ts) rather than the groups themselves.
//
// Ranking: while the query has fuzzy words (and spec.rank is not false) the rows are ordered by
// match score, ties in the sort's order. The result keeps the rows in sort order too (`plain`):
// that is what the incremental paths above filter and merge.
//
// Searching in slices: with a time budget (compute(spec, now, { budgetMs })) the filter scan stops
// when the budget is spent and answers `pending` with what it found; the next call resumes it on
// the same (immutable) rows, a newer query narrows from it, and once done it is merged forward to
// the store's current version like any result. So no frame waits for a whole search.
//
// Triage depends on time (what is "active"): its cutoff is `now - ACTIVE_MS` rounded down to
// ACTIVE_STEP_MS, so the order is stable between steps and a step costs one full sort.
import type { EventGroup } from './aggregate.js';
import { parseQuery, type Query } from './query.js';
import { compileMatcher, haystackOf, narrows, sweepTexts, type Haystack, type HighlightField, type Matcher } from './match.js';
import { ACTIVE_MS, RECENT_MS, comparatorOf, orderKeys, sortGroups, triageRank, type SortKey } from './sort.js';
import { sameSpec, type ObjectKey, type ViewSpec } from './spec.js';


export { SORT_KEYS, ACTIVE_MS, RECENT_MS, type SortKey } from './sort.js';

const ACTIVE_STEP_MS = 10_000;

/** The triage cutoff for a clock reading; -Infinity without one (every group active). */
export function activeSinceAt(now: number | undefined): number {
  return now === undefined || now !== now ? -Infinity : Math.floor((now - ACTIVE_MS) / ACTIVE_STEP_MS) * ACTIVE_STEP_MS;
}
export { sameSpec, type ObjectKey, type ViewSpec } from './spec.js';
export type { HighlightField } from './match.js';

export interface ViewResult {
  /** Filtered and sorted (by match score first when ranked); never mutated. */
  readonly groups: readonly EventGroup[];
  /** The rows are in match-score order (a query with words, spec.rank not false). */
  readonly ranked: boolean;
  /** Groups before the text/token filter (after scope, warnings-only and hidden expired groups). */
  readonly considered: number;
  readonly storeVersion: number;
  /** The spec this result answers (FollowState compares it). */
  readonly spec: ViewSpec;
  /** The parsed query: `errors` are for the filter bar. */
  readonly query: Query;
  /** Matched UTF-16 indexes per field, for the visible rows; `object` indexes refer to `Kind/name`. */
  highlights(g: EventGroup): ReadonlyMap<HighlightField, readonly number[]> | undefined;
  /**
   * Every row of the source at `storeVersion` is in this result (unscoped, unfiltered, rows are
   * the store's groups): a row is in it iff it existed then (createdVersion), no lookup needed.
   */
  readonly everyRow?: boolean;
  /** The groups of this result changed after store version `version` (cheap: no group is read). */
  changedSince(version: number): EventGroup[];
  /**
   * Set while a budgeted compute could not finish the search: `groups` are the rows found in the
   * part scanned (in the plain sort order they are final: the first rows of the full answer; when
   * ranked, the best of the part scanned), at most the first PENDING_ROWS of them. The next
   * compute of the same spec resumes the scan.
   * Also set (scanned = total) on a finished search that answers an older store version and is
   * brought forward by the next compute.
   */
  readonly pending?: { readonly scanned: number; readonly total: number };
}

export interface ComputeOptions {
  /**
   * Stop a search after about this many milliseconds (checked every SLICE rows) and answer with
   * a pending result; undefined = finish. The rest of a compute (bringing the sorted rows forward)
   * is not sliced: it costs what changed.
   */
  readonly budgetMs?: number;
}

const NO_ROWS: Rows = { groups: [], hays: [] };

/** Rows scanned between two looks at the clock (a cold row can cost ~50 µs: fuzzysort.prepare). */
const SLICE = 64;
/** A pending result holds at most this many rows: a frame shows a screenful; nothing more is
 *  copied per frame while the scan goes on. */
const PENDING_ROWS = 1000;

/**
 * A search in progress: `source` rows (sort order) tested and scored from `pos` on. The base and
 * source are immutable, so a scan can be resumed frames later, whatever the store did meanwhile:
 * it answers `base.version`, and is merged forward like any result once done.
 */
interface Scan {
  readonly spec: ViewSpec;
  readonly base: Base;
  readonly query: Query;
  readonly matcher: Matcher;
  readonly keep: Flags & { readonly matcher: Matcher };
  readonly source: Rows;
  /** false: the source rows are known candidates (test held), only scores are missing. */
  readonly test: boolean;
  readonly ranked: boolean;
  readonly considered: number;
  pos: number;
  /** The candidates so far, in sort order (source itself when !test). */
  readonly plain: { groups: EventGroup[]; hays: Haystack[] } | undefined;
  /** Rows that scored so far, in sort order (unranked), or per score (ranked). */
  readonly shown: EventGroup[];
  readonly buckets: Map<number, EventGroup[]>;
}

interface Rows {
  readonly groups: readonly EventGroup[];
  /** haystackOf(groups[i]), current for the version the rows belong to. */
  readonly hays: readonly Haystack[];
}

interface Base extends Rows {
  readonly version: number;
  readonly sort: SortKey;
  /** The triage cutoff the order was made with (-Infinity for the other sorts). */
  readonly activeSince: number;
  /** undefined = unscoped, else a canonical key of the objects. */
  readonly scope: string | undefined;
  /** How many rows each flag combination keeps (flagBits); counted on first need. */
  kept?: number[];
  /** When merged from an earlier base: its version, and the rows that changed since (sorted). */
  readonly step?: Step;
  /** Each row's order keys when it was placed (unscoped bases of a logging source only). */
  readonly placed?: Placed;
  /** With `placed`: the rows in chunks (groups and hays are flattened from them on first read). */
  readonly chunks?: RowChunks;
}

interface Step {
  readonly from: number;
  readonly fresh: Rows;
  readonly removals: boolean;
  /** With `placed`: the rows that left their place (changed or gone), with the keys they had. */
  readonly left?: ReadonlyMap<EventGroup, Keys>;
}

type Keys = ReturnType<typeof orderKeys>;

/**
 * Row → order keys as of the newest base of one sort key (updated in place as that base moves
 * on: older bases of the key are never merged from again). A row that moved can then be found in
 * the previous rows by binary search on the keys it had, so a merge costs O(changed · log n)
 * comparisons plus bulk copies, and no group or haystack of the unchanged rows is read.
 */
type Placed = Map<EventGroup, Keys>;

interface Last {
  readonly spec: ViewSpec;
  /** The flags the result was computed with (flagsFor: the spec's as they acted then). */
  readonly flags: Flags;
  readonly base: Base;
  readonly result: Result;
}

/** The spec's row flags: Warning-type only, expired groups left out. */
interface Flags {
  readonly warningsOnly: boolean;
  readonly hideExpired: boolean;
}

/** Which rows to keep: those matching `matcher` and the flags; undefined = all. */
type Keep = (Flags & { readonly matcher: Matcher }) | undefined;

function flagsOf(spec: ViewSpec): Flags {
  return { warningsOnly: spec.warningsOnly, hideExpired: spec.hideExpired === true };
}

function admits(h: Haystack, f: Flags): boolean {
  return (!f.warningsOnly || h.warning) && (!f.hideExpired || !h.expired);
}

/** `now` keeps no row `was` left out (a filter on top of it can start from its rows). */
function implies(now: Flags, was: Flags): boolean {
  return (now.warningsOnly || !was.warningsOnly) && (now.hideExpired || !was.hideExpired);
}

function keeps(h: Haystack, keep: Keep): boolean {
  return keep === undefined || (admits(h, keep) && keep.matcher.test(h));
}

const HIGHLIGHT_CACHE = 512;

/**
 * Where the view's rows come from: the AggregateStore itself, or a folded view of it
 * (store/folded). A source whose rows are not all plain store groups says when each row last
 * changed as a row (`rowVersion`) and whether rows left since a version (`leftSince`: 'rebuild'
 * when a row that left came back unchanged, which a merge could not tell from an old row).
 */
export interface RowSource {
  readonly version: number;
  readonly size: number;
  groups(): Iterable<EventGroup>;
  groupList(): readonly EventGroup[];
  group(key: string): EventGroup | undefined;
  groupsOfObject(kind: string, namespace: string, name: string, cluster?: string): Iterable<EventGroup>;
  /** Optional change log (AggregateStore): rows changed / gone after a version, or undefined
   *  when the log does not reach back that far. With it, a merge does not scan the rows. */
  changedSince?(version: number): readonly EventGroup[] | undefined;
  goneSince?(version: number): readonly EventGroup[] | undefined;
  rowVersion?(row: EventGroup): number;
  leftSince?(version: number): 'none' | 'removed' | 'rebuild';
  /** True when no row is expired now (cheap: a count the source keeps); absent = unknown. */
  noneExpired?(): boolean;
}

export class EventView {
  // One unscoped base per sort key: switching sort back and forth, or jumping into a scoped view
  // and back, costs a merge of what changed meanwhile, not a new sort. Warnings-only is a filter
  // on the base (same order), so toggling it never sorts either.
  private readonly unscoped = new Map<SortKey, Base>();
  private scoped: Base | undefined;
  private last: Last | undefined;
  private scan: Scan | undefined;
  private parsed: { input: string; query: Query; matcher: Matcher } | undefined;

  constructor(private readonly store: RowSource) {}

  /**
   * The same object as last time when neither store.version, the spec nor (for triage) the
   * quantised clock moved. `now` only matters for triage; without it every group counts as active.
   * With a budget, a search that does not finish in it answers `pending` (see ViewResult.pending);
   * call again (same spec) to go on, or with a newer spec to supersede it.
   */
  compute(spec: ViewSpec, now?: number, options?: ComputeOptions): ViewResult {
    const deadline = options?.budgetMs === undefined ? Infinity : performance.now() + options.budgetMs;
    return this.computeBy(spec, now, deadline);
  }

  private computeBy(spec: ViewSpec, now: number | undefined, deadline: number): ViewResult {
    const version = this.store.version;
    const activeSince = spec.sort === 'triage' ? activeSinceAt(now) : -Infinity;
    const pending = this.scan;
    if (pending !== undefined) {
      this.scan = undefined;
      if (pending.base.activeSince === activeSince) {
        if (sameSpec(pending.spec, spec)) return this.advance(pending, spec, now, deadline);
        const narrowed = this.narrowScan(pending, spec);
        if (narrowed !== undefined) return this.advance(narrowed, spec, now, deadline);
      }
    }
    const last = this.last;
    if (last !== undefined && last.result.storeVersion === version && sameSpec(last.spec, spec) && last.base.activeSince === activeSince) return last.result;

    const base = this.baseFor(spec, version, activeSince);
    const { query, matcher } = this.parse(spec.query);
    const flags = this.flagsFor(spec);
    const considered = countKept(base, flags);
    const ranked = matcher.scored && spec.rank !== false;
    if (matcher.empty && !flags.warningsOnly && !flags.hideExpired) {
      const changes = base.placed !== undefined ? { source: this.store, order: comparatorOf(base.sort, base.activeSince) } : undefined;
      // The rows are read lazily: a chunked base is only flattened when someone reads them.
      const result = new Result(base, () => base.groups, false, considered, version, { ...spec }, query, matcher, changes, undefined);
      this.last = { spec: result.spec, flags, base, result };
      return result;
    }
    const keep = { matcher, ...flags };
    // What to search: the previous result when the new query implies the previous one (typing
    // on, or the same query) and warnings-only was not switched off; else every row.
    let source: Rows = base;
    let test = true;
    const implied = last !== undefined && implies(flags, last.flags) && narrows(last.result.query, query);
    if (implied && last.result.keep !== undefined) {
      const same = last.spec.query === spec.query && implies(last.flags, flags);
      if (last.base === base) {
        source = last.result.plain; // same store version: only previous matches can match
        test = !same;
      } else if (base.step !== undefined && base.step.from === last.base.version && last.base.sort === base.sort && last.base.activeSince === base.activeSince && last.base.scope === base.scope) {
        // The store moved on by one merge: the previous candidates are brought forward under the
        // previous query (only changed groups are tested), O(result + changed), not O(groups);
        // the new query then searches those.
        const was = last.result.keep;
        const fresh = filterRows(base.step.fresh, was);
        if (base.placed !== undefined && base.step.left !== undefined) {
          const placed = base.placed;
          const left = base.step.left;
          source = spliceRows(last.result.plain, left, (g) => left.get(g) ?? placed.get(g)!, fresh, (g) => placed.get(g)!);
        } else {
          source = this.mergeRows(last.result.plain, base.step.from, fresh, comparatorOf(base.sort, base.activeSince), base.step.removals, undefined);
        }
        test = !same;
      }
    }
    const scan: Scan = {
      spec: { ...spec }, base, query, matcher, keep, source, test, ranked, considered, pos: 0,
      plain: test ? { groups: [], hays: [] } : undefined, shown: [], buckets: new Map(),
    };
    if (!test && !matcher.scored) scan.pos = source.groups.length; // known candidates, nothing to score
    return this.advance(scan, spec, now, deadline);
  }

  /**
   * A newer spec while `pending` runs: when its query implies the pending one (same order and
   * scope), it searches the candidates found so far and the part not scanned yet.
   */
  private narrowScan(pending: Scan, spec: ViewSpec): Scan | undefined {
    const was = pending.spec;
    if (was.sort !== spec.sort || (was.objects === undefined) !== (spec.objects === undefined)) return undefined;
    if (was.objects !== undefined && scopeKey(was.objects) !== scopeKey(spec.objects!)) return undefined;
    const flags = this.flagsFor(spec);
    if (!implies(flags, pending.keep)) return undefined;
    const { query, matcher } = this.parse(spec.query);
    if (matcher.empty && !flags.warningsOnly && !flags.hideExpired) return undefined;
    if (!narrows(pending.query, query)) return undefined;
    const { source, pos } = pending;
    const found = pending.plain ?? { groups: source.groups.slice(0, pos), hays: source.hays.slice(0, pos) };
    const rest: Rows = { groups: found.groups.concat(source.groups.slice(pos)), hays: found.hays.concat(source.hays.slice(pos)) };
    const base = pending.base;
    const considered = countKept(base, flags);
    return {
      spec: { ...spec }, base, query, matcher, keep: { matcher, ...flags }, source: rest, test: true,
      ranked: matcher.scored && spec.rank !== false, considered, pos: 0, plain: { groups: [], hays: [] }, shown: [], buckets: new Map(),
    };
  }

  /** Scans on until done or past `deadline` (at least one slice: every call makes progress). */
  private advance(scan: Scan, spec: ViewSpec, now: number | undefined, deadline: number): ViewResult {
    const { source, matcher, keep, plain, shown, buckets, ranked } = scan;
    const { groups, hays } = source;
    const n = hays.length;
    const scored = matcher.scored;
    const flagged = keep.warningsOnly || keep.hideExpired;
    let i = scan.pos;
    while (i < n) {
      const end = Math.min(n, i + SLICE);
      for (; i < end; i++) {
        const h = hays[i]!;
        let s = 0;
        if (plain !== undefined) {
          if (flagged && !admits(h, keep)) continue;
          if (scored) {
            s = matcher.rank(h);
            if (s === -2) continue;
          } else if (!matcher.test(h)) continue;
          plain.groups.push(groups[i]!);
          plain.hays.push(h);
        } else if (scored) s = matcher.score(h);
        if (!scored || s < 0) continue;
        if (!ranked) shown.push(groups[i]!);
        else {
          let b = buckets.get(s);
          if (b === undefined) buckets.set(s, (b = []));
          b.push(groups[i]!);
        }
      }
      if (i < n && performance.now() >= deadline) break;
    }
    scan.pos = i;
    const rows: Rows = plain ?? source;
    const done = i >= n;
    const base = scan.base;
    if (!done) {
      // The arrays grow on: the rows shown are a copy. A pending result is never the start of
      // another compute, and nothing asks it what changed (FollowState takes it whole).
      const list = ranked ? byScore(buckets, PENDING_ROWS) : (scored ? shown : rows.groups).slice(0, PENDING_ROWS);
      this.scan = scan;
      return new Result(NO_ROWS, list, ranked, scan.considered, base.version, scan.spec, scan.query, matcher, undefined, keep, { scanned: i, total: n });
    }
    const list = !scored ? rows.groups : ranked ? byScore(buckets) : shown;
    const changes = base.placed !== undefined ? { source: this.store, order: comparatorOf(base.sort, base.activeSince) } : undefined;
    // Finished a search begun at an older store version: it is brought forward now when time is
    // left (that costs what changed, or starts a scan of its own), else by the next call: until
    // then it says it is not current (pending, all scanned).
    const behind = base.version !== this.store.version;
    const result = new Result(rows, list, ranked, scan.considered, base.version, scan.spec, scan.query, matcher, changes, keep, behind ? { scanned: n, total: n } : undefined);
    this.last = { spec: result.spec, flags: keep, base, result };
    if (behind && performance.now() < deadline) return this.computeBy(spec, now, deadline);
    return result;
  }

  /**
   * The spec's flags as they act on the source now: hiding expired rows hides nothing while none
   * is (a first list, a cluster whose events are not being deleted), and without it the view takes
   * the unfiltered path: no filter pass and no copy of the rows per compute (at 100k groups, a
   * first list's 26 computes spent ~0.4 s in them).
   */
  private flagsFor(spec: ViewSpec): Flags {
    const f = flagsOf(spec);
    return f.hideExpired && this.store.noneExpired?.() === true ? { warningsOnly: f.warningsOnly, hideExpired: false } : f;
  }

  private parse(input: string): { query: Query; matcher: Matcher } {
    if (this.parsed?.input !== input) {
      const query = parseQuery(input);
      this.parsed = { input, query, matcher: compileMatcher(query) };
    }
    return this.parsed;
  }

  private baseFor(spec: ViewSpec, version: number, activeSince: number): Base {
    const scope = spec.objects === undefined ? undefined : scopeKey(spec.objects);
    const previous = scope === undefined ? this.unscoped.get(spec.sort) : this.scoped;
    const sameOrder = previous !== undefined && previous.sort === spec.sort && previous.activeSince === activeSince;
    if (sameOrder && previous.version === version && previous.scope === scope) {
      return previous;
    }
    let base: Base;
    const left = previous !== undefined ? this.store.leftSince?.(previous.version) : undefined;
    const logged = scope === undefined && previous?.placed !== undefined && sameOrder ? this.fromLog(previous, spec.sort, version, activeSince) : undefined;
    if (logged !== undefined) {
      base = logged;
    } else if (scope === undefined && previous !== undefined && spec.sort === 'triage' && previous.sort === 'triage' && !sameOrder) {
      // The triage cutoff stepped on: brought forward under the old cutoff first (what changed),
      // then only the rows whose tier moved across a cutoff are re-placed, instead of a full sort.
      base = reRank(this.baseFor(spec, version, previous.activeSince), activeSince);
    } else if (scope === undefined && previous !== undefined && previous.placed === undefined && sameOrder && left !== 'rebuild') {
      // Groups changed since the previous base (changedVersion; their sort keys may have moved,
      // new groups too) are sorted on their own and merged back; unchanged groups keep their
      // relative order because their keys did not move.
      const since = previous.version;
      const changed: EventGroup[] = [];
      let created = 0;
      const rowVersion = this.store.rowVersion?.bind(this.store);
      if (rowVersion !== undefined) {
        for (const g of this.store.groups()) if (rowVersion(g) > since) changed.push(g);
      } else {
        for (const g of this.store.groups()) {
          if (g.changedVersion <= since) continue;
          changed.push(g);
          if (g.createdVersion > since) created++;
        }
      }
      // The unscoped base holds exactly the store's groups, so a size that does not add up means
      // groups left the store (evicted, or emptied when their member moved to another text).
      // Independent of the store's counters on purpose.
      const removals = left !== undefined ? left === 'removed' : this.store.size !== previous.groups.length + created;
      const sorted = sortGroups(changed, spec.sort, activeSince);
      const fresh: Rows = { groups: sorted, hays: sorted.map(haystackOf) }; // haystackOf marks them touched
      const rows = changed.length === 0 && !removals ? previous : this.mergeRows(previous, since, fresh, comparatorOf(spec.sort, activeSince), removals, undefined);
      base = { groups: rows.groups, hays: rows.hays, version, sort: spec.sort, activeSince, scope, step: { from: since, fresh, removals } };
    } else {
      let all: readonly EventGroup[];
      if (scope === undefined) {
        all = this.store.groupList();
      } else {
        const seen = new Set<EventGroup>();
        for (const o of spec.objects!) for (const g of this.store.groupsOfObject(o.kind, o.namespace, o.name, o.cluster)) seen.add(g);
        all = [...seen];
      }
      const groups = sortGroups(all, spec.sort, activeSince);
      let placed: Placed | undefined;
      if (scope === undefined && this.store.changedSince !== undefined && this.store.goneSince !== undefined && this.store.rowVersion === undefined) {
        placed = new Map();
        for (const g of groups) placed.set(g, orderKeys(g, spec.sort, activeSince));
      }
      const hays = groups.map(haystackOf);
      base = placed === undefined ? { groups, hays, version, sort: spec.sort, activeSince, scope } : chunkedBase(RowChunks.of(groups, hays), { version, sort: spec.sort, activeSince, scope, placed });
    }
    if (scope === undefined) {
      this.unscoped.set(spec.sort, base);
      sweepTexts(base.chunks?.length ?? base.groups.length, () => base.hays); // the unscoped base is every group: strings no group uses can go
    } else this.scoped = base;
    return base;
  }

  /**
   * The unscoped base `previous` brought forward to `version` from the source's change log:
   * O(changed · log n) plus bulk copies. Undefined when the log does not reach back (then the
   * caller scans).
   */
  private fromLog(previous: Base, sort: SortKey, version: number, activeSince: number): Base | undefined {
    const since = previous.version;
    const changed = this.store.changedSince!(since);
    const gone = this.store.goneSince!(since);
    if (changed === undefined || gone === undefined) return undefined;
    const placed = previous.placed!;
    const left = new Map<EventGroup, Keys>();
    const present: EventGroup[] = [];
    for (const g of changed) {
      const k = placed.get(g);
      if (k !== undefined) left.set(g, k);
      if (this.store.group(g.key) === g) present.push(g);
    }
    for (const g of gone) {
      const k = placed.get(g);
      if (k !== undefined) left.set(g, k);
    }
    const sorted = sortGroups(present, sort, activeSince);
    const fresh: Rows = { groups: sorted, hays: sorted.map(haystackOf) }; // haystackOf marks them touched
    const chunks = replaceRows(previous.chunks!, placed, left, fresh, sort, activeSince);
    return chunkedBase(chunks, { version, sort, activeSince, scope: undefined, placed, step: { from: since, fresh, removals: gone.length > 0, left } });
  }

  /**
   * `old` (rows as of version `since`) brought forward: rows whose group changed since are dropped
   * (they come back through `fresh`, already sorted and filtered), as are groups that left the
   * store (looked up only when some did) and rows `keep` rejects; then `fresh` is merged in. Which old
   * rows changed is read from their haystacks (`touched`, refreshed by haystackOf), not from the
   * groups: at 100k groups, reading each group is a cache miss.
   */
  private mergeRows(old: Rows, since: number, fresh: Rows, cmp: (a: EventGroup, b: EventGroup) => number, removals: boolean, keep: Keep): Rows {
    const groups: EventGroup[] = [];
    const hays: Haystack[] = [];
    let j = 0;
    for (let i = 0; i < old.hays.length; i++) {
      const h = old.hays[i]!;
      if (h.touched > since) continue;
      const g = old.groups[i]!;
      if (removals && this.store.group(g.key) !== g) continue;
      if (!keeps(h, keep)) continue;
      // Comparisons stop once every fresh row is placed (in lastSeen order: near the top).
      while (j < fresh.groups.length && cmp(fresh.groups[j]!, g) < 0) {
        groups.push(fresh.groups[j]!);
        hays.push(fresh.hays[j++]!);
      }
      groups.push(g);
      hays.push(h);
    }
    for (; j < fresh.groups.length; j++) {
      groups.push(fresh.groups[j]!);
      hays.push(fresh.hays[j]!);
    }
    return { groups, hays };
  }
}

/**
 * A triage base re-ordered for another cutoff: rows whose triage rank differs under the new cutoff
 * (they crossed a boundary) are taken out, sorted and merged back; the others keep their order,
 * since their rank and lastSeen did not move. O(n) reads and no comparison sort of n rows.
 */
function reRank(was: Base, activeSince: number): Base {
  const moved = new Set<EventGroup>();
  // Only a lastSeen between the old and the new cutoff (active, or recent: RECENT_MS - ACTIVE_MS
  // earlier) can change a rank; the rest is one number compared.
  const lo = Math.min(was.activeSince, activeSince);
  const hi = Math.max(was.activeSince, activeSince);
  const d = RECENT_MS - ACTIVE_MS;
  const look = (g: EventGroup): void => {
    const t = g.lastSeen;
    if (!((t >= lo && t < hi) || (t >= lo - d && t < hi - d))) return;
    if (triageRank(g, was.activeSince) !== triageRank(g, activeSince)) moved.add(g);
  };
  // A chunked base is read part by part: flattening it would copy every row.
  if (was.chunks !== undefined) for (const part of was.chunks.groupParts) for (const g of part) look(g);
  else for (const g of was.groups) look(g);
  const sorted = sortGroups([...moved], 'triage', activeSince);
  const fresh: Rows = { groups: sorted, hays: sorted.map(haystackOf) };
  const placed = was.placed;
  if (was.chunks !== undefined && placed !== undefined) {
    // The rows that did not move keep their keys (same tier, same lastSeen): the moved ones are
    // taken out at their old keys and put back at their new ones, as a merge from the log does,
    // so a step costs what moved (every 10 s at 100k groups it copied and re-chunked every row).
    const left = new Map<EventGroup, Keys>();
    for (const g of moved) left.set(g, placed.get(g)!);
    const chunks = replaceRows(was.chunks, placed, left, fresh, 'triage', activeSince);
    return chunkedBase(chunks, { version: was.version, sort: 'triage', activeSince, scope: undefined, placed });
  }
  const cmp = comparatorOf('triage', activeSince);
  const groups: EventGroup[] = [];
  const hays: Haystack[] = [];
  let j = 0;
  for (let i = 0; i < was.groups.length; i++) {
    const g = was.groups[i]!;
    if (moved.size > 0 && moved.has(g)) continue;
    while (j < sorted.length && cmp(sorted[j]!, g) < 0) {
      groups.push(sorted[j]!);
      hays.push(fresh.hays[j++]!);
    }
    groups.push(g);
    hays.push(was.hays[i]!);
  }
  for (; j < sorted.length; j++) {
    groups.push(sorted[j]!);
    hays.push(fresh.hays[j]!);
  }
  return { groups, hays, version: was.version, sort: 'triage', activeSince, scope: undefined };
}

/**
 * `rows` with the `left` rows taken out where their placed keys put them and `fresh` (sorted)
 * put in at their keys under `sort`; `placed` follows. What a merge from the log and a triage
 * cutoff step both do.
 */
function replaceRows(rows: RowChunks, placed: Placed, left: ReadonlyMap<EventGroup, Keys>, fresh: Rows, sort: SortKey, activeSince: number): RowChunks {
  const now = new Map<EventGroup, Keys>();
  for (const g of fresh.groups) now.set(g, orderKeys(g, sort, activeSince));
  const chunks = left.size === 0 && fresh.groups.length === 0 ? rows : spliceChunks(rows, left, (g) => left.get(g) ?? placed.get(g)!, fresh, (g) => now.get(g)!);
  for (const g of left.keys()) placed.delete(g);
  for (const [g, k] of now) placed.set(g, k);
  return chunks;
}

/** Order keys compared: exactly comparatorOf order (see orderKeys). */
function compareKeys(a: Keys, ak: string, b: Keys, bk: string): number {
  return a.primary < b.primary ? -1 : a.primary > b.primary ? 1 : a.time < b.time ? -1 : a.time > b.time ? 1 : ak < bk ? -1 : ak > bk ? 1 : 0;
}

/** The first index of `rows` (sorted by `keysOf`) not before `k`/`key`. */
function lowerBound(rows: readonly EventGroup[], k: Keys, key: string, keysOf: (g: EventGroup) => Keys): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const g = rows[mid]!;
    if (compareKeys(keysOf(g), g.key, k, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `old` (sorted by `wasKeys`, the keys each row had when placed) without the rows in `left`, and
 * with `fresh` (sorted, keys `nowKeys`) placed: found by binary search, the unchanged runs between
 * copied in bulk (slice/concat), so no unchanged row is read.
 */
function spliceRows(old: Rows, left: ReadonlyMap<EventGroup, Keys>, wasKeys: (g: EventGroup) => Keys, fresh: Rows, nowKeys: (g: EventGroup) => Keys): Rows {
  // Cut points: a leaving row's index (dropped) or a fresh row's place (inserted before).
  const cuts: Array<{ at: number; drop: boolean; j: number }> = [];
  for (const [g, k] of left) {
    const i = lowerBound(old.groups, k, g.key, wasKeys);
    if (old.groups[i] === g) cuts.push({ at: i, drop: true, j: -1 });
  }
  for (let j = 0; j < fresh.groups.length; j++) {
    const g = fresh.groups[j]!;
    cuts.push({ at: lowerBound(old.groups, nowKeys(g), g.key, wasKeys), drop: false, j });
  }
  if (cuts.length === 0) return old;
  // At one index, inserts (in fresh order) go before the drop of the row that was there.
  cuts.sort((a, b) => a.at - b.at || (a.drop === b.drop ? a.j - b.j : a.drop ? 1 : -1));
  return { groups: applyCuts(old.groups, cuts, fresh.groups), hays: applyCuts(old.hays, cuts, fresh.hays) };
}

type Cut = { readonly at: number; readonly drop: boolean; readonly j: number };

/**
 * A copy of `old` (native slice) with each stretch of nearby cuts rebuilt and spliced in: rows
 * between stretches are not visited, and only move (natively) when a stretch changed the count.
 * Many stretches that change the count: the pieces are concatenated instead (one native pass).
 */
function applyCuts<T>(old: readonly T[], cuts: readonly Cut[], fresh: readonly T[]): T[] {
  const stretches: Array<{ from: number; to: number; first: number; end: number }> = [];
  for (let i = 0; i < cuts.length; ) {
    const first = cuts[i]!.at;
    let end = first;
    let j = i;
    for (; j < cuts.length && cuts[j]!.at <= end + 64; j++) end = Math.max(end, cuts[j]!.drop ? cuts[j]!.at + 1 : cuts[j]!.at);
    stretches.push({ from: i, to: j, first, end });
    i = j;
  }
  const rebuilt = stretches.map((s) => stretch(old, cuts, s.from, s.to, s.first, s.end, fresh));
  let moving = 0;
  for (let i = 0; i < stretches.length; i++) if (rebuilt[i]!.length !== stretches[i]!.end - stretches[i]!.first) moving++;
  if (moving > 4) {
    const parts: T[][] = [];
    let at = 0;
    for (let i = 0; i < stretches.length; i++) {
      parts.push(old.slice(at, stretches[i]!.first) as T[], rebuilt[i]!);
      at = stretches[i]!.end;
    }
    parts.push(old.slice(at) as T[]);
    return ([] as T[]).concat(...parts);
  }
  const out = old.slice() as T[];
  // Right to left: a splice does not move the stretches still to do.
  for (let i = stretches.length - 1; i >= 0; i--) {
    const s = stretches[i]!;
    const mid = rebuilt[i]!;
    if (mid.length <= 30_000) out.splice(s.first, s.end - s.first, ...mid);
    else {
      const tail = out.splice(s.first);
      for (const x of mid) out.push(x);
      for (let k = s.end - s.first; k < tail.length; k++) out.push(tail[k]!);
    }
  }
  return out;
}

/** old[first, end) with cuts[from, to) applied: inserts before the row at their index, drops. */
function stretch<T>(old: readonly T[], cuts: readonly Cut[], from: number, to: number, first: number, end: number, fresh: readonly T[]): T[] {
  const mid: T[] = [];
  let k = from;
  for (let i = first; i <= end; i++) {
    let dropped = false;
    while (k < to && cuts[k]!.at === i) {
      const c = cuts[k++]!;
      if (c.drop) dropped = true;
      else mid.push(fresh[c.j]!);
    }
    if (i < end && !dropped) mid.push(old[i]!);
  }
  return mid;
}

/** Rows per chunk of a chunked base (a chunk is split past twice this). */
const CHUNK = 64;

/**
 * A base's rows in chunks, persistent: a splice copies the chunks it touches and the chunk
 * directory (n / CHUNK entries), shares the others, and never flattens, so merging a frame's
 * changes into 50k rows costs O(changed · CHUNK + n / CHUNK), not two 50k-row copies (and their
 * garbage). The flat arrays are built on first read only (a re-order of the table, a filter).
 * groups and hays are chunked at the same boundaries.
 */
class RowChunks {
  private flatGroups: readonly EventGroup[] | undefined;
  private flatHays: readonly Haystack[] | undefined;

  private constructor(
    readonly groupParts: readonly (readonly EventGroup[])[],
    readonly hayParts: readonly (readonly Haystack[])[],
    /** starts[p]: the index of part p's first row; starts[parts] = length. Parts are never empty. */
    readonly starts: readonly number[],
  ) {}

  get length(): number {
    return this.starts[this.starts.length - 1]!;
  }

  static of(groups: readonly EventGroup[], hays: readonly Haystack[]): RowChunks {
    const gp: EventGroup[][] = [];
    const hp: Haystack[][] = [];
    const starts: number[] = [];
    for (let i = 0; i < groups.length; i += CHUNK) {
      starts.push(i);
      gp.push(groups.slice(i, i + CHUNK));
      hp.push(hays.slice(i, i + CHUNK));
    }
    starts.push(groups.length);
    const c = new RowChunks(gp, hp, starts);
    c.flatGroups = groups; // never mutated: as good as a flattening
    c.flatHays = hays;
    return c;
  }

  static from(gp: readonly (readonly EventGroup[])[], hp: readonly (readonly Haystack[])[]): RowChunks {
    const starts = new Array<number>(gp.length + 1);
    let n = 0;
    for (let p = 0; p < gp.length; p++) {
      starts[p] = n;
      n += gp[p]!.length;
    }
    starts[gp.length] = n;
    // Splits and drops leave more, smaller chunks over time: re-chunked when they double.
    if (gp.length > 2 * Math.ceil(n / CHUNK) + 16) {
      const flat = new RowChunks(gp, hp, starts);
      return RowChunks.of(flat.groups(), flat.hays());
    }
    return new RowChunks(gp, hp, starts);
  }

  groups(): readonly EventGroup[] {
    return (this.flatGroups ??= ([] as EventGroup[]).concat(...this.groupParts));
  }

  hays(): readonly Haystack[] {
    return (this.flatHays ??= ([] as Haystack[]).concat(...this.hayParts));
  }
}

/**
 * A base over `chunks`: its groups and hays are the chunks flattened, on first read. A class, not
 * an object literal with the same two getters: with the literal (measured, 6,000 events/s through
 * the 50,000-group cap) the heap grew with the evictions, 154 → 231 MiB at 60 s and ~9,000 more
 * Group objects alive at 45 s, and the 2 M-event storm peaked at 601–761 MiB instead of ~364.
 */
function chunkedBase(chunks: RowChunks, rest: Omit<Base, 'groups' | 'hays' | 'chunks'>): Base {
  return new ChunkedBase(chunks, rest);
}

class ChunkedBase implements Base {
  readonly version: number;
  readonly sort: SortKey;
  readonly activeSince: number;
  readonly scope: string | undefined;
  kept?: number[];
  readonly step?: Step;
  readonly placed?: Placed;

  constructor(
    readonly chunks: RowChunks,
    rest: Omit<Base, 'groups' | 'hays' | 'chunks'>,
  ) {
    this.version = rest.version;
    this.sort = rest.sort;
    this.activeSince = rest.activeSince;
    this.scope = rest.scope;
    if (rest.kept !== undefined) this.kept = rest.kept;
    if (rest.step !== undefined) this.step = rest.step;
    if (rest.placed !== undefined) this.placed = rest.placed;
  }

  get groups(): readonly EventGroup[] {
    return this.chunks.groups();
  }

  get hays(): readonly Haystack[] {
    return this.chunks.hays();
  }
}

/** Where `k`/`key` goes in `rows` (sorted by `keysOf`): the part and the index in it; past the
 *  last row: the last part, at its length. */
function lowerBoundChunks(rows: RowChunks, k: Keys, key: string, keysOf: (g: EventGroup) => Keys): { part: number; at: number } {
  const parts = rows.groupParts;
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = parts[mid]!;
    const g = p[p.length - 1]!;
    if (compareKeys(keysOf(g), g.key, k, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo === parts.length) return { part: parts.length - 1, at: parts.length === 0 ? 0 : parts[parts.length - 1]!.length };
  return { part: lo, at: lowerBound(parts[lo]!, k, key, keysOf) };
}

type PartCut = { readonly part: number; readonly at: number; readonly drop: boolean; readonly j: number };

/** spliceRows on chunks: only the chunks a cut falls in are rebuilt (split when they grew). */
function spliceChunks(old: RowChunks, left: ReadonlyMap<EventGroup, Keys>, wasKeys: (g: EventGroup) => Keys, fresh: Rows, nowKeys: (g: EventGroup) => Keys): RowChunks {
  if (old.groupParts.length === 0) return RowChunks.of(fresh.groups, fresh.hays); // nothing can leave an empty base
  const cuts: PartCut[] = [];
  for (const [g, k] of left) {
    const { part, at } = lowerBoundChunks(old, k, g.key, wasKeys);
    if (old.groupParts[part]![at] === g) cuts.push({ part, at, drop: true, j: -1 });
  }
  for (let j = 0; j < fresh.groups.length; j++) {
    const g = fresh.groups[j]!;
    const { part, at } = lowerBoundChunks(old, nowKeys(g), g.key, wasKeys);
    cuts.push({ part, at, drop: false, j });
  }
  if (cuts.length === 0) return old;
  // At one index, inserts (in fresh order) go before the drop of the row that was there.
  cuts.sort((a, b) => a.part - b.part || a.at - b.at || (a.drop === b.drop ? a.j - b.j : a.drop ? 1 : -1));
  const gp: (readonly EventGroup[])[] = [];
  const hp: (readonly Haystack[])[] = [];
  let p = 0;
  for (let c = 0; c < cuts.length; ) {
    const part = cuts[c]!.part;
    for (; p < part; p++) {
      gp.push(old.groupParts[p]!);
      hp.push(old.hayParts[p]!);
    }
    let to = c;
    while (to < cuts.length && cuts[to]!.part === part) to++;
    const g = rebuildPart(old.groupParts[part]!, cuts, c, to, fresh.groups);
    const h = rebuildPart(old.hayParts[part]!, cuts, c, to, fresh.hays);
    if (g.length <= 2 * CHUNK) {
      if (g.length > 0) {
        gp.push(g);
        hp.push(h);
      }
    } else {
      for (let i = 0; i < g.length; i += CHUNK) {
        gp.push(g.slice(i, i + CHUNK));
        hp.push(h.slice(i, i + CHUNK));
      }
    }
    p = part + 1;
    c = to;
  }
  for (; p < old.groupParts.length; p++) {
    gp.push(old.groupParts[p]!);
    hp.push(old.hayParts[p]!);
  }
  return RowChunks.from(gp, hp);
}

/** One chunk with cuts[from, to) (all in it) applied: inserts before the row at their index. */
function rebuildPart<T>(old: readonly T[], cuts: readonly PartCut[], from: number, to: number, fresh: readonly T[]): T[] {
  const out: T[] = [];
  let k = from;
  for (let i = 0; i <= old.length; i++) {
    let dropped = false;
    while (k < to && cuts[k]!.at === i) {
      const c = cuts[k++]!;
      if (c.drop) dropped = true;
      else out.push(fresh[c.j]!);
    }
    if (i < old.length && !dropped) out.push(old[i]!);
  }
  return out;
}

function filterRows(source: Rows, keep: Keep): Rows {
  const groups: EventGroup[] = [];
  const hays: Haystack[] = [];
  for (let i = 0; i < source.hays.length; i++) {
    const h = source.hays[i]!;
    if (keeps(h, keep)) {
      groups.push(source.groups[i]!);
      hays.push(h);
    }
  }
  return { groups, hays };
}

/**
 * Rows that scored, by descending score, ties in their (sort) order. Scores take few distinct
 * values (they come from distinct strings), so a scan buckets rows per score and only the scores
 * are sorted.
 */
function byScore(buckets: ReadonlyMap<number, readonly EventGroup[]>, most = Infinity): EventGroup[] {
  const out: EventGroup[] = [];
  for (const s of [...buckets.keys()].sort((a, b) => b - a)) {
    for (const g of buckets.get(s)!) {
      if (out.length >= most) return out;
      out.push(g);
    }
  }
  return out;
}

/** Rows of `base` the flags keep, counted once per base and flag combination. */
function countKept(base: Base, f: Flags): number {
  if (!f.warningsOnly && !f.hideExpired) return base.chunks?.length ?? base.groups.length;
  const bit = (f.warningsOnly ? 1 : 0) | (f.hideExpired ? 2 : 0);
  base.kept ??= [];
  let n = base.kept[bit];
  if (n === undefined) {
    n = 0;
    const hays = base.hays;
    for (let i = 0; i < hays.length; i++) if (admits(hays[i]!, f)) n++;
    base.kept[bit] = n;
  }
  return n;
}

class Result implements ViewResult {
  // Highlights are asked for the visible rows only, every frame: memoised per result, bounded.
  private cache: Map<EventGroup, ReadonlyMap<HighlightField, readonly number[]> | undefined> | undefined;
  private rows: readonly EventGroup[] | (() => readonly EventGroup[]);

  constructor(
    /** The candidates (Matcher.test) in sort order: what the next compute filters and merges. */
    readonly plain: Rows,
    /** The rows, or how to get them on first read (a chunked base's rows, flattened then). */
    rows: readonly EventGroup[] | (() => readonly EventGroup[]),
    readonly ranked: boolean,
    readonly considered: number,
    readonly storeVersion: number,
    readonly spec: ViewSpec,
    readonly query: Query,
    private readonly matcher: Matcher,
    /** The source's change log, when this result answers its current version unscoped. */
    private readonly changes: { readonly source: RowSource; readonly order: (a: EventGroup, b: EventGroup) => number } | undefined,
    readonly keep: Keep,
    readonly pending?: { readonly scanned: number; readonly total: number },
  ) {
    this.rows = rows;
  }

  get groups(): readonly EventGroup[] {
    if (typeof this.rows === 'function') this.rows = this.rows();
    return this.rows;
  }

  get everyRow(): boolean {
    return this.changes !== undefined && this.keep === undefined;
  }

  highlights(g: EventGroup): ReadonlyMap<HighlightField, readonly number[]> | undefined {
    if (this.matcher.empty) return undefined;
    this.cache ??= new Map();
    if (this.cache.has(g)) return this.cache.get(g);
    if (this.cache.size >= HIGHLIGHT_CACHE) this.cache.clear();
    const h = this.matcher.highlights(g);
    this.cache.set(g, h);
    return h;
  }

  changedSince(version: number): EventGroup[] {
    const source = this.changes?.source;
    const logged = source !== undefined && source.version === this.storeVersion ? source.changedSince!(version) : undefined;
    if (logged !== undefined) {
      // The result is every current row that `keep` and the score let through; in sort order,
      // as the scan below gives them.
      const out: EventGroup[] = [];
      for (const g of logged) {
        if (source!.group(g.key) !== g) continue;
        if (this.keep === undefined) out.push(g);
        else {
          const h = haystackOf(g);
          if (keeps(h, this.keep) && (!this.matcher.scored || this.matcher.score(h) >= 0)) out.push(g);
        }
      }
      return out.sort(this.changes!.order);
    }
    const out: EventGroup[] = [];
    const { hays, groups } = this.plain;
    const scored = this.matcher.scored;
    for (let i = 0; i < hays.length; i++) {
      const h = hays[i]!;
      if (h.touched > version && (!scored || this.matcher.score(h) >= 0)) out.push(groups[i]!);
    }
    return out;
  }
}

function scopeKey(objects: readonly ObjectKey[]): string {
  return objects.map((o) => `${o.kind}\u0000${o.namespace}\u0000${o.name}\u0000${o.cluster ?? ''}`).join('\u0001');
}
