// Key presses → actions of the current mode, through the one key table (keymap.ts). In filter
// mode unbound printable input is text. Ink hands over a run of plain characters as one chunk
// (a paste, or keys coalesced by a slow SSH link: "jjO"); each character then counts as its own
// key, in the mode the previous one left.
import { useCallback } from 'react';
import { useInput, type Key } from 'ink';
import { actionFor, keyNames, type Action, type Mode } from '../keymap.js';

export interface KeymapHandlers {
  /** `key`: the key's canonical name, for an action bound to several keys that differ (replay). */
  onAction(action: Action, key?: string): void;
  onText(text: string): void;
}

/** Canonical name of one character of a multi-character chunk. */
export function charName(c: string): string | undefined {
  if (c === '\r') return 'enter';
  if (c === '\t') return 'tab';
  if (c === '\x7f' || c === '\b') return 'backspace';
  if (c === ' ') return 'space';
  const code = c.codePointAt(0)!;
  if (code >= 1 && code <= 26) return `C-${String.fromCharCode(code + 96)}`;
  if (code < 32) return undefined;
  return c;
}

/** Pure dispatch of one Ink input callback (exported for tests). `mode` is read per key. */
export function dispatchKey(mode: () => Mode, input: string, key: Key, h: KeymapHandlers): void {
  let names = keyNames(input, key);
  if (names.length === 0 && input.length > 1 && !key.meta) {
    const chars = [...input].map(charName).filter((n): n is string => n !== undefined);
    names = chars;
  }
  let text = '';
  const flush = () => {
    if (text !== '') h.onText(text);
    text = '';
  };
  let escaped: Mode | undefined;
  for (const name of names) {
    const current = escaped ?? mode();
    const action = actionFor(current, name);
    if (action !== undefined) {
      flush();
      h.onAction(action, name);
      // A glued ESC left filter/detail/help: the next key belongs to the table even before the
      // state has caught up.
      escaped = name === 'esc' && (action === 'filterCancel' || action === 'close' || action === 'commandCancel') ? 'table' : undefined;
      continue;
    }
    escaped = undefined;
    if (current === 'filter' || current === 'command') {
      const t = name === 'space' ? ' ' : [...name].length === 1 ? name : '';
      text += t;
    }
  }
  flush();
}

/** `mode` is read at each key press (not captured at render), so back-to-back keys see the
 *  mode the previous key switched to. */
export function useKeymap(mode: () => Mode, handlers: KeymapHandlers, isActive = true): void {
  const handler = useCallback((input: string, key: Key) => dispatchKey(mode, input, key, handlers), [mode, handlers]);
  useInput(handler, { isActive });
}
