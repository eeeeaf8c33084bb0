// Pure row rendering (the k9s `render/` idea): a group, a column layout and a clock → exactly one
// line of exactly `layout.width` terminal cells, plus where each column and each fuzzy match sits
// in that string so the theme can colour it. No React, no Ink, no terminal.
import type { EventGroup } from '../store/aggregate.js';
import { humanDuration } from '../model/duration.js';
import { displayWidth, fitToWidth, graphemeSegmenter, truncateToWidth } from '../model/width.js';
import type { Severity } from '../model/severity.js';
import type { HighlightField } from '../store/match.js';
import { KNOWN_KINDS } from '../kube/kinds.js';
import { isFold, type Fold } from '../store/fold.js';

export type ColumnId = 'gutter' | 'age' | 'first' | 'sev' | 'type' | 'cluster' | 'namespace' | 'component' | 'object' | 'reason' | 'count' | 'message';

/** The fields the view layer reports fuzzy-match positions for. */
export type { HighlightField };
export type Highlights = ReadonlyMap<HighlightField, readonly number[]>;

export interface Column {
  readonly id: ColumnId;
  readonly title: string;
  /** Cells; columns are separated by one space (the gutter carries its own). */
  readonly width: number;
  readonly align: 'left' | 'right';
}

export interface Layout {
  readonly width: number;
  readonly columns: readonly Column[];
  /** Kinds as kubectl's short names (`po/`, `deploy/`) rather than `Pod/`, `Deployment/`. */
  readonly shortKinds: boolean;
  /** The wide mode (kubectl's `-o wide` idea): LAST SEEN as `52m (x4 over 60m)`, FIRST, COMPONENT. */
  readonly wide: boolean;
  /** Cells the columns take; differs from `width` only below MIN_WIDTH (lines are then cut). */
  readonly natural: number;
  /** Several clusters: context → short name for the CLUSTER column. */
  readonly clusterLabels?: ReadonlyMap<string, string>;
}

/** A column's place in a rendered line, as string indices [start, end). */
export interface Cell {
  readonly id: ColumnId;
  readonly start: number;
  readonly end: number;
}

export interface RowLine {
  /** Exactly `layout.width` cells. */
  readonly text: string;
  readonly cells: readonly Cell[];
  /** String indices [start, end) of fuzzy-matched characters, ascending. */
  readonly marks: readonly (readonly [number, number])[];
  /** String indices [start, end) of a fold's template markers (‹n›, ‹…›), ascending. */
  readonly markers?: readonly (readonly [number, number])[];
}

/** The widest texts of the rows in view, in cells: columns are sized to them. */
export interface ContentWidths {
  readonly namespace: number;
  readonly reason: number;
  /** `Kind/name` and `short/name`. */
  readonly object: number;
  readonly objectShort: number;
  readonly count: number;
  readonly component: number;
  /** The wide LAST SEEN text (`52m (x4 over 60m)`). */
  readonly seen: number;
  /**
   * Two rows in view differ only by their reporting component (two `NodeNotReady` rows for one
   * pod, from the node controller and the kubelet): COMPONENT is shown, or they look the same.
   */
  readonly componentsDiffer?: boolean;
}

export interface LayoutOptions {
  /** Show the NAMESPACE column (more than one namespace in view). */
  namespaces: boolean;
  /** What the visible rows need; without it, widths for typical names. */
  content?: ContentWidths | undefined;
  wide?: boolean;
  /** Context → short name when more than one cluster is watched: the CLUSTER column. */
  clusters?: ReadonlyMap<string, string> | undefined;
}

const GUTTER = 2;
const AGE = 5;
const TYPE = 7; // Warning
/** Below this the table is laid out at MIN_WIDTH and every line cut to the real width. */
export const MIN_WIDTH = 40;
/** The longest standard Kubernetes reasons (NodeHasInsufficientMemory) fit whole from 100 columns. */
const REASON_KEPT = 25;

const TYPICAL: ContentWidths = { namespace: 14, reason: 17, object: 28, objectShort: 24, count: 3, component: 16, seen: 17 };

/** The content widths of `groups` (only the visible rows: cost is per screen, not per group). */
export function contentWidths(groups: readonly EventGroup[], now = NaN): ContentWidths {
  let namespace = 1, reason = 6, object = 6, objectShort = 6, count = 1, component = 9, seen = 9;
  let componentsDiffer = false;
  const componentOf = new Map<string, string>();
  for (const g of groups) {
    const w = rowWidths(g);
    component = Math.max(component, w.component);
    if (!componentsDiffer) {
      const other = componentOf.get(w.rest);
      if (other !== undefined && other !== g.component) componentsDiffer = true;
      else componentOf.set(w.rest, g.component);
    }
    if (now === now) seen = Math.max(seen, seenText(g, now).length);
    namespace = Math.max(namespace, w.namespace);
    reason = Math.max(reason, w.reason);
    object = Math.max(object, w.object);
    objectShort = Math.max(objectShort, w.objectShort);
    count = Math.max(count, w.count);
  }
  return { namespace, reason, object, objectShort, count, component, seen, componentsDiffer };
}

interface RowWidths {
  readonly version: number;
  readonly component: number;
  readonly namespace: number;
  readonly reason: number;
  readonly object: number;
  readonly objectShort: number;
  readonly count: number;
  /** Everything but the component: two rows with the same `rest` differ only by it. */
  readonly rest: string;
}

/** A row's widths, per group version (the visible rows are measured every frame; few change). */
const widthsOf = new WeakMap<EventGroup, RowWidths>();

function rowWidths(g: EventGroup): RowWidths {
  const had = widthsOf.get(g);
  if (had !== undefined && had.version === g.changedVersion) return had;
  let object: number;
  let objectShort: number;
  if (isFold(g)) {
    // A fold's OBJECT cell says what it folds (foldText), not its latest member's object.
    object = objectShort = foldText(g, Infinity).length;
  } else {
    const name = displayWidth(g.object.name) + 1;
    object = displayWidth(g.object.kind) + name;
    objectShort = displayWidth(shortKind(g.object.kind)) + name;
  }
  const w: RowWidths = {
    version: g.changedVersion,
    component: displayWidth(g.component),
    namespace: displayWidth(g.namespace || g.object.namespace || '-'),
    reason: displayWidth(g.reason),
    object,
    objectShort,
    count: formatCount(g.count).length,
    rest: `${g.namespace}\0${g.object.kind}\0${g.object.name}\0${g.reason}\0${g.type}\0${g.message}`,
  };
  widthsOf.set(g, w);
  return w;
}

/** kubectl events' LAST SEEN: `52m`, or `52m (x4 over 60m)` for repeats. */
export function seenText(g: EventGroup, now: number): string {
  const last = formatAge(g.lastSeen, now);
  return g.count > 1 && g.firstSeen === g.firstSeen ? `${last} (x${formatCount(g.count)} over ${formatAge(g.firstSeen, now)})` : last;
}

/** Column-wise maximum: widths only grow while the same view is shown (columns do not jump). */
export function widerOf(a: ContentWidths | undefined, b: ContentWidths): ContentWidths {
  if (a === undefined) return b;
  return {
    namespace: Math.max(a.namespace, b.namespace), reason: Math.max(a.reason, b.reason), object: Math.max(a.object, b.object),
    objectShort: Math.max(a.objectShort, b.objectShort), count: Math.max(a.count, b.count),
    component: Math.max(a.component, b.component), seen: Math.max(a.seen, b.seen),
    componentsDiffer: a.componentsDiffer === true || b.componentsDiffer === true,
  };
}

/**
 * Fixed columns (gutter, LAST, SEV, TYPE, COUNT) first; REASON, OBJECT and NAMESPACE as wide as
 * their content asks; MESSAGE the rest. When that does not fit, room is taken back in this order
 * until MESSAGE has its minimum (30 cells, 40 from 120 columns): short kinds, reasons beyond 25
 * cells, the namespace (then, below 110 columns, the whole column: the preview names it), the
 * object's name (cut in the middle, its kind never), the reason (never below 25 cells from 100
 * columns), and at last the message.
 */
export function computeLayout(width: number, options: LayoutOptions): Layout {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  const c = options.content ?? TYPICAL;
  const count = Math.max(3, Math.min(5, c.count));
  const wide = options.wide === true;
  const age = wide ? Math.max(AGE, Math.min(24, c.seen)) : AGE;
  const clusters = options.clusters !== undefined && options.clusters.size > 1 ? options.clusters : undefined;
  let clusterWidth = 0;
  for (const label of clusters?.values() ?? []) clusterWidth = Math.max(clusterWidth, displayWidth(label));
  const want = {
    cluster: clusters === undefined ? 0 : Math.max(7, Math.min(20, clusterWidth)), // CLUSTER whole when there is room
    component: wide || c.componentsDiffer === true ? Math.max(9, Math.min(32, c.component)) : 0,
    namespace: options.namespaces ? Math.max(4, Math.min(20, c.namespace)) : 0,
    reason: Math.max(6, Math.min(40, c.reason)),
    object: Math.max(6, Math.min(64, c.object)),
  };
  let shortKinds = false;
  const messageMin = w >= 120 ? 40 : 30;
  let ns = want.namespace > 0;
  let component = want.component > 0;
  const columnsOf = () => 8 + (ns ? 1 : 0) + (wide ? 1 : 0) + (component ? 1 : 0) + (clusters !== undefined ? 1 : 0);
  const fixed = () => GUTTER + age + (wide ? AGE : 0) + 1 + TYPE + count + columnsOf() - 1;
  const used = () => fixed() + want.cluster + (ns ? want.namespace : 0) + (component ? want.component : 0) + want.reason + want.object;
  const cut = (to: number, field: 'cluster' | 'component' | 'namespace' | 'reason' | 'object', limit: number) => {
    const over = used() - (w - to);
    if (over > 0 && want[field] > limit) want[field] = Math.max(limit, want[field] - over);
  };
  if (used() > w - messageMin) {
    shortKinds = true;
    want.object = Math.max(6, Math.min(want.object, c.objectShort));
  }
  cut(messageMin, 'reason', REASON_KEPT);
  cut(messageMin, 'component', 12);
  // Wide mode's COMPONENT gives way to the message; one that tells rows apart stays, narrower.
  if (component && c.componentsDiffer !== true && used() > w - messageMin) component = false;
  cut(messageMin, 'component', 8);
  cut(messageMin, 'namespace', w >= 120 ? 12 : 10); // kube-system whole
  if (ns && w < 110 && used() > w - messageMin) ns = false;
  cut(messageMin, 'object', 16);
  cut(messageMin, 'reason', w >= 100 ? REASON_KEPT : 14);
  cut(messageMin, 'object', 11);
  cut(messageMin, 'reason', w >= 100 ? REASON_KEPT : 12);
  cut(messageMin, 'namespace', 6);
  cut(messageMin, 'object', 10);
  cut(messageMin, 'cluster', 8);
  cut(12, 'cluster', 4);
  cut(12, 'reason', 8);
  cut(12, 'object', 8);
  cut(12, 'namespace', 3);
  if (ns && w < 60) ns = false;
  cut(1, 'reason', 5);
  cut(1, 'object', 5);
  const message = Math.max(1, w - used());
  const columns: Column[] = [
    { id: 'gutter', title: '', width: GUTTER, align: 'left' },
    { id: 'age', title: wide ? 'LAST SEEN' : 'LAST', width: age, align: wide ? 'left' : 'right' },
    ...(wide ? [{ id: 'first', title: 'FIRST', width: AGE, align: 'right' } as Column] : []),
    { id: 'sev', title: 'S', width: 1, align: 'left' },
    { id: 'type', title: 'TYPE', width: TYPE, align: 'left' },
    ...(clusters !== undefined ? [{ id: 'cluster', title: want.cluster >= 7 ? 'CLUSTER' : 'CL', width: want.cluster, align: 'left' } as Column] : []),
    ...(component ? [{ id: 'component', title: want.component >= 9 ? 'COMPONENT' : 'SOURCE', width: want.component, align: 'left' } as Column] : []),
    ...(ns ? [{ id: 'namespace', title: want.namespace >= 9 ? 'NAMESPACE' : 'NS', width: want.namespace, align: 'left' } as Column] : []),
    { id: 'reason', title: 'REASON', width: want.reason, align: 'left' },
    { id: 'object', title: 'OBJECT', width: want.object, align: 'left' },
    { id: 'count', title: count >= 5 ? 'COUNT' : '#', width: count, align: 'right' },
    { id: 'message', title: 'MESSAGE', width: message, align: 'left' },
  ];
  const natural = columns.reduce((sum, col) => sum + col.width, 0) + columns.length - 1;
  return { width: Math.floor(width), columns, shortKinds, wide, natural, ...(clusters !== undefined ? { clusterLabels: clusters } : {}) };
}

const SEV_WORD: Record<Severity, string> = { critical: 'critical', error: 'error', warning: 'warning', normal: 'normal' };
const SEV_MARK: Record<Severity, string> = { critical: 'C', error: 'E', warning: 'W', normal: ' ' };

/** The SEV cell: one character that reads without colour (blank for normal). */
export function severityMark(severity: Severity): string {
  return SEV_MARK[severity];
}

/** The tier as a word (the detail view, the preview). */
export function typeLabel(severity: Severity, wide: boolean): string {
  return wide ? SEV_WORD[severity] : SEV_MARK[severity];
}

/** Counts in at most 5 cells: 12345, 123k, 1.2M. */
export function formatCount(n: number): string {
  if (n < 100_000) return String(n);
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  if (n < 10_000_000) return `${(Math.floor(n / 100_000) / 10).toFixed(1)}M`;
  return `${Math.floor(n / 1_000_000)}M`;
}

/** LAST SEEN as kubectl prints ages; '?' when the event carried no usable time. */
export function formatAge(lastSeen: number, now: number): string {
  if (lastSeen !== lastSeen) return '?';
  const s = humanDuration(now - lastSeen);
  return s === '<invalid>' ? 'future' : s;
}

const SHORT_KINDS: ReadonlyMap<string, string> = new Map(KNOWN_KINDS.filter((k) => k.shortNames.length > 0).map((k) => [k.kind, k.shortNames[0]!]));

/** kubectl's short name of a kind (`po`, `deploy`); the kind itself when it has none. */
export function shortKind(kind: string): string {
  return SHORT_KINDS.get(kind) ?? kind;
}

/**
 * What a fold row says in place of its object: how many groups and objects it folds, as long as
 * `width` allows (`×12 groups · 3 objects`, `×12 groups · 3 obj`, `×12 · 3 obj`, at least `×12`).
 */
export function foldText(f: Fold, width: number): string {
  const objects = `${f.objects} object${f.objects === 1 ? '' : 's'}`;
  for (const t of [`×${f.groups} groups · ${objects}`, `×${f.groups} groups · ${f.objects} obj`, `×${f.groups} · ${f.objects} obj`]) {
    if (t.length <= width) return t;
  }
  return `×${f.groups}`;
}

const MARKER = /‹[^‹›]{1,8}›/g;

/** `Kind/name` of the involved object. */
export function objectLabel(g: Pick<EventGroup, 'object'>): string {
  // Exactly the text store/match highlights refer to.
  return `${g.object.kind}/${g.object.name}`;
}

/**
 * Cut in the middle: pod and replica-set names differ at the end (`web-7d9f8c6b5-x2k4q`), so keep
 * the head and the tail and drop what is between. Returns the text and how many string units of
 * the head and tail were kept (to map match positions).
 */
export function truncateMiddle(s: string, width: number): { text: string; head: number; tail: number } {
  const full = displayWidth(s);
  if (full <= width) return { text: s + ' '.repeat(Math.max(0, width - full)), head: s.length, tail: 0 };
  if (width <= 1) return { text: truncateToWidth(s, width), head: 0, tail: 0 };
  const budget = width - 1;
  const tailWidth = Math.min(Math.floor(budget / 2), 12);
  const segs = [...graphemeSegmenter().segment(s)].map((x) => x.segment);
  let tail = '';
  let tw = 0;
  for (let i = segs.length - 1; i >= 0; i--) {
    const sw = displayWidth(segs[i]!);
    if (tw + sw > tailWidth) break;
    tail = segs[i]! + tail;
    tw += sw;
  }
  let head = '';
  let hw = 0;
  for (const seg of segs) {
    const sw = displayWidth(seg);
    if (hw + sw > budget - tw) break;
    head += seg;
    hw += sw;
  }
  return { text: head + '…' + tail + ' '.repeat(budget - tw - hw), head: head.length, tail: tail.length };
}

export interface RowOptions {
  /** The cursor row: a `>` in the gutter. */
  selected?: boolean;
  /** New (`+`) or changed (`*`) recently: shown in the gutter. */
  fresh?: 'new' | 'changed';
  highlights?: Highlights;
}

/** One table line for a group: exactly `layout.width` cells. */
export function renderRow(g: EventGroup, layout: Layout, now: number, options: RowOptions = {}): RowLine {
  let text = '';
  const cells: Cell[] = [];
  const marks: Array<readonly [number, number]> = [];
  const markers: Array<readonly [number, number]> = [];
  const hl = options.highlights;
  const fold = isFold(g) ? g : undefined;
  const foldLabel = fold !== undefined ? foldText(fold, layout.columns.find((c) => c.id === 'object')?.width ?? 0) : undefined;
  for (const col of layout.columns) {
    if (col.id !== 'gutter') text += ' ';
    const start = text.length;
    let value: string;
    let offsets: ((i: number) => number | undefined) | undefined;
    let field: HighlightField | undefined;
    switch (col.id) {
      case 'gutter':
        // `x`: every event of the group was deleted (TTL); kept for the session, `:expired` hides it.
        value = (options.selected ? '>' : ' ') + (options.fresh === 'new' ? '+' : g.expired ? 'x' : options.fresh === 'changed' ? '*' : ' ');
        break;
      case 'age':
        value = layout.wide ? seenText(g, now) : formatAge(g.lastSeen, now);
        break;
      case 'first':
        value = formatAge(g.firstSeen, now);
        break;
      case 'component':
        value = g.component || '-';
        field = 'component';
        break;
      case 'sev':
        value = severityMark(g.severity);
        break;
      case 'cluster':
        value = layout.clusterLabels?.get(g.cluster) ?? (g.cluster || '-');
        break;
      case 'type':
        value = g.type || '-';
        break;
      case 'namespace':
        value = g.namespace || g.object.namespace || '-';
        field = 'namespace';
        break;
      case 'object': {
        if (foldLabel !== undefined) {
          value = foldLabel;
          break;
        }
        // Kinds whole (short when the layout says so); only the name is cut, in the middle.
        const kind = g.object.kind;
        const shown = layout.shortKinds ? shortKind(kind) : kind;
        const prefix = shown + '/';
        const cut = truncateMiddle(g.object.name, col.width - displayWidth(prefix));
        value = prefix + cut.text;
        field = 'object';
        // Match positions are in `Kind/name`: a kept kind maps 1:1, the name's head follows the
        // prefix, its tail follows the ellipsis.
        const name = g.object.name;
        const nameAt = kind.length + 1;
        const tailFrom = name.length - cut.tail;
        offsets = (i) => {
          if (i < nameAt) return shown === kind ? i : i === kind.length ? shown.length : undefined;
          const q = i - nameAt;
          return prefix.length + (q < cut.head ? q : cut.tail > 0 && q >= tailFrom ? cut.head + 1 + (q - tailFrom) : NaN);
        };
        break;
      }
      case 'reason':
        value = g.reason;
        field = 'reason';
        break;
      case 'count':
        value = formatCount(g.count);
        break;
      case 'message':
        value = g.message;
        field = 'message';
        break;
    }
    const cell = truncateToWidth(value, col.width, { pad: col.id === 'object' || col.align !== 'right' ? 'end' : 'start' });
    text += cell;
    cells.push({ id: col.id, start, end: text.length });
    if (fold !== undefined && col.id === 'message') {
      for (const m of cell.matchAll(MARKER)) markers.push([start + m.index, start + m.index + m[0].length]);
    }
    if (hl !== undefined && field !== undefined) {
      const positions = hl.get(field);
      if (positions !== undefined && positions.length > 0) {
        // Characters kept by an end-cut keep their index; the ellipsis itself is never marked.
        const kept = cell.startsWith(value) ? value.length : cell.lastIndexOf('…');
        for (const p of positions) {
          const at = offsets !== undefined ? offsets(p) : p < kept ? p : undefined;
          if (at === undefined || at !== at || at < 0 || at >= cell.length || isPairTail(cell, at)) continue;
          addMark(marks, start + at, start + at + charLength(cell, at));
        }
      }
    }
  }
  if (layout.natural !== layout.width) {
    // Tiny terminals: the layout is for MIN_WIDTH; cut the line to what there is.
    const cut = fitToWidth(text, layout.width);
    const line = { text: cut, cells: cells.filter((c) => c.start < cut.length).map((c) => ({ ...c, end: Math.min(c.end, cut.length) })), marks: marks.filter(([s]) => s < cut.length) };
    return markers.length > 0 ? { ...line, markers: markers.filter(([, e]) => e <= cut.length) } : line;
  }
  return markers.length > 0 ? { text, cells, marks, markers } : { text, cells, marks };
}

function charLength(s: string, i: number): number {
  const c = s.codePointAt(i);
  return c !== undefined && c > 0xffff ? 2 : 1;
}

// Match positions are UTF-16 indexes: an astral character typed in the filter matches both its
// halves, and the pair's start already marks it whole; a mark from its second half would split it.
function isPairTail(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  const p = i > 0 ? s.charCodeAt(i - 1) : 0;
  return c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff;
}

function addMark(marks: Array<readonly [number, number]>, s: number, e: number): void {
  const last = marks[marks.length - 1];
  if (last !== undefined && last[1] >= s) marks[marks.length - 1] = [last[0], Math.max(last[1], e)];
  else marks.push([s, e]);
}

/** The column titles as one line of exactly `layout.width` cells. */
export function renderHeaderRow(layout: Layout): string {
  let text = '';
  for (const col of layout.columns) {
    if (col.id !== 'gutter') text += ' ';
    text += truncateToWidth(col.title, col.width, { pad: col.align === 'right' ? 'start' : 'end', ellipsis: '' });
  }
  return fitToWidth(text, layout.width);
}

/** Segmenting is done this many code units at a time. */
const CHUNK = 256;

/**
 * The graphemes of `s`, segmented a bounded chunk at a time: iterating Intl.Segmenter over one
 * long string costs quadratic time (1.6 s for a 32 KB word). A chunk's last grapheme may be cut
 * short by the chunk's end, so it is carried into the next chunk rather than yielded.
 */
function* graphemes(s: string): Generator<string> {
  let start = 0;
  while (start < s.length) {
    const end = Math.min(s.length, start + CHUNK);
    let pending = '';
    let next = start;
    for (const { segment } of graphemeSegmenter().segment(s.slice(start, end))) {
      if (pending !== '') yield pending;
      next += pending.length;
      pending = segment;
    }
    // The last chunk, or a single grapheme longer than a chunk: nothing to carry.
    if (end === s.length || next === start) {
      yield pending;
      next += pending.length;
    }
    start = next;
  }
}

/**
 * Word-wraps text into lines of at most `width` cells (string-width aware); words longer than a
 * line are cut between graphemes; continuation lines start with `indent`. The sanitiser's
 * newline marker (` ⏎ `) starts a new line.
 */
export function wrapText(s: string, width: number, indent = ''): string[] {
  return wrapTextLimited(s, width, Infinity, indent).lines;
}

/**
 * `wrapText` that stops after `maxLines` lines, so its cost is bounded by what is shown, however
 * long the text; `rest` is how many characters of `s` did not fit.
 */
export function wrapTextLimited(s: string, width: number, maxLines: number, indent = ''): { lines: string[]; rest: number } {
  const w = Math.max(1, Math.floor(width));
  const indentWidth = displayWidth(indent);
  // A word of more code units than this cannot fit a line (short of pathological zero-width
  // runs) and is cut without being measured whole, which would cost as much as segmenting it.
  const longWord = Math.max(CHUNK, 4 * w);
  const out: string[] = [];
  let start = 0;
  for (const para of s.split(' ⏎ ')) {
    if (out.length >= maxLines) return { lines: out, rest: s.length - start };
    if (para === '') {
      out.push('');
      start += 3;
      continue;
    }
    let line = '';
    let lineWidth = 0;
    let at = start;
    let full = false;
    const push = () => {
      out.push(line.trimEnd());
      line = indent;
      lineWidth = indentWidth;
      full = out.length >= maxLines;
    };
    words: for (const word of para.split(/(?<= )/)) {
      const trimmedWidth = word.length > longWord ? Infinity : displayWidth(word.trimEnd());
      const fitsHere = lineWidth + trimmedWidth <= w;
      if (fitsHere || (lineWidth > indentWidth && trimmedWidth <= w - indentWidth)) {
        if (!fitsHere) {
          push();
          if (full) break;
        }
        line += word;
        lineWidth += displayWidth(word);
        at += word.length;
        continue;
      }
      // Too long for any line: cut it across lines.
      for (const g of graphemes(word)) {
        // Printable ASCII, most of any text, without string-width's per-call cost.
        const gw = g.length === 1 && g >= ' ' && g <= '~' ? 1 : displayWidth(g);
        if (lineWidth + gw > w) {
          if (g === ' ') {
            at += 1;
            continue;
          }
          push();
          if (full) break words;
        }
        line += g;
        lineWidth += gw;
        at += g.length;
      }
    }
    if (full) return { lines: out, rest: s.length - at };
    out.push(line.trimEnd());
    start += para.length + 3;
  }
  return { lines: out, rest: 0 };
}
