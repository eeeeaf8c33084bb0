// Copy to the user's clipboard over SSH: OSC 52 carries base64 text to the terminal emulator on
// the user's machine. Inside tmux or GNU screen the sequence is wrapped in the multiplexer's
// passthrough (tmux needs `set -g allow-passthrough on` or `set-clipboard on`). Pure.

export interface Osc52Options {
  /** Wrap for tmux (DCS tmux; … with doubled ESC). Default: $TMUX is set. */
  tmux?: boolean;
  /** Wrap for GNU screen (DCS chunks of at most 76 bytes). Default: $TERM starts with `screen` outside tmux. */
  screen?: boolean;
  /** Largest base64 payload sent; terminals drop bigger ones (xterm's default limit is ~100 kB). */
  maxEncoded?: number;
}

export const DEFAULT_MAX_ENCODED = 100_000;

export type Osc52Result = { ok: true; sequence: string; bytes: number } | { ok: false; reason: string };

/** Which wrapping the environment needs. */
export function osc52Env(env: NodeJS.ProcessEnv = process.env): Pick<Osc52Options, 'tmux' | 'screen'> {
  const tmux = (env.TMUX ?? '') !== '';
  return { tmux, screen: !tmux && (env.TERM ?? '').startsWith('screen') };
}

/** The escape sequence that puts `text` on the clipboard (selection `c`). */
export function osc52(text: string, options: Osc52Options = {}): Osc52Result {
  const data = Buffer.from(text, 'utf8').toString('base64');
  const max = options.maxEncoded ?? DEFAULT_MAX_ENCODED;
  if (data.length > max) return { ok: false, reason: `too large to copy (${data.length} bytes encoded, limit ${max})` };
  const plain = `\x1b]52;c;${data}\x07`;
  let sequence = plain;
  if (options.tmux === true) {
    sequence = `\x1bPtmux;${plain.replaceAll('\x1b', '\x1b\x1b')}\x1b\\`;
  } else if (options.screen === true) {
    // screen limits a DCS string; send the sequence in pieces, each its own passthrough.
    const parts: string[] = [];
    for (let i = 0; i < plain.length; i += 76) parts.push(`\x1bP${plain.slice(i, i + 76)}\x1b\\`);
    sequence = parts.join('');
  }
  return { ok: true, sequence, bytes: Buffer.byteLength(text, 'utf8') };
}
