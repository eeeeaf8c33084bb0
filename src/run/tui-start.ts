// The full screen's start, before its code loads: a cluster's session starts opening here (reading
// the kubeconfig, asking the server what it serves) and then lists, while React, Ink and the
// screens load (~100 ms of compiling on Node 20), so that the server's answers and the compiling
// overlap. The embedded demo cluster's session opens after the first frame (tui.tsx).
import type { Options } from '../options.js';
import type { OpenedSession } from '../session/types.js';
import { pendingSession, type PendingSession } from './pending-session.js';
import type { SessionHooks } from './session.js';

/** What the screen (tui.tsx) takes over. */
export interface TuiStart {
  /** What the screen shows until the session is open. */
  readonly pending: PendingSession;
  /** The session opening (started on the first call; for a cluster, already under way). */
  open(): Promise<OpenedSession>;
  /** The session in use: the one opened, then the one `:ctx` switched to (stopped on quitting). */
  current: OpenedSession | undefined;
}

// The session's code (the kube client, client-node, the store's feeds) loads as the session opens.
const openSession = async (opts: Options, hooks: SessionHooks) => (await import('./session.js')).openSession(opts, hooks);

export async function runTui(opts: Options, open: (opts: Options, hooks: SessionHooks) => Promise<OpenedSession> = openSession): Promise<number> {
  let opening: Promise<OpenedSession> | undefined;
  const pending = pendingSession(opts);
  const start: TuiStart = {
    pending,
    open: () => (opening ??= open(opts, { onSwitch: (next) => (start.current = next), onConnecting: (c) => pending.connecting(c) })),
    current: undefined,
  };
  // Its failure is the screen's to report (it waits for it, or draws and joins it later). Listing
  // starts as soon as it is open, while the screen may still be loading: the server's first page
  // (~170 ms for 100k events) comes meanwhile, and the screen shows what the store has by then.
  if (!opts.demo) start.open().then((s) => s.start(), () => {});
  return (await import('./tui.js')).runTui(opts, start);
}
