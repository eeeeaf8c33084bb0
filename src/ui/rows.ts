// Pure row rendering (the k9s `render/` idea): a group, a column layout and a clock → exactly one
// line of exactly `layout.width` terminal cells, plus where each column and each fuzzy match sits
// in that string so the theme can colour it. No React, no Ink, no terminal.
import type { EventGroup } from '../store/aggregate.js';
import { humanDuration } from '../model/duration.js';
import { displayWidth, fitToWidth, truncateToWidth } from '../model/width.js';
import type { Severity } from '../model/severity.js';
import type { HighlightField } from '../store/match.js';

export type ColumnId = 'gutter' | 'age' | 'type' | 'namespace' | 'object' | 'reason' | 'count' | 'message';

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
  /** Long severity words (`Warning`) instead of one letter. */
  readonly wideType: boolean;
  /** Cells the columns take; differs from `width` only below MIN_WIDTH (lines are then cut). */
  readonly natural: number;
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
}

export interface LayoutOptions {
  /** Show the NAMESPACE column (more than one namespace in view). */
  namespaces: boolean;
}

const GUTTER = 2;
const AGE = 5;
const COUNT = 5;
/** Below this the table is laid out at MIN_WIDTH and every line cut to the real width. */
export const MIN_WIDTH = 40;

interface Flex {
  id: ColumnId;
  title: string;
  min: number;
  /** Wide enough for the common case (FailedScheduling, Pod/web-7d9f8c6b5-x2k4q). */
  good: number;
  /** Never wider. */
  ideal: number;
}

/**
 * Fixed columns first (gutter, LAST SEEN, TYPE, COUNT). Then, from the room left above the
 * minimums, at most half goes to REASON, OBJECT and NAMESPACE up to a "good" width (in that
 * order); once MESSAGE would be wider than ~70 a third of the excess grows them towards an ideal;
 * MESSAGE gets the rest.
 * Depends only on the width and whether namespaces show, so columns never jump as data arrives.
 */
export function computeLayout(width: number, options: LayoutOptions): Layout {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  const wideType = w >= 160;
  const typeWidth = wideType ? 8 : 1;
  const flex: Flex[] = [];
  // Below 60 columns a namespace is a luxury: the object and the message matter more. From 100
  // on, most namespace names (kube-system, monitoring) fit whole.
  if (options.namespaces && w >= 60) flex.push({ id: 'namespace', title: 'NAMESPACE', min: w >= 100 ? 10 : 6, good: 14, ideal: 20 });
  flex.push({ id: 'object', title: 'OBJECT', min: 12, good: 28, ideal: 48 });
  flex.push({ id: 'reason', title: 'REASON', min: 8, good: 17, ideal: 24 });
  const messageMin = 12;
  const separators = 4 + flex.length; // one space before every column but the gutter
  const fixed = GUTTER + AGE + typeWidth + COUNT + separators;
  let room = w - fixed - messageMin - flex.reduce((s, f) => s + f.min, 0);
  const widths = new Map<ColumnId, number>(flex.map((f) => [f.id, f.min]));
  const grow = (f: Flex, to: number, budget: number): number => {
    const add = Math.max(0, Math.min(to - widths.get(f.id)!, budget));
    widths.set(f.id, widths.get(f.id)! + add);
    return add;
  };
  const byPriority = [...flex].reverse(); // reason, object, namespace
  if (room > 0) {
    let budget = Math.floor(room / 2);
    for (const f of byPriority) {
      const add = grow(f, f.good, budget);
      budget -= add;
      room -= add;
    }
    // Only once MESSAGE is comfortably wide do the others grow further (object first).
    budget = room > 60 ? Math.floor((room - 60) / 3) : 0;
    for (const f of flex.filter((x) => x.id === 'object').concat(flex.filter((x) => x.id !== 'object'))) {
      const add = grow(f, f.ideal, budget);
      budget -= add;
      room -= add;
    }
  } else if (room < 0) {
    // Narrower than the minimums: shrink the flexible columns (never below 3).
    for (const f of flex) {
      const cur = widths.get(f.id)!;
      const take = Math.min(cur - 3, -room);
      widths.set(f.id, cur - take);
      room += take;
    }
  }
  const message = Math.max(1, messageMin + Math.max(0, room));
  const columns: Column[] = [
    { id: 'gutter', title: '', width: GUTTER, align: 'left' },
    { id: 'age', title: 'LAST', width: AGE, align: 'right' },
    { id: 'type', title: wideType ? 'TYPE' : 'T', width: typeWidth, align: 'left' },
    ...flex.map((f): Column => ({ id: f.id, title: f.title, width: widths.get(f.id)!, align: 'left' })),
    { id: 'count', title: 'COUNT', width: COUNT, align: 'right' },
    { id: 'message', title: 'MESSAGE', width: message, align: 'left' },
  ];
  const natural = columns.reduce((sum, c) => sum + c.width, 0) + separators;
  return { width: Math.floor(width), columns, wideType, natural };
}

const TYPE_WORD: Record<Severity, string> = { critical: 'Critical', error: 'Error', warning: 'Warning', normal: 'Normal' };
const TYPE_LETTER: Record<Severity, string> = { critical: 'C', error: 'E', warning: 'W', normal: '·' };

/** The TYPE cell: the severity tier as a word or one letter (readable without colour). */
export function typeLabel(severity: Severity, wide: boolean): string {
  return wide ? TYPE_WORD[severity] : TYPE_LETTER[severity];
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
  const segs = [...new Intl.Segmenter().segment(s)].map((x) => x.segment);
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
  const hl = options.highlights;
  for (const col of layout.columns) {
    if (col.id !== 'gutter') text += ' ';
    const start = text.length;
    let value: string;
    let offsets: ((i: number) => number | undefined) | undefined;
    let field: HighlightField | undefined;
    switch (col.id) {
      case 'gutter':
        value = (options.selected ? '>' : ' ') + (options.fresh === 'new' ? '+' : options.fresh === 'changed' ? '*' : ' ');
        break;
      case 'age':
        value = formatAge(g.lastSeen, now);
        break;
      case 'type':
        value = typeLabel(g.severity, layout.wideType);
        break;
      case 'namespace':
        value = g.namespace || g.object.namespace || '-';
        field = 'namespace';
        break;
      case 'object': {
        const label = objectLabel(g);
        const cut = truncateMiddle(label, col.width);
        value = cut.text;
        field = 'object';
        // Match positions are in the object's text (`Kind/name`): the head maps 1:1, the tail
        // follows the ellipsis.
        const tailFrom = label.length - cut.tail;
        offsets = (i) => (i < cut.head ? i : cut.tail > 0 && i >= tailFrom ? cut.head + 1 + (i - tailFrom) : undefined);
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
    const cell = col.id === 'object' ? value : truncateToWidth(value, col.width, { pad: col.align === 'right' ? 'start' : 'end' });
    text += cell;
    cells.push({ id: col.id, start, end: text.length });
    if (hl !== undefined && field !== undefined) {
      const positions = hl.get(field);
      if (positions !== undefined && positions.length > 0) {
        // Characters kept by an end-cut keep their index; the ellipsis itself is never marked.
        const kept = cell.startsWith(value) ? value.length : cell.lastIndexOf('…');
        for (const p of positions) {
          const at = offsets !== undefined ? offsets(p) : p < kept ? p : undefined;
          if (at === undefined || at < 0 || at >= cell.length) continue;
          addMark(marks, start + at, start + at + charLength(cell, at));
        }
      }
    }
  }
  if (layout.natural !== layout.width) {
    // Tiny terminals: the layout is for MIN_WIDTH; cut the line to what there is.
    const cut = fitToWidth(text, layout.width);
    return { text: cut, cells: cells.filter((c) => c.start < cut.length).map((c) => ({ ...c, end: Math.min(c.end, cut.length) })), marks: marks.filter(([s]) => s < cut.length) };
  }
  return { text, cells, marks };
}

function charLength(s: string, i: number): number {
  const c = s.codePointAt(i);
  return c !== undefined && c > 0xffff ? 2 : 1;
}

function addMark(marks: Array<readonly [number, number]>, s: number, e: number): void {
  const last = marks[marks.length - 1];
  if (last !== undefined && last[1] === s) marks[marks.length - 1] = [last[0], e];
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

const wordSegmenter = new Intl.Segmenter();

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
    for (const { segment } of wordSegmenter.segment(s.slice(start, end))) {
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
