// Deciding whether a group matches a parsed Query, and which characters matched (highlights).
//
// A free word matches a group when, inside ONE of its fields (reason, message, `Kind/name`,
// namespace, component), it is either
//   - a case-insensitive substring ("timeout" in "i/o timeout"), or
//   - a run of chunks each starting at a word beginning, in order ("fsched" → FailedScheduling,
//     "ipbo" → ImagePullBackOff, "rpf" → "Readiness probe failed"): fuzzysort's "strict" match.
// Scattered subsequences ("bck" in "…b…c…k…") do not match: the list is sorted by time, not by
// score, so loose matches would bury the real ones. Both rules are prefix-closed (if "back"
// matches, "bac" does), which is what makes incremental narrowing exact (see `narrows`).
import type { EventGroup } from './aggregate.js';
import type { KubeEvent } from '../model/event.js';
import { severityRank, type Severity } from '../model/severity.js';
import type { FieldToken, Query } from './query.js';

export type HighlightField = 'reason' | 'message' | 'object' | 'namespace' | 'component';

/** Field order inside a haystack: the message last, so a search in it stops at the real end. */
const FIELDS: readonly HighlightField[] = ['reason', 'namespace', 'component', 'object', 'message'];
const REASON = 0, NAMESPACE = 1, COMPONENT = 2, OBJECT = 3, MESSAGE = 4;

// sanitize() removes every C0 control, so NUL never occurs in a field and a search string without
// NUL cannot match across two fields.
const SEP = '\u0000';
const SEP_CODE = 0;

/**
 * Everything the filter reads about a group, in one small object: the filter loops walk arrays of
 * these instead of the groups themselves. (At 100k groups in a ~150 MB heap, each group read in
 * sorted order is a cache miss and costs more than the matching.)
 * `lower` is `reason␀namespace␀component␀Kind/name␀message`, lower-cased once; index i of a
 * field's slice is index i of the field's own text (lowerSameLength keeps lengths).
 */
export interface Haystack {
  readonly group: EventGroup;
  /** g.changedVersion when last validated; a merge compares it with its base version. */
  touched: number;
  latest: KubeEvent;
  message: string;
  /** `Kind/name`: the object text highlight indexes refer to. */
  readonly object: string;
  readonly kindLength: number;
  lower: string;
  /** Which characters occur (see charBit): a word needing others is rejected without a scan. */
  readonly bits: number;
  /** Which characters occur at a word beginning: a fuzzy word must start with one of them. */
  readonly initials: number;
  /** Positions of camelCase beginnings (upper case after lower case/digit), usually none or few. */
  readonly camel: readonly number[];
  /** Start offsets of namespace, component, object, message (reason starts at 0). */
  readonly nsAt: number;
  readonly compAt: number;
  readonly objAt: number;
  readonly msgAt: number;
  /** severityRank of the group. */
  rank: number;
  /** The group's type is Warning (what warnings-only, the header and type:warning count). */
  warning: boolean;
  /** Interned ids (see intern) of the type, reason, namespace, component and kind. */
  typeId: number;
  readonly reasonId: number;
  readonly nsId: number;
  readonly compId: number;
  readonly kindId: number;
}

// Groups are mutated in place by the store, so the cache is keyed on the object itself; evicted
// groups drop out with their group.
const haystacks = new WeakMap<EventGroup, Haystack>();

/** The group's haystack, brought up to date (cheap when the group was not touched since). */
export function haystackOf(g: EventGroup): Haystack {
  let h = haystacks.get(g);
  if (h !== undefined) {
    if (h.touched === g.changedVersion) return h;
    h.touched = g.changedVersion; // also tells other bases holding this object that it moved
    // Component, reason, object and namespace are key parts and never change within a group; the
    // message can (the "combined from similar events" prefix comes and goes), and the type.
    if (h.message === g.message) {
      h.latest = g.latest;
      h.rank = severityRank(g.severity);
      h.warning = g.type === 'Warning';
      h.typeId = intern(g.type);
      return h;
    }
  }
  const object = g.object.kind + '/' + g.object.name;
  const message = g.message;
  const text = g.reason + SEP + g.namespace + SEP + g.component + SEP + object + SEP + message;
  const lower = lowerSameLength(text);
  const { bits, initials, camel } = scan(text, lower);
  const nsAt = g.reason.length + 1;
  const compAt = nsAt + g.namespace.length + 1;
  const objAt = compAt + g.component.length + 1;
  const msgAt = objAt + object.length + 1;
  h = {
    group: g, touched: g.changedVersion, latest: g.latest, message, object, kindLength: g.object.kind.length, lower,
    bits, initials, camel, nsAt, compAt, objAt, msgAt, rank: severityRank(g.severity), warning: g.type === 'Warning', typeId: intern(g.type),
    reasonId: intern(g.reason), nsId: intern(g.namespace), compId: intern(g.component), kindId: intern(g.object.kind),
  };
  haystacks.set(g, h);
  return h;
}

// Types, reasons, namespaces, components and kinds take few distinct values: a token on them is
// answered once per value (memo by id), not once per group. Grows with distinct values only.
const internIds = new Map<string, number>();
const internedValues: string[] = [];

function intern(s: string): number {
  let id = internIds.get(s);
  if (id === undefined) {
    id = internedValues.length;
    internIds.set(s, id);
    internedValues.push(s);
  }
  return id;
}

/** One bit per letter, one for digits, one for anything else (like fuzzysort's bitflags). */
export function charBits(lower: string): number {
  let bits = 0;
  for (let i = 0; i < lower.length; i++) bits |= charBit(lower.charCodeAt(i));
  return bits;
}

function charBit(c: number): number {
  return c >= 97 && c <= 122 ? 1 << (c - 97) : c >= 48 && c <= 57 ? 1 << 26 : c === SEP_CODE ? 0 : 1 << 27;
}

const NO_CAMEL: readonly number[] = [];
const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c >= 128;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;

/** Character bits, word-initial bits and camelCase beginnings, in one pass at build time. */
function scan(text: string, lower: string): { bits: number; initials: number; camel: readonly number[] } {
  let bits = 0;
  let initials = 0;
  let camel: number[] | undefined;
  let prevAlnum = false;
  let prevUpper = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const bit = charBit(c);
    bits |= bit;
    const alnum = isAlnum(c);
    const upper = isUpper(text.charCodeAt(i));
    if (alnum && (!prevAlnum || (upper && !prevUpper))) {
      initials |= bit;
      if (prevAlnum) (camel ??= []).push(i);
    }
    prevAlnum = alnum;
    prevUpper = upper;
  }
  return { bits, initials, camel: camel ?? NO_CAMEL };
}

/** toLowerCase, except that characters whose lower case has another length stay as they are. */
function lowerSameLength(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const lc = c.toLowerCase();
    out += lc.length === 1 ? lc : c;
  }
  return out;
}

function fieldStart(h: Haystack, f: number): number {
  return f === REASON ? 0 : f === NAMESPACE ? h.nsAt : f === COMPONENT ? h.compAt : f === OBJECT ? h.objAt : h.msgAt;
}

function fieldEnd(h: Haystack, f: number): number {
  return f === REASON ? h.nsAt - 1 : f === NAMESPACE ? h.compAt - 1 : f === COMPONENT ? h.objAt - 1 : f === OBJECT ? h.msgAt - 1 : h.lower.length;
}

function fieldOf(h: Haystack, i: number): number {
  return i >= h.msgAt ? MESSAGE : i >= h.objAt ? OBJECT : i >= h.compAt ? COMPONENT : i >= h.nsAt ? NAMESPACE : REASON;
}

/** First index of `v` inside field f (relative to the field), or -1. */
function indexInField(h: Haystack, f: number, v: string, kindOnly = false): number {
  const start = fieldStart(h, f);
  const end = kindOnly ? start + h.kindLength : fieldEnd(h, f);
  const i = h.lower.indexOf(v, start);
  return i >= 0 && i + v.length <= end ? i - start : -1;
}

// ── fuzzy words ────────────────────────────────────────────────────────────────────────────


/**
 * Start of a word: an alnum char after a non-alnum one (a field start follows NUL), or an upper
 * case char after a lower case one or digit (camelCase), as recorded at build time.
 */
function isBeginning(h: Haystack, i: number): boolean {
  const lower = h.lower;
  if (!isAlnum(lower.charCodeAt(i))) return false;
  if (i === 0 || !isAlnum(lower.charCodeAt(i - 1))) return true;
  const camel = h.camel;
  for (let k = 0; k < camel.length; k++) if (camel[k] === i) return true;
  return false;
}

// Chunk search state, module-level so that the recursion allocates nothing. `failed` remembers
// (word index, position) pairs already known to fail, tagged with a per-search stamp, which keeps
// the search polynomial on adversarial text.
let failed = new Uint32Array(1024);
let stamp = 0;
let cWord = '';
let cHay: Haystack | undefined;
let cOut: number[][] | undefined;

/**
 * Whether `w` matches one field of the haystack as chunks starting at word beginnings. The whole
 * haystack is searched at once with indexOf jumps (native speed); a chunk never spans a NUL and
 * every chunk after the first must lie in the first one's field. With `out`, pushes the matched
 * positions (field-relative) into out[field].
 */
function chunkMatch(h: Haystack, w: string, out?: number[][]): boolean {
  const size = (w.length + 1) * (h.lower.length + 1);
  if (failed.length < size) failed = new Uint32Array(Math.max(size, failed.length * 2));
  if (++stamp === 0xffffffff) {
    failed.fill(0);
    stamp = 1;
  }
  cWord = w;
  cHay = h;
  cOut = out;
  const ok = step(0, 0, h.lower.length);
  cHay = cOut = undefined;
  return ok;
}

function step(wi: number, pos: number, limit: number): boolean {
  if (wi === cWord.length) return true;
  const h = cHay!;
  const lower = h.lower;
  const slot = wi * (lower.length + 1) + pos;
  if (failed[slot] === stamp) return false;
  const ch = cWord[wi]!;
  for (let b = lower.indexOf(ch, pos); b >= 0 && b < limit; b = lower.indexOf(ch, b + 1)) {
    if (!isBeginning(h, b)) continue;
    const f = fieldOf(h, b);
    const start = fieldStart(h, f);
    const end = wi === 0 ? fieldEnd(h, f) : limit;
    let k = 1;
    while (wi + k < cWord.length && b + k < end && lower.charCodeAt(b + k) === cWord.charCodeAt(wi + k)) k++;
    // Longest chunk first: fewer, longer chunks are what a reader recognises.
    for (let m = k; m >= 1; m--) {
      if (step(wi + m, b + m, end)) {
        if (cOut !== undefined) for (let j = 0; j < m; j++) cOut[f]!.push(b - start + j);
        return true;
      }
    }
  }
  failed[slot] = stamp;
  return false;
}

/** Whether word w (lower case, no NUL) matches; with `out`, collects every field's match. */
function wordMatches(h: Haystack, w: string, wBits: number, out?: number[][]): boolean {
  if ((h.bits & wBits) !== wBits) return false;
  if (out === undefined) {
    if (h.lower.includes(w)) return true; // a substring of some field (w has no NUL)
    return w.length >= 2 && (h.initials & wBits0(w)) !== 0 && chunkMatch(h, w);
  }
  let any = false;
  for (let f = 0; f < FIELDS.length; f++) {
    const i = indexInField(h, f, w);
    if (i < 0) continue;
    any = true;
    for (let j = 0; j < w.length; j++) out[f]!.push(i + j);
  }
  return any || (w.length >= 2 && chunkMatch(h, w, out));
}

/** The bit of a word's first character. */
function wBits0(w: string): number {
  return charBit(w.charCodeAt(0));
}

// ── compiled queries ───────────────────────────────────────────────────────────────────────

export interface Matcher {
  /** True when the query constrains nothing (every group matches). */
  readonly empty: boolean;
  /** The query holds for the haystack's group (the haystack must be current: haystackOf). */
  test(h: Haystack): boolean;
  /** Matched positions per field (sorted, UTF-16 indexes into the field text), or undefined. */
  highlights(g: EventGroup): ReadonlyMap<HighlightField, readonly number[]> | undefined;
}

const clean = (s: string): string => (s.includes(SEP) ? s.split(SEP).join('') : s);

type TextField = 'ns' | 'kind' | 'obj' | 'reason' | 'comp' | 'msg';
const TOKEN_FIELD: Readonly<Record<TextField, number>> = { reason: REASON, ns: NAMESPACE, comp: COMPONENT, kind: OBJECT, obj: OBJECT, msg: MESSAGE };

/** A token on an interned field, answered once per distinct value. */
class IdToken {
  /** By interned id: 0 not yet known, 1 no, 2 yes. */
  private memo = new Uint8Array(64);

  constructor(
    readonly field: 'type' | 'reason' | 'ns' | 'comp' | 'kind',
    private readonly value: string,
    readonly negate: boolean,
  ) {}

  holds(h: Haystack): boolean {
    const f = this.field;
    const id = f === 'type' ? h.typeId : f === 'reason' ? h.reasonId : f === 'ns' ? h.nsId : f === 'comp' ? h.compId : h.kindId;
    if (id >= this.memo.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.memo.length * 2));
      grown.set(this.memo);
      this.memo = grown;
    }
    let known = this.memo[id]!;
    if (known === 0) {
      const text = internedValues[id]!.toLowerCase();
      // Types are a handful of words: a prefix is enough (type:warn); elsewhere a substring.
      known = (f === 'type' ? text.startsWith(this.value) : text.includes(this.value)) ? 2 : 1;
      this.memo[id] = known;
    }
    return known === 2;
  }
}

// A class, not closures: a fresh closure per keystroke would start cold in the interpreter for
// every query; class methods stay optimised across queries.
class QueryMatcher implements Matcher {
  readonly empty: boolean;
  private readonly words: string[];
  private readonly wordBits: number[];
  private readonly notWords: string[];
  /** sev tokens as [minimum rank, negate]. */
  private readonly sev: Array<{ rank: number; negate: boolean }>;
  private readonly ids: IdToken[];
  private readonly textual: FieldToken[];
  private readonly needsText: boolean;

  constructor(private readonly q: Query) {
    this.words = q.words.filter((w) => !w.negate).map((w) => clean(w.value)).filter((w) => w !== '');
    this.wordBits = this.words.map(charBits);
    this.notWords = q.words.filter((w) => w.negate).map((w) => clean(w.value)).filter((w) => w !== '');
    this.sev = q.tokens.filter((t) => t.field === 'sev').map((t) => ({ rank: severityRank(t.value as Severity), negate: t.negate }));
    this.ids = q.tokens
      .filter((t) => t.field === 'type' || t.field === 'reason' || t.field === 'ns' || t.field === 'comp' || t.field === 'kind')
      .map((t) => new IdToken(t.field as IdToken['field'], t.value, t.negate));
    this.textual = q.tokens.filter((t) => t.field === 'obj' || t.field === 'msg').map((t) => ({ ...t, value: clean(t.value) }));
    this.needsText = this.words.length > 0 || this.notWords.length > 0 || this.textual.length > 0;
    this.empty = this.sev.length === 0 && this.ids.length === 0 && !this.needsText;
  }

  // Cheapest rejections first: severity, interned fields (one array read), then text.
  test(h: Haystack): boolean {
    const sev = this.sev;
    for (let i = 0; i < sev.length; i++) if (h.rank >= sev[i]!.rank === sev[i]!.negate) return false;
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) if (ids[i]!.holds(h) === ids[i]!.negate) return false;
    if (!this.needsText) return true;
    const textual = this.textual;
    for (let i = 0; i < textual.length; i++) {
      const t = textual[i]!;
      if (indexInField(h, TOKEN_FIELD[t.field as TextField], t.value) >= 0 === t.negate) return false;
    }
    const notWords = this.notWords;
    for (let i = 0; i < notWords.length; i++) if (h.lower.includes(notWords[i]!)) return false;
    const words = this.words;
    for (let i = 0; i < words.length; i++) if (!wordMatches(h, words[i]!, this.wordBits[i]!)) return false;
    return true;
  }

  highlights(g: EventGroup): ReadonlyMap<HighlightField, readonly number[]> | undefined {
    const positive = this.q.tokens.filter((t) => !t.negate && t.field !== 'type' && t.field !== 'sev');
    if (this.words.length === 0 && positive.length === 0) return undefined;
    const h = haystackOf(g);
    const per: number[][] = FIELDS.map(() => []);
    for (const t of positive) {
      const f = TOKEN_FIELD[t.field as TextField];
      const v = clean(t.value);
      const i = indexInField(h, f, v, t.field === 'kind');
      if (i >= 0) for (let j = 0; j < v.length; j++) per[f]!.push(i + j);
    }
    for (let i = 0; i < this.words.length; i++) wordMatches(h, this.words[i]!, this.wordBits[i]!, per);
    let result: Map<HighlightField, readonly number[]> | undefined;
    for (let f = 0; f < FIELDS.length; f++) {
      const list = per[f]!;
      if (list.length === 0) continue;
      result ??= new Map();
      result.set(FIELDS[f]!, [...new Set(list)].sort((a, b) => a - b));
    }
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
 * text but turns a word into a token, which does not narrow.
 */
export function narrows(prev: Query, next: Query): boolean {
  for (const w of prev.words) {
    const implied = next.words.some((x) =>
      x.negate === w.negate && (w.negate ? w.value.includes(x.value) : x.value.startsWith(w.value)),
    );
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
  if (a.field === 'type') return a.negate ? b.value.startsWith(a.value) : a.value.startsWith(b.value);
  return a.negate ? b.value.includes(a.value) : a.value.includes(b.value);
}
