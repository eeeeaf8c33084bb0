// The one key table: key handling (hooks/useKeymap), the footer hints and the help overlay are
// all generated from it, so what the help says is what the keys do. Pure.
import type { Key } from 'ink';

export type Mode = 'table' | 'filter' | 'detail' | 'help' | 'summary' | 'command' | 'status' | 'confirm';

export type Action =
  | 'down'
  | 'up'
  | 'top'
  | 'bottom'
  | 'pageDown'
  | 'pageUp'
  | 'halfDown'
  | 'halfUp'
  | 'filter'
  | 'filterAccept'
  | 'filterCancel'
  | 'filterDelete'
  | 'filterDeleteWord'
  | 'filterClear'
  | 'rank'
  | 'detail'
  | 'follow'
  | 'sortNext'
  | 'sortPrev'
  | 'warnings'
  | 'wide'
  | 'fold'
  | 'jumpObject'
  | 'jumpOwners'
  | 'jumpTree'
  | 'jumpNode'
  | 'jumpRelated'
  | 'yaml'
  | 'copy'
  | 'back'
  | 'close'
  | 'help'
  | 'summary'
  | 'summaryNext'
  | 'summaryPrev'
  | 'summaryOrder'
  | 'summaryApply'
  | 'command'
  | 'commandRun'
  | 'commandCancel'
  | 'commandDelete'
  | 'commandDeleteWord'
  | 'commandClear'
  | 'commandComplete'
  | 'commandPrev'
  | 'commandNext'
  | 'export'
  | 'confirmYes'
  | 'confirmNo'
  | 'replay'
  | 'quit';

export type Section = 'Move' | 'View' | 'Jump' | 'Filter' | 'Command' | 'Summary' | 'Other';

export interface Binding {
  readonly action: Action;
  /** Canonical key names (see keyNames): 'j', 'G', 'down', 'pgdn', 'C-u', 'enter', 'esc', 'space'… */
  readonly keys: readonly string[];
  readonly modes: readonly Mode[];
  readonly section: Section;
  /** One line in the help overlay. */
  readonly help: string;
  /** A word or two for the footer; bindings without one stay out of it. */
  readonly hint?: string;
}

const ALL: readonly Mode[] = ['table', 'filter', 'detail', 'help', 'summary', 'command', 'status', 'confirm'];
const LIST: readonly Mode[] = ['table', 'detail'];

export const KEYMAP: readonly Binding[] = [
  // Moving (the table's cursor; in detail and help they scroll).
  { action: 'down', keys: ['j', 'down'], modes: ['table', 'detail', 'help'], section: 'Move', help: 'next row (scrolls in detail)' },
  { action: 'up', keys: ['k', 'up'], modes: ['table', 'detail', 'help'], section: 'Move', help: 'previous row (scrolls in detail)' },
  { action: 'down', keys: ['down'], modes: ['filter'], section: 'Move', help: 'next row; newer filter in an empty line' },
  { action: 'up', keys: ['up'], modes: ['filter'], section: 'Move', help: 'previous row; earlier filter in an empty line' },
  { action: 'top', keys: ['g', 'home'], modes: ['table', 'detail', 'help'], section: 'Move', help: 'first row (newest)' },
  { action: 'bottom', keys: ['G', 'end'], modes: ['table', 'detail', 'help'], section: 'Move', help: 'last row' },
  { action: 'pageDown', keys: ['pgdn'], modes: ['table', 'filter', 'detail', 'help'], section: 'Move', help: 'page down' },
  { action: 'pageUp', keys: ['pgup'], modes: ['table', 'filter', 'detail', 'help'], section: 'Move', help: 'page up' },
  { action: 'halfDown', keys: ['C-d'], modes: ['table', 'detail', 'help'], section: 'Move', help: 'half a page down' },
  { action: 'halfUp', keys: ['C-u'], modes: ['table', 'detail', 'help'], section: 'Move', help: 'half a page up' },

  // What the table shows.
  { action: 'filter', keys: ['/'], modes: ['table'], section: 'View', help: 'filter: fuzzy words, field:value tokens, -negation', hint: 'filter' },
  { action: 'detail', keys: ['enter'], modes: ['table'], section: 'View', help: 'details of the selected group', hint: 'detail' },
  { action: 'follow', keys: ['space'], modes: ['table'], section: 'View', help: 'pause (freeze the order) / follow newest', hint: 'pause' },
  { action: 'sortNext', keys: ['s'], modes: ['table'], section: 'View', help: 'next sort: triage, last seen, count, first seen, severity', hint: 'sort' },
  { action: 'sortPrev', keys: ['S'], modes: ['table'], section: 'View', help: 'previous sort' },
  { action: 'warnings', keys: ['w', 'C-z'], modes: ['table'], section: 'View', help: 'Warning-type groups only on/off (Ctrl-z as in k9s)', hint: 'warnings' },
  { action: 'wide', keys: ['W'], modes: ['table'], section: 'View', help: 'wide: (x4 over 52m), FIRST, COMPONENT' },
  { action: 'fold', keys: ['f'], modes: ['table'], section: 'View', help: 'fold similar messages on/off (‹n› marks what differs)' },
  { action: 'warnings', keys: ['C-z'], modes: ['filter'], section: 'View', help: 'warnings only on/off' },
  { action: 'rank', keys: ['C-r'], modes: ['table', 'filter'], section: 'View', help: 'filtered: best match first / sort order' },
  { action: 'yaml', keys: ['y'], modes: ['detail'], section: 'View', help: 'raw event as YAML / fields', hint: 'yaml' },

  // Jumps: push a view of related objects and their events (Esc/Backspace come back).
  { action: 'jumpObject', keys: ['o'], modes: LIST, section: 'Jump', help: "involved object's events and summary", hint: 'object' },
  { action: 'jumpOwners', keys: ['O'], modes: LIST, section: 'Jump', help: 'owner chain (ReplicaSet, Deployment…)', hint: 'owners' },
  { action: 'jumpTree', keys: ['t'], modes: LIST, section: 'Jump', help: 'object and everything it owns, merged' },
  { action: 'jumpNode', keys: ['n'], modes: LIST, section: 'Jump', help: "the pod's node and its events" },
  { action: 'jumpRelated', keys: ['r'], modes: LIST, section: 'Jump', help: "the event's related object" },

  // Typing a filter.
  { action: 'filterAccept', keys: ['enter'], modes: ['filter'], section: 'Filter', help: 'keep the filter, back to the table', hint: 'keep' },
  { action: 'filterCancel', keys: ['esc'], modes: ['filter'], section: 'Filter', help: 'clear the filter, back to the table', hint: 'clear' },
  { action: 'filterDelete', keys: ['backspace'], modes: ['filter'], section: 'Filter', help: 'delete a character' },
  { action: 'filterDeleteWord', keys: ['C-w'], modes: ['filter'], section: 'Filter', help: 'delete a word' },
  { action: 'filterClear', keys: ['C-u'], modes: ['filter'], section: 'Filter', help: 'delete the whole filter' },

  // The command line (k9s's `:`): while it is open no single-key action fires; keys are text.
  { action: 'command', keys: [':'], modes: LIST, section: 'Command', help: 'command: ns, sort, filter, summary, fold, columns, view, help, q', hint: 'cmd' },
  { action: 'commandRun', keys: ['enter'], modes: ['command'], section: 'Command', help: 'run the command', hint: 'run' },
  { action: 'commandCancel', keys: ['esc'], modes: ['command'], section: 'Command', help: 'close the command line', hint: 'cancel' },
  { action: 'commandComplete', keys: ['tab'], modes: ['command'], section: 'Command', help: 'complete a command or name', hint: 'complete' },
  { action: 'commandPrev', keys: ['up'], modes: ['command'], section: 'Command', help: 'previous command' },
  { action: 'commandNext', keys: ['down'], modes: ['command'], section: 'Command', help: 'next command' },
  { action: 'commandDelete', keys: ['backspace'], modes: ['command'], section: 'Command', help: 'delete a character' },
  { action: 'commandDeleteWord', keys: ['C-w'], modes: ['command'], section: 'Command', help: 'delete a word' },
  { action: 'commandClear', keys: ['C-u'], modes: ['command'], section: 'Command', help: 'delete the whole line' },

  // Everything else.
  { action: 'copy', keys: ['c'], modes: LIST, section: 'Other', help: 'copy the message (YAML in detail) via OSC 52', hint: 'copy' },
  { action: 'back', keys: ['esc', 'backspace'], modes: ['table'], section: 'Other', help: 'back, or clear the filter' },
  { action: 'close', keys: ['esc', 'backspace', 'q'], modes: ['detail'], section: 'Other', help: 'close the detail', hint: 'close' },
  { action: 'close', keys: ['esc', 'backspace', 'q', '?'], modes: ['help', 'status'], section: 'Other', help: 'close the help', hint: 'close' },
  { action: 'help', keys: ['?'], modes: LIST, section: 'Other', help: 'this help', hint: 'help' },
  { action: 'export', keys: ['e'], modes: [...LIST, 'summary'], section: 'Other', help: 'export rows to a file', hint: 'export' },
  { action: 'confirmYes', keys: ['y'], modes: ['confirm'], section: 'Other', help: 'overwrite', hint: 'overwrite' },
  { action: 'confirmNo', keys: ['n', 'esc', 'q'], modes: ['confirm'], section: 'Other', help: 'keep the file', hint: 'keep' },
  { action: 'quit', keys: ['q'], modes: ['table'], section: 'Other', help: 'quit', hint: 'quit' },

  // The incident summary (an overlay of small tables; its own mode, so its keys stay apart).
  { action: 'summary', keys: ['T'], modes: LIST, section: 'Summary', help: 'incident summary' },
  { action: 'down', keys: ['j', 'down'], modes: ['summary'], section: 'Summary', help: 'next summary row' },
  { action: 'up', keys: ['k', 'up'], modes: ['summary'], section: 'Summary', help: 'previous summary row' },
  { action: 'summaryNext', keys: ['tab', 'right', 'l'], modes: ['summary'], section: 'Summary', help: 'next section', hint: 'section' },
  { action: 'summaryPrev', keys: ['left', 'h'], modes: ['summary'], section: 'Summary', help: 'previous section' },
  { action: 'summaryOrder', keys: ['s'], modes: ['summary'], section: 'Summary', help: 'by count / by rate', hint: 'count/rate' },
  { action: 'summaryApply', keys: ['enter'], modes: ['summary'], section: 'Summary', help: 'filter the table to the selected row', hint: 'filter' },
  { action: 'close', keys: ['esc', 'backspace', 'q', 'T'], modes: ['summary'], section: 'Summary', help: 'close the summary', hint: 'close' },
  { action: 'quit', keys: ['C-c'], modes: ALL, section: 'Other', help: 'quit from anywhere' },

  // kevtui replay: one line of help for three keys (the handler tells them apart by the key).
  // Space still pauses the table's order; :at TIME jumps, :speed N sets the speed.
  { action: 'replay', keys: ['p', '+', '-'], modes: LIST, section: 'Other', help: 'replay: pause, ×2, ÷2' },
];

/**
 * Canonical name of a key press from Ink's (input, key). A lone ESC that arrived glued to the next
 * key reads as meta+key: that is two presses, ['esc', key].
 */
export function keyNames(input: string, key: Key): string[] {
  if (key.escape) return ['esc'];
  if (key.upArrow) return ['up'];
  if (key.downArrow) return ['down'];
  if (key.leftArrow) return ['left'];
  if (key.rightArrow) return ['right'];
  if (key.pageUp) return ['pgup'];
  if (key.pageDown) return ['pgdn'];
  if (key.home) return ['home'];
  if (key.end) return ['end'];
  if (key.return) return ['enter'];
  if (key.tab) return ['tab'];
  // Ink reports DEL (0x7f, what Backspace sends on most terminals) as `delete`, ^H as `backspace`.
  if (key.backspace || key.delete) return ['backspace'];
  if (key.ctrl && input.length === 1) return [`C-${input.toLowerCase()}`];
  if (input === ' ') return ['space'];
  if (key.meta && input.length === 1) return ['esc', input];
  if (input.length === 1) return [input];
  return [];
}

const INDEX: ReadonlyMap<Mode, ReadonlyMap<string, Action>> = (() => {
  const m = new Map<Mode, Map<string, Action>>();
  for (const b of KEYMAP) {
    for (const mode of b.modes) {
      let byKey = m.get(mode);
      if (byKey === undefined) m.set(mode, (byKey = new Map()));
      for (const k of b.keys) if (!byKey.has(k)) byKey.set(k, b.action);
    }
  }
  return m;
})();

/** The action bound to a canonical key name in a mode. */
export function actionFor(mode: Mode, name: string): Action | undefined {
  return INDEX.get(mode)?.get(name);
}

/** Keys bound more than once in a mode (must be empty; checked by a unit test). */
export function duplicateKeys(): Array<{ mode: Mode; key: string; actions: Action[] }> {
  const seen = new Map<string, Action[]>();
  for (const b of KEYMAP) for (const mode of b.modes) for (const k of b.keys) {
    const id = `${mode}\u0000${k}`;
    seen.set(id, [...(seen.get(id) ?? []), b.action]);
  }
  return [...seen]
    .filter(([, actions]) => actions.length > 1)
    .map(([id, actions]) => {
      const [mode, key] = id.split('\u0000') as [Mode, string];
      return { mode, key, actions };
    });
}

const KEY_LABEL: Record<string, string> = {
  up: '↑', down: '↓', left: '←', right: '→', pgup: 'PgUp', pgdn: 'PgDn', home: 'Home', end: 'End',
  enter: 'Enter', esc: 'Esc', backspace: 'Bksp', space: 'Space', tab: 'Tab',
};

/** How a key is written for humans: `j`, `↓`, `Ctrl-u`, `Esc`. */
export function keyLabel(name: string): string {
  if (name.startsWith('C-')) return `Ctrl-${name.slice(2)}`;
  return KEY_LABEL[name] ?? name;
}

export interface HelpLine {
  section: Section;
  keys: string;
  help: string;
  modes: readonly Mode[];
}

/** The help overlay's lines, in table order, grouped by section. */
export function helpLines(): HelpLine[] {
  const order: Section[] = ['Move', 'View', 'Jump', 'Filter', 'Command', 'Summary', 'Other'];
  const lines = KEYMAP.map((b) => ({ section: b.section, keys: b.keys.map(keyLabel).join(' '), help: b.help, modes: b.modes }));
  return order.flatMap((s) => lines.filter((l) => l.section === s));
}

/** Footer hints for a mode: `key label` pairs, first key of each binding with a hint; help
 *  first (it survives the narrowest terminal), quit last. */
export function hintsFor(mode: Mode): Array<{ key: string; label: string; action: Action }> {
  const hints = KEYMAP.filter((b) => b.hint !== undefined && b.modes.includes(mode)).map((b) => ({ key: keyLabel(b.keys[0]!), label: b.hint!, action: b.action }));
  return [...hints.filter((h) => h.action === 'help'), ...hints.filter((h) => h.action !== 'help')];
}
