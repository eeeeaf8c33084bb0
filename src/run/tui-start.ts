// The full screen's start, before its code loads. A cluster's kubeconfig is read and its context
// resolved here, from the files alone: what kubectl would refuse (no kubeconfig, an unknown
// context, an unreadable certificate) is one line on the normal screen, and the first frame names
// the context and server. The session itself (client-node, the kube client, the store's feeds)
// opens once that frame is out (tui.tsx): loading it first kept this thread ~80 ms longer from
// the first frame on Node 20, and its network waits overlap the screen's first frames instead.
import { namespacesFor, resolveKubeconfig, wantedContexts, type ResolvedContext } from '../kube/kubeconfig.js';
import { redact } from '../kube/redact.js';
import type { Options } from '../options.js';
import type { OpenedSession } from '../session/types.js';
import { pendingSession, type PendingSession } from './pending-session.js';
import type { SessionHooks } from './session.js';

/** What the screen (tui.tsx) takes over. */
export interface TuiStart {
  /** What the screen shows until the session is open. */
  readonly pending: PendingSession;
  /** The session opening (started on the first call). */
  open(): Promise<OpenedSession>;
  /** The session in use: the one opened, then the one `:ctx` switched to (stopped on quitting). */
  current: OpenedSession | undefined;
}

// The session's code (the kube client, client-node, the store's feeds) loads as the session opens.
const openSession = async (opts: Options, hooks: SessionHooks) => (await import('./session.js')).openSession(opts, hooks);

export async function runTui(opts: Options, open: (opts: Options, hooks: SessionHooks) => Promise<OpenedSession> = openSession): Promise<number> {
  let opening: Promise<OpenedSession> | undefined;
  const pending = pendingSession(opts);
  let resolved: ResolvedContext | undefined;
  if (!opts.demo && opts.replay === undefined) {
    if (opts.contexts !== undefined || opts.allContexts) wantedContexts(opts);
    else {
      resolved = resolveKubeconfig({ kubeconfig: opts.kubeconfig, context: opts.context });
      pending.connecting({ context: resolved.context.name, cluster: resolved.cluster.name, namespaces: namespacesFor(opts, resolved), server: redact(resolved.cluster.server) });
    }
  }
  const start: TuiStart = {
    pending,
    // The session connects with the context read here, not a second reading of the files.
    open: () => (opening ??= open(opts, { onSwitch: (next) => (start.current = next), onConnecting: (c) => pending.connecting(c), ...(resolved !== undefined ? { resolved } : {}) })),
    current: undefined,
  };
  return (await import('./tui.js')).runTui(opts, start);
}
