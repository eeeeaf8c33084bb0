// What the full screen draws while the real session opens (the embedded demo cluster starting,
// the server answering discovery, an exec plugin fetching a token): an empty store saying whom
// it is connecting to. The first frame then costs loading the screen, not reaching the cluster;
// the real session replaces this one (App follows its `session` prop) as soon as it is open.
import type { SourceStatus } from '../kube/types.js';
import type { Options } from '../options.js';
import type { ObjectAccess, Session } from '../session/types.js';
import { AggregateStore } from '../store/aggregate.js';

const NOT_YET = { ok: false, error: true, message: 'still connecting' } as const;
const objects: ObjectAccess = { get: async () => NOT_YET, owners: async () => [], dependents: async () => [] };

export interface PendingSession extends Session {
  /** The kubeconfig is read (SessionHooks.onConnecting): the header names the context and server. */
  connecting(c: { context: string; cluster: string; namespaces: string[]; server: string }): void;
}

export function pendingSession(opts: Options): PendingSession {
  const listeners = new Set<(s: SourceStatus) => void>();
  let context = opts.demo ? 'kevtui-demo' : (opts.context ?? '');
  let cluster = context;
  // Until onConnecting says (before the first frame, but for the demo cluster, which shows
  // every namespace unless told one).
  let namespaces = opts.namespace !== undefined ? [opts.namespace] : [''];
  let status: SourceStatus = { state: 'connecting', apiGroup: 'core', namespaces, detail: 'connecting', malformed: 0, reconnects: 0, relists: 0, unansweredSince: Date.now() };
  return {
    store: new AggregateStore({ maxGroups: opts.maxGroups, maxBytes: opts.maxMemory }),
    get context() {
      return context;
    },
    get cluster() {
      return cluster;
    },
    get namespaces() {
      return namespaces;
    },
    apiGroup: 'core',
    status: () => status,
    onStatus(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    objects,
    stop: async () => {},
    connecting(c) {
      ({ context, cluster, namespaces } = c);
      status = { ...status, namespaces, server: c.server };
      for (const fn of listeners) fn(status);
    },
  };
}
