// The UI's state and its one reducer: mode, cursor, sort, warnings-only, follow/pause, filter
// text, the detail and help views, and the back stack of jump views. Pure: App.tsx owns it.
import { SORT_KEYS, type ObjectKey, type SortKey } from '../store/view.js';
import type { Mode } from './keymap.js';
import type { JumpSummary } from './jumps.js';
import type { Fold } from '../store/fold.js';
import { historyStep, remember, type HistoryCursor } from './commands.js';

export interface Frame {
  readonly id: number;
  /** Breadcrumb text: 'events' for the root. */
  readonly label: string;
  /** undefined = every group (the root view). */
  readonly objects?: readonly ObjectKey[];
  /** A fold's member groups (Enter on a fold row); only while folding is on. */
  readonly members?: Fold;
  readonly summary: readonly JumpSummary[];
  readonly loading: boolean;
  readonly note?: string;
  /** Each view keeps its own filter and cursor, restored on the way back. */
  readonly filter: string;
  readonly cursor: number;
}

export interface UiState {
  readonly mode: Mode;
  /** [root, …jumps]; the last one is shown. */
  readonly frames: readonly Frame[];
  readonly sort: SortKey;
  readonly warningsOnly: boolean;
  /** Groups whose events were all deleted stay listed, marked (`:expired` hides them). */
  readonly showExpired: boolean;
  /** A yes/no question in the status line (an export's `overwrite FILE? y/n`). */
  readonly confirm?: { readonly text: string; readonly back: Mode };
  /** Wide columns (COMPONENT, FIRST, `x4 over 52m`). */
  readonly wide: boolean;
  readonly paused: boolean;
  /** Similar messages folded into one row (f, --fold). */
  readonly folded: boolean;
  readonly detail?: { readonly key: string; readonly yaml: boolean; readonly scroll: number };
  readonly helpScroll: number;
  /** The summary overlay's section, cursor and order (kept while closed, so T reopens it as left). */
  readonly summary?: SummaryState;
  readonly message?: { readonly text: string; readonly until: number };
  /** While a filter has words: rows by match score (true) or in the plain sort order. */
  readonly rank: boolean;
  /** Filters kept with Enter this session, oldest first (recalled with ↑/↓ in an empty filter line). */
  readonly history: readonly string[];
  /** Index in `history` being shown by a recall; undefined once the line is edited. */
  readonly historyAt?: number;
  /** The `:` line while open, and the lines run so far (kept for ↑). */
  readonly command?: { readonly text: string; readonly at: HistoryCursor; readonly back: Mode };
  readonly commandHistory: readonly string[];
}

export interface SummaryState {
  readonly tab: number;
  readonly cursor: number;
  readonly byRate: boolean;
}

export type Move = 'down' | 'up' | 'top' | 'bottom' | 'pageDown' | 'pageUp' | 'halfDown' | 'halfUp';

export type UiAction =
  | { type: 'move'; move: Move; total: number; page: number }
  | { type: 'scroll'; move: Move; lines: number; page: number }
  | { type: 'filterStart' }
  | { type: 'filterInput'; text: string }
  | { type: 'filterDelete' }
  | { type: 'filterDeleteWord' }
  | { type: 'filterClear' }
  | { type: 'filterAccept' }
  | { type: 'filterCancel' }
  | { type: 'filterHistory'; step: 1 | -1 }
  | { type: 'rank' }
  | { type: 'sort'; step: 1 | -1 }
  | { type: 'warnings' }
  | { type: 'expired'; show?: boolean | undefined }
  | { type: 'confirmStart'; text: string }
  | { type: 'confirmEnd' }
  | { type: 'wide' }
  | { type: 'follow' }
  | { type: 'openDetail'; key: string }
  | { type: 'yaml' }
  | { type: 'close' }
  | { type: 'help' }
  | { type: 'status' }
  | { type: 'back' }
  | { type: 'jump'; id: number; label: string; objects: readonly ObjectKey[]; summary: readonly JumpSummary[] }
  | { type: 'jumpLoaded'; id: number; objects: readonly ObjectKey[]; summary: readonly JumpSummary[]; note?: string | undefined }
  | { type: 'message'; text: string; until: number }
  | { type: 'fold' }
  | { type: 'openFold'; id: number; label: string; fold: Fold }
  | { type: 'summaryOpen' }
  | { type: 'summaryMove'; move: Move; total: number; page: number }
  | { type: 'summaryTab'; step: 1 | -1; tabs: number }
  | { type: 'summaryOrder' }
  | { type: 'summaryApply'; filter: string }
  | { type: 'commandStart' }
  | { type: 'commandInput'; text: string }
  | { type: 'commandSet'; text: string }
  | { type: 'commandDelete' }
  | { type: 'commandDeleteWord' }
  | { type: 'commandClear' }
  | { type: 'commandHistory'; step: 1 | -1 }
  | { type: 'commandCancel' }
  | { type: 'commandRun' }
  | { type: 'sortSet'; sort: SortKey }
  | { type: 'filterSet'; text: string }
  | { type: 'wideSet'; wide: boolean }
  | { type: 'clusterChanged' };

export const MESSAGE_MS = 4000;

export function initialState(folded = false): UiState {
  return {
    mode: 'table',
    frames: [{ id: 0, label: 'events', summary: [], loading: false, filter: '', cursor: 0 }],
    sort: 'triage',
    warningsOnly: false,
    showExpired: true,
    wide: false,
    paused: false,
    folded,
    helpScroll: 0,
    rank: true,
    history: [],
    commandHistory: [],
  };
}

const HISTORY = 50;

/** ↑/↓ while typing recall history in an empty line (or one showing a recall); else they move rows. */
export function recallsHistory(s: UiState): boolean {
  return s.mode === 'filter' && (currentFrame(s).filter === '' || s.historyAt !== undefined);
}

/** The state without a history recall in progress (the line was edited). */
function edited(s: UiState): UiState {
  if (s.historyAt === undefined) return s;
  const { historyAt: _gone, ...rest } = s;
  return rest;
}

export function currentFrame(s: UiState): Frame {
  return s.frames[s.frames.length - 1]!;
}

function withFrame(s: UiState, change: Partial<Frame>): UiState {
  const frames = s.frames.slice();
  frames[frames.length - 1] = { ...currentFrame(s), ...change };
  return { ...s, frames };
}

function moved(pos: number, move: Move, total: number, page: number): number {
  const last = Math.max(0, total - 1);
  const p = Math.max(1, page);
  const half = Math.max(1, Math.floor(p / 2));
  const to =
    move === 'down' ? pos + 1 : move === 'up' ? pos - 1 : move === 'top' ? 0 : move === 'bottom' ? last
      : move === 'pageDown' ? pos + p : move === 'pageUp' ? pos - p : move === 'halfDown' ? pos + half : pos - half;
  return Math.max(0, Math.min(last, to));
}

function deleteWord(s: string): string {
  return s.replace(/\s*\S+\s*$/, '');
}

export function reduce(s: UiState, a: UiAction): UiState {
  const c = reduceCommand(s, a);
  if (c !== undefined) return c;
  switch (a.type) {
    case 'move': {
      const f = currentFrame(s);
      const cursor = moved(Math.min(f.cursor, Math.max(0, a.total - 1)), a.move, a.total, a.page);
      // Leaving the top row pauses the live order (the rows stop moving under the cursor).
      const paused = s.paused || cursor > 0;
      return cursor === f.cursor && paused === s.paused ? s : { ...withFrame(s, { cursor }), paused };
    }
    case 'scroll': {
      const max = Math.max(0, a.lines - a.page);
      if (s.mode === 'help') return { ...s, helpScroll: Math.min(max, moved(s.helpScroll, a.move, max + 1, a.page)) };
      if (s.detail === undefined) return s;
      return { ...s, detail: { ...s.detail, scroll: Math.min(max, moved(s.detail.scroll, a.move, max + 1, a.page)) } };
    }
    case 'filterStart':
      return { ...s, mode: 'filter' };
    case 'filterInput':
      return { ...withFrame(edited(s), { filter: currentFrame(s).filter + a.text, cursor: 0 }), mode: 'filter' };
    case 'filterDelete':
      return withFrame(edited(s), { filter: [...currentFrame(s).filter].slice(0, -1).join(''), cursor: 0 });
    case 'filterDeleteWord':
      return withFrame(edited(s), { filter: deleteWord(currentFrame(s).filter), cursor: 0 });
    case 'filterClear':
      return withFrame({ ...edited(s), rank: true }, { filter: '', cursor: 0 });
    case 'filterAccept': {
      const text = currentFrame(s).filter.trim();
      const history = text === '' || s.history[s.history.length - 1] === text ? s.history : [...s.history.filter((h) => h !== text), text].slice(-HISTORY);
      return { ...edited(s), mode: 'table', history };
    }
    case 'filterCancel':
      return { ...withFrame({ ...edited(s), rank: true }, { filter: '', cursor: 0 }), mode: 'table' };
    case 'filterHistory': {
      // Up walks back from the newest; down walks forward and past the newest to an empty line.
      const n = s.history.length;
      if (n === 0) return s;
      const at = (s.historyAt ?? n) + a.step;
      if (at >= n) return withFrame(edited(s), { filter: '', cursor: 0 });
      const i = Math.max(0, at);
      return { ...withFrame(s, { filter: s.history[i]!, cursor: 0 }), historyAt: i };
    }
    case 'rank':
      return { ...withFrame(s, { cursor: 0 }), rank: !s.rank };
    case 'sort': {
      const i = SORT_KEYS.indexOf(s.sort);
      const sort = SORT_KEYS[(i + a.step + SORT_KEYS.length) % SORT_KEYS.length]!;
      // Choosing a sort is asking for that order, also while a filter ranks by match.
      return { ...withFrame(s, { cursor: 0 }), sort, rank: false };
    }
    case 'warnings':
      return { ...withFrame(s, { cursor: 0 }), warningsOnly: !s.warningsOnly };
    case 'expired': {
      const show = a.show ?? !s.showExpired;
      return show === s.showExpired ? s : { ...withFrame(s, { cursor: 0 }), showExpired: show };
    }
    case 'confirmStart':
      return { ...s, mode: 'confirm', confirm: { text: a.text, back: s.confirm?.back ?? s.mode } };
    case 'confirmEnd': {
      if (s.confirm === undefined) return s;
      const { confirm, ...rest } = s;
      return { ...rest, mode: confirm.back };
    }
    case 'wide':
      return { ...s, wide: !s.wide };
    case 'follow':
      // Resuming shows the live order from the newest row.
      return s.paused ? { ...withFrame(s, { cursor: 0 }), paused: false } : { ...s, paused: true };
    case 'openDetail':
      return { ...s, mode: 'detail', detail: { key: a.key, yaml: false, scroll: 0 } };
    case 'yaml':
      return s.detail === undefined ? s : { ...s, detail: { ...s.detail, yaml: !s.detail.yaml, scroll: 0 } };
    case 'close':
      if (s.mode === 'summary') return { ...s, mode: s.detail !== undefined ? 'detail' : 'table' };
      if (s.mode === 'help') return { ...s, mode: s.detail !== undefined ? 'detail' : 'table', helpScroll: 0 };
      if (s.mode === 'status') return { ...s, mode: s.detail !== undefined ? 'detail' : 'table' };
      if (s.mode === 'detail') {
        const { detail: _gone, ...rest } = s;
        return { ...rest, mode: 'table' };
      }
      return s;
    case 'help':
      return { ...s, mode: 'help', helpScroll: 0 };
    case 'status':
      return { ...s, mode: 'status' };
    case 'back': {
      if (s.frames.length > 1) return { ...s, frames: s.frames.slice(0, -1), mode: 'table' };
      if (currentFrame(s).filter !== '') return withFrame(s, { filter: '', cursor: 0 });
      return s;
    }
    case 'jump': {
      const frame: Frame = { id: a.id, label: a.label, objects: a.objects, summary: a.summary, loading: true, filter: '', cursor: 0 };
      const { detail: _gone, ...rest } = s;
      return { ...rest, mode: 'table', frames: [...s.frames, frame] };
    }
    case 'jumpLoaded': {
      // The user may have gone back meanwhile: then there is nothing to update.
      const i = s.frames.findIndex((f) => f.id === a.id);
      if (i < 0) return s;
      const frames = s.frames.slice();
      const { note: _old, ...prev } = frames[i]!;
      frames[i] = { ...prev, objects: a.objects, summary: a.summary, loading: false, ...(a.note !== undefined ? { note: a.note } : {}) };
      return { ...s, frames };
    }
    case 'message':
      return { ...s, message: { text: a.text, until: a.until } };
    case 'fold': {
      // Member lists belong to the folded rows: unfolding leaves them (jumps made from them stay).
      const frames = s.folded ? s.frames.filter((f) => f.members === undefined) : s.frames;
      const { detail: _gone, ...rest } = s;
      const next = { ...rest, mode: 'table' as const, folded: !s.folded, frames };
      return withFrame(next, { cursor: 0 });
    }
    case 'openFold': {
      const frame: Frame = { id: a.id, label: a.label, members: a.fold, summary: [], loading: false, filter: '', cursor: 0 };
      const { detail: _gone, ...rest } = s;
      return { ...rest, mode: 'table', frames: [...s.frames, frame] };
    }
    case 'summaryOpen':
      return { ...s, mode: 'summary', summary: s.summary ?? { tab: 0, cursor: 0, byRate: false } };
    case 'summaryMove': {
      const m = s.summary ?? { tab: 0, cursor: 0, byRate: false };
      return { ...s, summary: { ...m, cursor: moved(m.cursor, a.move, a.total, a.page) } };
    }
    case 'summaryTab': {
      const m = s.summary ?? { tab: 0, cursor: 0, byRate: false };
      return { ...s, summary: { ...m, tab: (m.tab + a.step + a.tabs) % a.tabs, cursor: 0 } };
    }
    case 'summaryOrder': {
      const m = s.summary ?? { tab: 0, cursor: 0, byRate: false };
      return { ...s, summary: { ...m, byRate: !m.byRate, cursor: 0 } };
    }
    case 'summaryApply': {
      // The summary counts every group: its filter applies to the root view, jumps are left.
      const { detail: _gone, ...rest } = s;
      const root = { ...s.frames[0]!, filter: a.filter, cursor: 0 };
      return { ...rest, mode: 'table', frames: [root] };
    }
    default:
      return s;
  }
}

function commandEdit(s: UiState, text: (t: string) => string): UiState {
  return s.command === undefined ? s : { ...s, command: { ...s.command, text: text(s.command.text) } };
}

/** The command line's own actions; undefined for the others. */
function reduceCommand(s: UiState, a: UiAction): UiState | undefined {
  switch (a.type) {
    case 'commandStart':
      return { ...s, mode: 'command', command: { text: '', at: { index: s.commandHistory.length, draft: '' }, back: s.mode === 'detail' ? 'detail' : 'table' } };
    case 'commandInput':
      return commandEdit(s, (t) => t + a.text);
    case 'commandSet':
      return commandEdit(s, () => a.text);
    case 'commandDelete':
      return commandEdit(s, (t) => [...t].slice(0, -1).join(''));
    case 'commandDeleteWord':
      return commandEdit(s, deleteWord);
    case 'commandClear':
      return commandEdit(s, () => '');
    case 'commandHistory': {
      if (s.command === undefined) return s;
      const r = historyStep(s.commandHistory, s.command.at, s.command.text, a.step);
      return { ...s, command: { ...s.command, text: r.text, at: r.cursor } };
    }
    case 'commandCancel':
    case 'commandRun': {
      if (s.command === undefined) return s;
      const { command, ...rest } = s;
      return { ...rest, mode: command.back, commandHistory: a.type === 'commandRun' ? remember(s.commandHistory, command.text) : s.commandHistory };
    }
    case 'sortSet':
      return { ...withFrame(s, { cursor: 0 }), sort: a.sort };
    case 'filterSet':
      return withFrame(s, { filter: a.text, cursor: 0 });
    case 'wideSet':
      return { ...s, wide: a.wide };
    case 'clusterChanged': {
      // :ctx: the detail view, jumps and fold members name the old cluster's objects; the
      // filter, sort and modes are the user's and stay.
      const { detail: _gone, ...rest } = s;
      const command = s.command !== undefined ? { command: { ...s.command, back: 'table' as const } } : {};
      return { ...rest, ...command, mode: s.mode === 'detail' ? 'table' : s.mode, frames: [{ ...s.frames[0]!, cursor: 0 }] };
    }
    default:
      return undefined;
  }
}

/** `events › Pod/web-7d5-x2 › ReplicaSet/web-7d5` */
export function breadcrumb(s: UiState): string {
  return s.frames.map((f) => f.label).join(' › ');
}
