// What kube/source hands to the store and to whoever shows its status.
import type { ApiGroup, KubeEvent } from '../model/event.js';

export type SourceChange =
  /** An event as listed or watched (ADDED/MODIFIED, or re-delivered by a relist). */
  | { kind: 'upsert'; event: KubeEvent }
  /** DELETED (event TTL expiry, or a user's delete). */
  | { kind: 'delete'; event: KubeEvent }
  /**
   * A list of `namespace` ('' = all namespaces) completed: every event in that scope the
   * store knows and whose uid is not in `seen` was deleted while we were not watching.
   */
  | { kind: 'synced'; namespace: string; seen: ReadonlySet<string>; /** whose list: KubeEvent.cluster (unset: '') */ cluster?: string };

export type SourceState = 'connecting' | 'listing' | 'watching' | 'reconnecting' | 'forbidden' | 'error' | 'stopped';

export interface SourceStatus {
  state: SourceState;
  apiGroup: ApiGroup;
  /** Namespaces being watched; [''] = cluster scope. */
  namespaces: string[];
  /** Human text: `listing 1500/12000`, `reconnecting in 4s (attempt 3): 500 Internal Server Error`… (sanitised). */
  detail: string;
  listed?: number;
  total?: number;
  attempt?: number;
  retryAt?: number; // epoch ms
  /** Set when a cluster-scope 403 made the source fall back to per-namespace watches. */
  fallback?: string;
  /** The API server's URL (redacted), for `connecting to …`. */
  server?: string;
  /** Until the server first answers: since when kevtui has been waiting for it (epoch ms). */
  unansweredSince?: number;
  /** After this long without an answer the status says so, and what to check. */
  slowAfterMs?: number;
  /** Counters for honesty: lines that were not JSON / not events, and reconnects so far. */
  malformed: number;
  reconnects: number;
  relists: number;
}
