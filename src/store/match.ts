// Deciding whether a group matches a parsed Query, how well (its score), and which characters
// matched (highlights).
//
// A free word is matched with fuzzysort (subsequence matching as in Sublime/fzf: "bkoff" →
// BackOff, "schedulng" → FailedScheduling) against each of a group's fields: reason, message,
// `Kind/name`, namespace, component and type. Every word must match some field with a score of at
// least WORD_THRESHOLD; a group's score is the sum over words of the best field's score.
//
// What keeps it fast at 100k groups: the same text repeats across groups (a few dozen reasons, a
// few thousand names and messages per 50k groups), so every field of a haystack is a shared Text,
// interned, prepared for fuzzysort at most once, and every predicate of a query is evaluated at
// most once per distinct Text (memo slots on the Text itself, no map lookup per group).
//
// Two levels: `test` holds when every word occurs as a subsequence somewhere (threshold aside) and
// every token holds; that is prefix-closed, so a query typed on only re-tests the previous
// candidates (`narrows`). `score` then applies the threshold (-1 = below it) and ranks.
import fuzzysort, { type Prepared } from 'fuzzysort';
import type { EventGroup } from './aggregate.js';
import type { KubeEvent } from '../model/event.js';
import { severityRank, type Severity } from '../model/severity.js';
import type { FieldToken, Query } from './query.js';

export type HighlightField = 'reason' | 'message' | 'object' | 'namespace' | 'component';

/**
 * Minimum fuzzysort score (0..1) for a word to match a field. fuzzysort's own default (0.5) drops
 * `bkoff` → BackOff (0.35) and `schedulng` → FailedScheduling (0.32); with none, `backoff` finds
 * letters scattered over long messages. Scattered matches over long text score under 0.2.
 */
export const WORD_THRESHOLD = 0.25;

/** One distinct string, shared by every field of every group that holds it. */
export class Text {
  private prep: Prepared | undefined;
  private low: string | undefined;
  /** fuzzysort's bitflags of the text (NOT_ASCII: no cheap pre-check), computed on first need. */
  private bits = UNKNOWN;
  /** Memo: which matcher `stamp` the slots belong to, and one value per predicate. */
  stamp = 0;
  memo: number[] = NO_MEMO;

  constructor(readonly value: string, public id: number) {}

  get prepared(): Prepared {
    return (this.prep ??= fuzzysort.prepare(this.value));
  }

  get lower(): string {
    return (this.low ??= this.value.toLowerCase());
  }

  /**
   * fuzzysort.single(word, this) without preparing this text when the word cannot match it: most
   * texts do not hold a typed word's letters in order, and a prepared target costs ~2.7 KB for a
   * 110-character message (arrays of char codes), so preparing every message at 100k groups took
   * 110 MiB. Exact: for plain ASCII (what fuzzysort leaves unmapped) a word that is not a
   * subsequence of the lower-cased text, or lacks one of its letter classes, is fuzzysort's null.
   */
  score(word: string, lowerWord: string, wordBits: number): number {
    if (wordBits !== NOT_ASCII) {
      let bits = this.bits;
      if (bits === UNKNOWN) bits = this.bits = asciiBits(this.lower);
      if (bits !== NOT_ASCII && ((wordBits & bits) !== wordBits || !isSubsequence(lowerWord, this.lower))) return NO;
    }
    const prepared = this.prepared;
    const r = fuzzysort.single(word, prepared);
    compact(prepared);
    return r === null ? NO : r.score;
  }
}

const UNKNOWN = -2;
const NOT_ASCII = -1;
const NO_MEMO: number[] = [];

/** A query word's bitflags for Text.score: NOT_ASCII (no pre-check) unless plain ASCII, one word. */
function wordBits(lowerWord: string): number {
  return lowerWord === '' || lowerWord.includes(' ') ? NOT_ASCII : asciiBits(lowerWord);
}

/** fuzzysort's letter-class bitflags of an ASCII lower-case text; NOT_ASCII if it would remap it. */
export function asciiBits(lower: string): number {
  let bits = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    // fuzzysort remaps non-ASCII characters (é → e) and \ " `: left to fuzzysort itself.
    if (c > 127 || c === 92 || c === 34 || c === 96) return NOT_ASCII;
    if (c === 32) continue;
    bits |= 1 << (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 : 30);
  }
  return bits;
}

function isSubsequence(word: string, text: string): boolean {
  let at = 0;
  for (let i = 0; i < word.length; i++) {
    at = text.indexOf(word[i]!, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

type PreparedArrays = { _targetLowerCodes: ArrayLike<number> | null; _nextBeginningIndexes: ArrayLike<number> | null; _beginnings: ArrayLike<number> | null; target: string };

/**
 * A prepared target keeps its char codes, and after a match its word beginnings, as plain arrays
 * of numbers (8 bytes each); fuzzysort only reads them by index, so typed arrays of 2 bytes a
 * code serve the same (test/unit/match-compact.test.ts compares scores and highlights).
 */
function compact(p: Prepared): void {
  const a = p as unknown as PreparedArrays;
  const wide = a.target.length >= 0xffff;
  if (Array.isArray(a._targetLowerCodes)) a._targetLowerCodes = Uint16Array.from(a._targetLowerCodes);
  if (Array.isArray(a._nextBeginningIndexes)) a._nextBeginningIndexes = wide ? Uint32Array.from(a._nextBeginningIndexes) : Uint16Array.from(a._nextBeginningIndexes);
  if (Array.isArray(a._beginnings)) a._beginnings = wide ? Uint32Array.from(a._beginnings) : Uint16Array.from(a._beginnings);
}

// Interned Texts. Haystacks hold their Texts directly, so dropping an entry here loses sharing,
// never correctness: `sweepTexts` rebuilds the table from the live haystacks once it has grown
// well past what they use and groups have gone (evicted groups leave their strings behind).
let texts = new Map<string, Text>();
let liveAtSweep = 0;
let nextId = 0;
// What may have become garbage since the last sweep: haystacks made since (less the growth of the
// live ones: the rest have gone), and Texts a haystack let go (its message changed).
let haystacksMade = 0;
let haystacksAtSweep = 0;
let sweeps = 0;
let textsDropped = 0;

function textOf(s: string): Text {
  let t = texts.get(s);
  if (t === undefined) {
    t = new Text(s, nextId++);
    texts.set(s, t);
  }
  return t;
}

// fuzzysort's score of recent words per Text id, across queries: backspace, retyping and the
// same word in a new query cost a lookup. NaN = not asked yet. Bounded to WORD_CACHE words.
const WORD_CACHE = 16;
const wordScores = new Map<string, Float32Array>();
/** Bumped whenever ids are reassigned: score arrays fetched before are stale. */
let generation = 0;

function scoresOf(word: string): Float32Array {
  let a = wordScores.get(word);
  if (a !== undefined) {
    wordScores.delete(word); // most recent last
    wordScores.set(word, a);
  } else {
    if (wordScores.size >= WORD_CACHE) wordScores.delete(wordScores.keys().next().value!);
    a = new Float32Array(Math.max(1024, nextId * 1.25)).fill(NaN);
    wordScores.set(word, a);
  }
  if (a.length < nextId) {
    const grown = new Float32Array(Math.max(nextId * 1.25, a.length * 2)).fill(NaN);
    grown.set(a);
    wordScores.set(word, (a = grown));
  }
  return a;
}

/** Forgets cached word scores (benches measure cold queries with it). */
export function dropWordScores(): void {
  wordScores.clear();
  generation++;
}

/** How many sweeps have run (for tests). */
export function textSweeps(): number {
  return sweeps;
}

/** How many distinct strings are interned (for tests and benches). */
export function internedTexts(): number {
  return texts.size;
}

/**
 * Drops interned strings no haystack in `every` uses, when the table is more than twice as big
 * as at the last sweep and at least half as many haystacks as are alive have gone since (a table
 * that grew because a first search made the Texts holds no garbage: sweeping 100k groups then
 * blocked a frame for 125 ms). `every` must be every current haystack (the unscoped base), and
 * `live` how many there are.
 */
export function sweepTexts(live: number, every: () => readonly Haystack[], force = false): void {
  const gone = haystacksMade - (live - haystacksAtSweep) + textsDropped;
  if (!force && (texts.size <= Math.max(4096, 2 * liveAtSweep) || gone < live / 2)) return;
  // A function: the caller's rows are only flattened when a sweep is due.
  const hays = every();
  sweeps++;
  haystacksMade = 0;
  haystacksAtSweep = hays.length;
  textsDropped = 0;
  const next = new Map<string, Text>();
  // Live Texts get compact ids again, so cached word scores (by id) are dropped.
  nextId = 0;
  wordScores.clear();
  generation++;
  const keep = (t: Text): void => {
    if (next.has(t.value)) return;
    t.id = nextId++;
    next.set(t.value, t);
  };
  for (const h of hays) h.eachText(keep);
  texts = next;
  liveAtSweep = next.size;
}

/**
 * Everything the filter reads about a group: the filter loops walk these, not the groups. The
 * Texts are made on first need (ready(), which the matcher calls): while nothing is filtered (a
 * first list of 100k groups) interning eight strings a group and sweeping the table cost ~450 ms
 * that no frame needed. All eight at once, into plain fields: getters that made each on first
 * read cost a full search at 100k groups a fifth more (alternated 4×, median of 9: "b" 254 →
 * 197 ms, "zzqx" 34.5 → 27 ms).
 */
export class Haystack {
  /** g.changedVersion when last validated; a merge compares it with its base version. */
  touched: number;
  latest: KubeEvent;
  /** severityRank of the group. */
  rank: number;
  /** The group's type is Warning (what warnings-only, the header and type:warning count). */
  warning: boolean;
  /** Every member was deleted (what `:expired off` hides); expiry touches the group. */
  expired: boolean;
  private made = false;
  // The Texts: read them only after ready().
  type!: Text;
  message!: Text;
  reason!: Text;
  namespace!: Text;
  component!: Text;
  /** `Kind/name`: the object text highlight indexes refer to. */
  object!: Text;
  kind!: Text;
  /** The kubeconfig context ('' with one cluster): only `cluster:` reads it. */
  cluster!: Text;

  constructor(readonly group: EventGroup) {
    haystacksMade++;
    this.touched = group.changedVersion;
    this.latest = group.latest;
    this.rank = severityRank(group.severity);
    this.warning = group.type === 'Warning';
    this.expired = group.expired;
  }

  /** Brought up to date with its group (which mutates in place). */
  refresh(): void {
    const g = this.group;
    this.touched = g.changedVersion; // also tells other bases holding this object that it moved
    this.latest = g.latest;
    this.rank = severityRank(g.severity);
    this.warning = g.type === 'Warning';
    this.expired = g.expired;
    if (!this.made) return;
    // Component, reason, object and namespace are key parts and never change within a group; the
    // message can (the "combined from similar events" prefix comes and goes), and the type.
    if (this.type.value !== g.type) {
      this.type = textOf(g.type);
      textsDropped++;
    }
    if (this.message.value !== g.message) {
      this.message = textOf(g.message);
      textsDropped++;
    }
  }

  /** Makes the Texts, once. */
  ready(): this {
    if (this.made) return this;
    const g = this.group;
    this.type = textOf(g.type);
    this.message = textOf(g.message);
    this.reason = textOf(g.reason);
    this.namespace = textOf(g.namespace);
    this.component = textOf(g.component);
    this.object = textOf(g.object.kind + '/' + g.object.name);
    this.kind = textOf(g.object.kind);
    this.cluster = textOf(g.cluster);
    this.made = true;
    return this;
  }

  /** The Texts made (what a sweep keeps), without making them. */
  eachText(f: (t: Text) => void): void {
    if (!this.made) return;
    f(this.type); f(this.message); f(this.reason); f(this.namespace); f(this.component); f(this.object); f(this.kind); f(this.cluster);
  }
}

/**
 * Makes the Texts of the groups `it` yields until `deadline` (performance.now()); true once `it`
 * is done. Called in slices after a first list, so that a first search does not make them
 * between its frames.
 */
export function warmTexts(it: Iterator<EventGroup>, deadline: number): boolean {
  for (;;) {
    for (let i = 0; i < 64; i++) {
      const next = it.next();
      if (next.done === true) return true;
      haystackOf(next.value).ready();
    }
    if (performance.now() >= deadline) return false;
  }
}

// Groups are mutated in place by the store, so the cache is keyed on the object itself; evicted
// groups drop out with their group.
const haystacks = new WeakMap<EventGroup, Haystack>();

/** The group's haystack, brought up to date (cheap when the group was not touched since). */
export function haystackOf(g: EventGroup): Haystack {
  let h = haystacks.get(g);
  if (h === undefined) haystacks.set(g, (h = new Haystack(g)));
  else if (h.touched !== g.changedVersion) h.refresh();
  return h;
}

// ── predicates on one Text ─────────────────────────────────────────────────────────────────

/** Memo values: NaN not computed yet, NO for false / no match, else a score (1 for true). */
const NO = -1;

type Kind = 'fuzzy' | 'substring' | 'exact' | 'prefix' | 'regex';

/** A question asked of one Text, memoised per Text (slot `slot` of Text.memo). */
class Predicate {
  private cache: Float32Array | undefined;
  private generation = -1;
  /** A fuzzy word as fuzzysort compares it (trimmed, lower case), and its bitflags. */
  private readonly lowerWord: string;
  private readonly bits: number;

  constructor(
    readonly kind: Kind,
    readonly value: string,
    readonly slot: number,
    private readonly regex?: RegExp,
  ) {
    this.lowerWord = kind === 'fuzzy' ? value.trim().toLowerCase() : '';
    this.bits = kind === 'fuzzy' ? wordBits(this.lowerWord) : NOT_ASCII;
  }

  evaluate(t: Text): number {
    switch (this.kind) {
      case 'fuzzy': {
        let cache = this.cache;
        if (cache === undefined || cache.length <= t.id || this.generation !== generation) {
          cache = this.cache = scoresOf(this.value);
          this.generation = generation;
        }
        const known = cache[t.id]!;
        if (known === known) return known;
        // Rounded as stored, so that a score reads the same fresh and cached (ranking ties).
        return (cache[t.id] = Math.fround(t.score(this.value, this.lowerWord, this.bits)));
      }
      case 'substring':
        return t.lower.includes(this.value) ? 1 : NO;
      case 'exact':
        return t.lower === this.value ? 1 : NO;
      case 'prefix':
        return t.lower.startsWith(this.value) ? 1 : NO;
      case 'regex':
        return this.regex!.test(t.value) ? 1 : NO;
    }
  }
}

// ── compiled queries ───────────────────────────────────────────────────────────────────────

export interface Matcher {
  /** True when the query constrains nothing (every group matches). */
  readonly empty: boolean;
  /** True when the query has fuzzy words, i.e. rows have scores worth ranking by. */
  readonly scored: boolean;
  /**
   * Every token holds and every word occurs as a subsequence (score aside): the candidates,
   * prefix-closed (the haystack must be current: haystackOf).
   */
  test(h: Haystack): boolean;
  /**
   * The group's match score (sum over words of the best field's score), -1 when some word's best
   * is under WORD_THRESHOLD (the row does not match); call after test() held.
   */
  score(h: Haystack): number;
  /** test() and score() in one pass: -2 when test fails, else score(h). */
  rank(h: Haystack): number;
  /** Matched positions per field (sorted, UTF-16 indexes into the field text), or undefined. */
  highlights(g: EventGroup): ReadonlyMap<HighlightField, readonly number[]> | undefined;
}

type Field = 'reason' | 'message' | 'object' | 'namespace' | 'component' | 'type' | 'kind' | 'cluster';
/** The fields a free word (and a regex) is matched against, highlightable ones first. */
const WORD_FIELDS: readonly Field[] = ['reason', 'message', 'object', 'namespace', 'component', 'type'];
const TOKEN_FIELDS: Readonly<Record<Exclude<FieldToken['field'], 'sev' | 're'>, Field>> = {
  type: 'type', ns: 'namespace', kind: 'kind', obj: 'object', reason: 'reason', comp: 'component', msg: 'message', cluster: 'cluster',
};

/** A constraint of the query: a predicate over some fields (any of them), maybe negated. */
interface Clause {
  readonly pred: Predicate;
  readonly fields: readonly Field[];
  /** fields === WORD_FIELDS: read every one of them by name. */
  readonly all: boolean;
  readonly negate: boolean;
  /** A positive fuzzy word (scored). */
  readonly word: boolean;
}

let stamps = 0;

// A class, not closures: class methods stay optimised across queries.
class QueryMatcher implements Matcher {
  readonly empty: boolean;
  readonly scored: boolean;
  private readonly stamp = ++stamps;
  private readonly sev: Array<{ rank: number; negate: boolean }>;
  /** Token clauses first (cheap, few distinct values), then words; each row must satisfy all. */
  private readonly clauses: Clause[] = [];
  /** The fuzzy word clauses, in typed order (score and highlights). */
  private readonly words: Clause[] = [];
  private slots = 0;

  constructor(q: Query) {
    this.sev = q.tokens.filter((t) => t.field === 'sev').map((t) => ({ rank: severityRank(t.value as Severity), negate: t.negate }));
    for (const t of q.tokens) {
      if (t.field === 'sev') continue;
      if (t.field === 're') {
        this.clauses.push({ pred: this.pred('regex', t.value, t.regex), fields: WORD_FIELDS, all: true, negate: t.negate, word: false });
        continue;
      }
      // Kinds are compared whole (kind:po is Pod, not HorizontalPodAutoscaler); types are a
      // handful of words, a prefix is enough (type:warn); other fields take a substring.
      const kind: Kind = t.field === 'kind' ? 'exact' : t.field === 'type' ? 'prefix' : 'substring';
      this.clauses.push({ pred: this.pred(kind, t.value), fields: [TOKEN_FIELDS[t.field]], all: false, negate: t.negate, word: false });
    }
    for (const w of q.words) {
      if (w.negate) {
        // Negations stay plain substrings: a fuzzy negation would hide far more than typed.
        this.clauses.push({ pred: this.pred('substring', w.value), fields: WORD_FIELDS, all: true, negate: true, word: false });
        continue;
      }
      const clause: Clause = { pred: this.pred('fuzzy', w.value), fields: WORD_FIELDS, all: true, negate: false, word: true };
      this.words.push(clause);
      this.clauses.push(clause);
    }
    this.scored = this.words.length > 0;
    this.empty = this.sev.length === 0 && this.clauses.length === 0;
  }

  private pred(kind: Kind, value: string, regex?: RegExp): Predicate {
    return new Predicate(kind, value, this.slots++, regex);
  }

  private value(t: Text, p: Predicate): number {
    let memo = t.memo;
    if (memo === NO_MEMO) memo = t.memo = [];
    if (t.stamp !== this.stamp) {
      t.stamp = this.stamp;
      for (let i = 0; i < this.slots; i++) memo[i] = NaN;
    }
    let v = memo[p.slot]!;
    if (v !== v) v = memo[p.slot] = p.evaluate(t);
    return v;
  }

  /** The best value of clause c over its fields (NO when none holds). */
  private best(h: Haystack, c: Clause): number {
    if (!c.all) return this.value(h[c.fields[0]!], c.pred);
    // The WORD_FIELDS, read by name (an array of them per group was ~100 B of 100k groups).
    const p = c.pred;
    let best = this.value(h.reason, p);
    let v = this.value(h.message, p);
    if (v > best) best = v;
    v = this.value(h.object, p);
    if (v > best) best = v;
    v = this.value(h.namespace, p);
    if (v > best) best = v;
    v = this.value(h.component, p);
    if (v > best) best = v;
    v = this.value(h.type, p);
    return v > best ? v : best;
  }

  // Cheapest rejections first: severity (a number), then clauses in order (tokens before words).
  test(h: Haystack): boolean {
    const sev = this.sev;
    for (let i = 0; i < sev.length; i++) if (h.rank >= sev[i]!.rank === sev[i]!.negate) return false;
    h.ready();
    const clauses = this.clauses;
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i]!;
      if ((this.best(h, c) !== NO) === c.negate) return false;
    }
    return true;
  }

  rank(h: Haystack): number {
    const sev = this.sev;
    for (let i = 0; i < sev.length; i++) if (h.rank >= sev[i]!.rank === sev[i]!.negate) return -2;
    h.ready();
    const clauses = this.clauses;
    let sum = 0;
    let below = false;
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i]!;
      const best = this.best(h, c);
      if ((best !== NO) === c.negate) return -2;
      if (c.word) {
        if (best < WORD_THRESHOLD) below = true;
        sum += best;
      }
    }
    return below ? -1 : sum;
  }

  score(h: Haystack): number {
    h.ready();
    let sum = 0;
    for (let i = 0; i < this.words.length; i++) {
      const best = this.best(h, this.words[i]!);
      if (best < WORD_THRESHOLD) return -1;
      sum += best;
    }
    return sum;
  }

  highlights(g: EventGroup): ReadonlyMap<HighlightField, readonly number[]> | undefined {
    const h = haystackOf(g).ready();
    const per = new Map<HighlightField, Set<number>>();
    const mark = (f: Field, from: number, length: number): void => {
      if (f === 'type' || f === 'cluster') return; // TYPE and CLUSTER (a short name) are not highlighted
      const field: HighlightField = f === 'kind' ? 'object' : f;
      let set = per.get(field);
      if (set === undefined) per.set(field, (set = new Set()));
      for (let j = 0; j < length; j++) set.add(from + j);
    };
    for (const c of this.clauses) {
      if (c.negate) continue;
      const p = c.pred;
      if (p.kind === 'fuzzy') {
        // The word's best field only: one place a reader can see why the row matched.
        let bestField: Field | undefined;
        let best = NO;
        for (const f of c.fields) {
          const v = this.value(h[f], p);
          if (v > best) { best = v; bestField = f; }
        }
        if (bestField === undefined) continue;
        const r = fuzzysort.single(p.value, h[bestField].prepared);
        if (r !== null) for (const i of r.indexes) mark(bestField, i, 1);
        continue;
      }
      for (const f of c.fields) {
        if (f === 'type') continue;
        const text = h[f].value;
        if (p.kind === 'regex') {
          const m = new RegExp(p.value, 'i').exec(text);
          if (m !== null && m[0].length > 0) mark(f, m.index, m[0].length);
        } else if (this.value(h[f], p) !== NO) {
          const at = p.kind === 'substring' ? h[f].lower.indexOf(p.value) : 0;
          if (at >= 0) mark(f, at, p.value.length);
        }
      }
    }
    if (per.size === 0) return undefined;
    const result = new Map<HighlightField, readonly number[]>();
    for (const [f, set] of per) result.set(f, [...set].sort((a, b) => a - b));
    return result;
  }
}

export function compileMatcher(q: Query): Matcher {
  return new QueryMatcher(q);
}

// ── narrowing ──────────────────────────────────────────────────────────────────────────────

/**
 * True when every group matching `next` also matches `prev`, so `next` may search only `prev`'s
 * matches. Decided on the parsed constraints, not on the text: "reason" → "reason:b" extends the
 * text but turns a word into a token, which does not narrow. This is about candidates (test):
 * scores are not prefix-closed and are applied after.
 */
export function narrows(prev: Query, next: Query): boolean {
  for (const w of prev.words) {
    // A subsequence of a word's prefix is found wherever the word is (the candidates' rule).
    const implied = next.words.some((x) => x.negate === w.negate && (w.negate ? w.value.includes(x.value) : x.value.startsWith(w.value)));
    if (!implied) return false;
  }
  for (const t of prev.tokens) if (!next.tokens.some((x) => tokenImplies(x, t))) return false;
  return true;
}

/** Whether token `a` holding implies token `b` holding. */
function tokenImplies(a: FieldToken, b: FieldToken): boolean {
  if (a.field !== b.field || a.negate !== b.negate) return false;
  if (a.field === 'sev') {
    const ra = severityRank(a.value as Severity);
    const rb = severityRank(b.value as Severity);
    return a.negate ? ra <= rb : ra >= rb;
  }
  if (a.field === 're' || a.field === 'kind') return a.value === b.value;
  if (a.field === 'type') return a.negate ? b.value.startsWith(a.value) : a.value.startsWith(b.value);
  return a.negate ? b.value.includes(a.value) : a.value.includes(b.value);
}
