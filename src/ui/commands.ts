// The `:` command line, k9s style: a typed line parsed into a command (or one line saying what is
// wrong), Tab completion from the names the cluster and kubeconfig offer, and ↑/↓ history. Pure.
import type { SortKey } from '../store/sort.js';
import { VIEW_NAME } from '../config/schema.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export/format.js';

export type Command =
  | { kind: 'ns'; namespaces: string[] } // [''] = all namespaces
  | { kind: 'ctx'; name?: string; change?: 'add' | 'remove' } // no name: list the contexts; +NAME / -NAME: one more / fewer cluster in view
  | { kind: 'sort'; sort: SortKey }
  | { kind: 'filter'; text: string }
  | { kind: 'summary' }
  | { kind: 'fold' }
  | { kind: 'columns'; wide: boolean }
  | { kind: 'view'; name?: string; save: boolean } // no name: list the views
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'expired'; show?: boolean } // no argument: toggle
  | { kind: 'export'; format: ExportFormat; file?: string; summary: boolean }
  | { kind: 'at'; at: AtSpec } // replay: jump to a time
  | { kind: 'speed'; speed: number } // replay: the speed
  | { kind: 'quit' };

/** Where `:at` goes: the start or end, a clock time (local, on the replay's current day), or an offset. */
export type AtSpec = { edge: 'start' | 'end' } | { clock: [number, number, number] } | { offsetMs: number } | { epochMs: number };

export interface KnownNames {
  namespaces: readonly string[];
  contexts: readonly string[];
  /** The named views (config.yaml), for :view. */
  views?: readonly string[];
}

const SORTS: Readonly<Record<string, SortKey>> = {
  triage: 'triage', last: 'lastSeen', count: 'count', first: 'firstSeen', severity: 'severity',
  lastseen: 'lastSeen', firstseen: 'firstSeen',
};
const SORT_WORDS = ['triage', 'last', 'count', 'first', 'severity'];
const COLUMNS = ['wide', 'normal'];

/** Command words in completion order; aliases complete too but are not offered first. */
const WORDS = ['ns', 'ctx', 'sort', 'filter', 'summary', 'fold', 'columns', 'view', 'expired', 'export', 'status', 'at', 'speed', 'help', 'quit'];
const ALIASES: Readonly<Record<string, string>> = { namespace: 'ns', context: 'ctx', q: 'quit', 'q!': 'quit', h: 'help' };

export function parseCommand(line: string): Command | { error: string } {
  const trimmed = line.trim().replace(/^:+/, '');
  const m = /^(\S*)\s*(.*)$/.exec(trimmed)!;
  const word = m[1]!.toLowerCase();
  const rest = m[2]!.trim();
  const cmd = ALIASES[word] ?? word;
  const args = rest === '' ? [] : rest.split(/\s+/);
  const noArgs = (c: Command): Command | { error: string } => (args.length === 0 ? c : { error: `:${cmd} takes no argument` });
  switch (cmd) {
    case '':
      return { error: 'type a command: ns, ctx, sort, filter, summary, fold, columns, view, expired, export, help, q' };
    case 'ns': {
      if (args.length !== 1) return { error: 'usage: :ns NAME (or NAME,NAME) | :ns all' };
      const a = args[0]!;
      if (a === 'all' || a === '*' || a === '-A') return { kind: 'ns', namespaces: [''] };
      const names = a.split(',').filter((n) => n !== '');
      const bad = names.find((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n) || n.length > 63);
      if (bad !== undefined || names.length === 0) return { error: `not a namespace name: ${bad ?? a}` };
      return { kind: 'ns', namespaces: [...new Set(names)] };
    }
    case 'ctx':
      if (args.length === 0) return { kind: 'ctx' };
      if (args.length !== 1) return { error: 'usage: :ctx NAME, :ctx +NAME or :ctx -NAME' };
      if (/^[+-]./.test(args[0]!)) return { kind: 'ctx', name: args[0]!.slice(1), change: args[0]![0] === '+' ? 'add' : 'remove' };
      return { kind: 'ctx', name: args[0]! };
    case 'sort': {
      const s = args.length === 1 ? SORTS[args[0]!.toLowerCase()] : undefined;
      return s !== undefined ? { kind: 'sort', sort: s } : { error: `usage: :sort ${SORT_WORDS.join('|')}` };
    }
    case 'filter':
      return { kind: 'filter', text: rest };
    case 'columns': {
      const c = args.length === 1 ? args[0]!.toLowerCase() : '';
      return COLUMNS.includes(c) ? { kind: 'columns', wide: c === 'wide' } : { error: 'usage: :columns wide|normal' };
    }
    case 'view': {
      const save = args[0] === 'save';
      const name = save ? args[1] : args[0];
      if (args.length > (save ? 2 : 1) || (save && name === undefined)) return { error: 'usage: :view NAME | :view save NAME | :view' };
      if (name !== undefined && !VIEW_NAME.test(name)) return { error: `not a view name: ${name} (one word of letters, digits, . _ -)` };
      return name === undefined ? { kind: 'view', save: false } : { kind: 'view', name, save };
    }
    case 'expired': {
      const a = args.length === 1 ? args[0]!.toLowerCase() : args.length === 0 ? '' : undefined;
      if (a === '') return { kind: 'expired' };
      return a === 'on' || a === 'off' ? { kind: 'expired', show: a === 'on' } : { error: 'usage: :expired [on|off]' };
    }
    case 'export': {
      // :export [summary] [md|json|csv] [FILE]; a FILE ending in .md/.json/.csv says the format.
      const words = rest === '' ? [] : rest.split(/\s+/);
      const summary = words[0]?.toLowerCase() === 'summary';
      if (summary) words.shift();
      let format = EXPORT_FORMATS.find((f) => f === words[0]?.toLowerCase());
      if (format !== undefined) words.shift();
      const file = words.join(' ');
      if (format === undefined && words.length === 1 && /^[a-z]+$/i.test(file)) {
        return { error: `usage: :export [summary] md|json|csv [FILE] (not a format: ${words[0]})` };
      }
      format ??= EXPORT_FORMATS.find((f) => file.toLowerCase().endsWith(`.${f}`)) ?? 'md';
      return { kind: 'export', format, summary, ...(file !== '' ? { file } : {}) };
    }
    case 'at': {
      const at = args.length === 1 ? parseAt(args[0]!) : undefined;
      return at !== undefined ? { kind: 'at', at } : { error: 'usage: :at start|end|HH:MM[:SS]|-10m|+30s|2024-05-01T10:00:00Z' };
    }
    case 'speed': {
      const n = args.length === 1 ? Number(args[0]!.replace(/^[x×]/, '')) : NaN;
      return n >= 1 / 16 && n <= 1024 ? { kind: 'speed', speed: n } : { error: 'usage: :speed N (1/16 to 1024, e.g. 4 or 0.5)' };
    }
    case 'summary':
    case 'fold':
    case 'help':
    case 'status':
    case 'quit':
      return noArgs({ kind: cmd });
    default:
      return { error: `unknown command :${word} (try :help)` };
  }
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseAt(a: string): AtSpec | undefined {
  if (a === 'start' || a === 'end') return { edge: a };
  const off = /^([+-])(\d+(?:\.\d+)?)([smhd])$/.exec(a);
  if (off) return { offsetMs: (off[1] === '-' ? -1 : 1) * Number(off[2]) * UNIT_MS[off[3]!]! };
  const hm = /^(\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(a);
  if (hm) {
    const [h, m, s] = [Number(hm[1]), Number(hm[2]), Number(hm[3] ?? 0)];
    return h < 24 && m < 60 && s < 60 ? { clock: [h, m, s] } : undefined;
  }
  const t = /^\d{4}-\d\d-\d\dT/.test(a) ? Date.parse(a) : NaN;
  return Number.isFinite(t) ? { epochMs: t } : undefined;
}

/** The replay time `:at` means, given the replay clock's now and the recording's edges. */
export function atTime(at: AtSpec, now: number, start: number, end: number): number {
  if ('edge' in at) return at.edge === 'start' ? start : end;
  if ('offsetMs' in at) return now + at.offsetMs;
  if ('epochMs' in at) return at.epochMs;
  const d = new Date(now);
  d.setHours(at.clock[0], at.clock[1], at.clock[2], 0);
  return d.getTime();
}

function argumentsOf(cmd: string, known: KnownNames): readonly string[] {
  switch (ALIASES[cmd] ?? cmd) {
    case 'ns':
      return ['all', ...[...new Set(known.namespaces)].filter((n) => n !== '').sort()];
    case 'ctx':
      return [...new Set(known.contexts)].sort();
    case 'sort':
      return SORT_WORDS;
    case 'columns':
      return COLUMNS;
    case 'expired':
      return ['on', 'off'];
    case 'export':
      return ['md', 'json', 'csv', 'summary'];
    case 'at':
      return ['start', 'end'];
    case 'view':
      return ['save', ...[...new Set(known.views ?? [])].filter((v) => v !== 'save').sort()];
    default:
      return [];
  }
}

/** What the word under the cursor (the line's end) can become. */
export function candidates(line: string, known: KnownNames): string[] {
  const m = /^\s*(\S*)(\s+)?(\S*)$/.exec(line);
  if (m === null) return [];
  if (m[2] === undefined) return WORDS.filter((w) => w.startsWith(m[1]!.toLowerCase()));
  const arg = m[3]!;
  const cmd = m[1]!.toLowerCase();
  // `:ctx +NA` / `:ctx -NA` complete the name after the sign.
  const sign = (ALIASES[cmd] ?? cmd) === 'ctx' && /^[+-]/.test(arg) ? arg[0]! : '';
  return argumentsOf(cmd, known).filter((a) => a.startsWith(arg.slice(sign.length))).map((a) => sign + a);
}

function commonPrefix(words: readonly string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Tab: the word at the end completed as far as the candidates agree (a space after a unique
 *  command word). The line is unchanged when nothing matches. */
export function complete(line: string, known: KnownNames): string {
  const found = candidates(line, known);
  if (found.length === 0) return line;
  const word = /\S*$/.exec(line)![0];
  const head = line.slice(0, line.length - word.length);
  const isCommand = !/\S\s/.test(line);
  const done = commonPrefix(found);
  if (done.length < word.length) return line;
  return head + done + (found.length === 1 && isCommand ? ' ' : '');
}

/** ↑/↓ through earlier lines; `index` = history.length is the line being typed (`draft`). */
export interface HistoryCursor {
  readonly index: number;
  readonly draft: string;
}

export function historyStep(history: readonly string[], at: HistoryCursor, text: string, step: 1 | -1): { cursor: HistoryCursor; text: string } {
  const draft = at.index === history.length ? text : at.draft;
  const index = Math.max(0, Math.min(history.length, at.index + step));
  return { cursor: { index, draft }, text: index === history.length ? draft : history[index]! };
}

export const HISTORY_MAX = 100;

/** A run line goes last; an earlier copy of it is dropped (so ↑ finds each line once). */
export function remember(history: readonly string[], line: string): string[] {
  const t = line.trim();
  if (t === '') return [...history];
  return [...history.filter((h) => h !== t), t].slice(-HISTORY_MAX);
}
