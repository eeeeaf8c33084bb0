// Copy to the user's clipboard over SSH: OSC 52 carries base64 text to the terminal emulator on
// the user's machine. Plain OSC 52 is what works almost everywhere, tmux with `set-clipboard on`
// included (it keeps a buffer and forwards the copy). Passthrough is only for where plain cannot
// work: tmux with `allow-passthrough on` but set-clipboard off/external (asked of tmux itself, see
// tmux-clipboard.ts), and GNU screen, which has no OSC 52 of its own. Pure but for the cache below.

export interface Osc52Options {
  /** Wrap in tmux's DCS passthrough (ESC Ptmux; … with doubled ESC). */
  tmux?: boolean;
  /** Wrap for GNU screen (DCS chunks under its 768-byte string limit). */
  screen?: boolean;
  /** Largest text copied, in UTF-8 bytes; more is cut (and said). Default 100 kB, as gemini-cli. */
  maxBytes?: number;
  /** Why the copy will probably not arrive (said after the byte count). */
  warning?: string;
}

export const DEFAULT_MAX_BYTES = 100_000;
/** GNU screen's MAXSTR is 768 bytes per string sequence: each chunk stays well under it. */
export const SCREEN_CHUNK = 700;

/** tmux's own answer to `show-options -gv set-clipboard` / `allow-passthrough`. */
export interface TmuxClipboard {
  setClipboard: string;
  allowPassthrough: string;
}

export interface Osc52Result {
  ok: true;
  sequence: string;
  /** UTF-8 bytes copied (after the cap). */
  bytes: number;
  /** The text's size when it was capped. */
  cappedFrom?: number;
  /** The rest of the status line after "copied …": `(1074 bytes) via OSC 52`. */
  report: string;
}

/**
 * How to send OSC 52 here. Inside tmux, until tmux has answered (or when it cannot be asked),
 * plain: that is right for `set-clipboard on` and harmless otherwise.
 */
export function osc52Env(env: NodeJS.ProcessEnv = process.env, tmux: TmuxClipboard | undefined = tmuxClipboard): Osc52Options {
  if ((env.TMUX ?? '') !== '') {
    if (tmux === undefined || tmux.setClipboard === 'on') return {};
    if (tmux.allowPassthrough === 'on' || tmux.allowPassthrough === 'all') return { tmux: true };
    return { warning: `tmux drops it (set-clipboard ${tmux.setClipboard}): set -g set-clipboard on` };
  }
  if ((env.STY ?? '') !== '' || (env.TERM ?? '').startsWith('screen')) return { screen: true };
  return {};
}

let tmuxClipboard: TmuxClipboard | undefined;

/** Remembers tmux's clipboard settings for osc52Env() (set once at start, asynchronously). */
export function noteTmuxClipboard(t: TmuxClipboard | undefined): void {
  tmuxClipboard = t;
}

/** The longest prefix of `text` that is at most `max` UTF-8 bytes, cut between characters. */
function capUtf8(buf: Buffer, max: number): Buffer {
  let end = max;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--; // not inside a multi-byte character
  return buf.subarray(0, end);
}

/** The escape sequence that puts `text` (at most maxBytes of it) on the clipboard (selection `c`). */
export function osc52(text: string, options: Osc52Options = {}): Osc52Result {
  const full = Buffer.from(text, 'utf8');
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const buf = full.length > max ? capUtf8(full, max) : full;
  const plain = `\x1b]52;c;${buf.toString('base64')}\x07`;
  let sequence = plain;
  let via = 'OSC 52';
  if (options.tmux === true) {
    sequence = `\x1bPtmux;${plain.replaceAll('\x1b', '\x1b\x1b')}\x1b\\`;
    via = 'OSC 52 (tmux passthrough)';
  } else if (options.screen === true) {
    // Each piece its own passthrough string; the terminal outside sees them as one sequence.
    const parts: string[] = [];
    for (let i = 0; i < plain.length; i += SCREEN_CHUNK) parts.push(`\x1bP${plain.slice(i, i + SCREEN_CHUNK)}\x1b\\`);
    sequence = parts.join('');
    via = 'OSC 52 (screen passthrough)';
  }
  const size = buf.length < full.length ? `first ${buf.length} of ${full.length} bytes: capped at ${max}` : `${buf.length} bytes`;
  const report = `(${size}) via ${via}${options.warning ? ` — but ${options.warning}` : ''}`;
  return { ok: true, sequence, bytes: buf.length, ...(buf.length < full.length ? { cappedFrom: full.length } : {}), report };
}
