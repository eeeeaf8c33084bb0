// What every front end (TUI, plain printer) gets from a connected cluster: a live store, the
// source's status, and GET-only access to the objects events point at.
import type { AggregateStore } from '../store/aggregate.js';
import type { SourceStatus } from '../kube/types.js';
import type { ApiGroup } from '../model/event.js';
import type { LiveStats } from './stats.js';

export interface ObjectRefLike {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** The result of fetching an object: the object, or why there is none. */
export type FetchedObject =
  | { ok: true; object: Record<string, unknown> }
  | { ok: false; gone: true; message: string }
  | { ok: false; forbidden: true; message: string }
  | { ok: false; error: true; message: string };

/** GET-only access to the objects events concern (implemented by kube/objects). */
export interface ObjectAccess {
  get(ref: ObjectRefLike): Promise<FetchedObject>;
  /** ownerReferences walked upwards: [owner, owner's owner, …]; stops at the first failure. */
  owners(ref: ObjectRefLike): Promise<Array<{ ref: ObjectRefLike; result: FetchedObject }>>;
  /** Everything the object owns, transitively (Deployment → ReplicaSets → Pods). */
  dependents(ref: ObjectRefLike): Promise<ObjectRefLike[]>;
}

/** Play/pause, speed and seek over a recording (src/replay/clock.ts). */
export interface ReplayControl {
  /** The replay clock (epoch ms): the recording's time now. */
  now(): number;
  readonly speed: number;
  readonly playing: boolean;
  /** Paused at the end of the recording. */
  readonly ended: boolean;
  readonly start: number;
  readonly end: number;
  toggle(): void;
  /** ×2 / ÷2 (within 1/16…1024). */
  faster(): void;
  slower(): void;
  setSpeed(speed: number): void;
  /** Jump to a time: forward applies what lies between, backward rebuilds the store. */
  seek(t: number): void;
  onChange(fn: () => void): () => void;
}

export interface Session {
  readonly store: AggregateStore;
  /** kubeconfig context name, or 'kevtui-demo'. */
  readonly context: string;
  readonly cluster: string;
  /** [''] = all namespaces. */
  readonly namespaces: readonly string[];
  readonly apiGroup: ApiGroup;
  status(): SourceStatus;
  onStatus(fn: (s: SourceStatus) => void): () => void;
  /** One-line news from the session itself (a --record file that could not be written). */
  onNotice?(fn: (line: string) => void): () => void;
  /** Set in `kevtui replay`: the replay clock the header shows and the keys drive. */
  readonly replay?: ReplayControl;
  readonly objects: ObjectAccess;
  /** Set with --stats: the front end feeds it its frames. */
  readonly stats?: LiveStats;
  /** The kubeconfig's contexts (completion of :ctx). */
  readonly contexts?: readonly string[];
  /** Namespace names from GET /api/v1/namespaces; rejects where RBAC does not allow it. */
  namespaceNames?(): Promise<string[]>;
  /** Watch other namespaces ([''] = all) into the same store; `namespaces` follows. */
  rescope?(namespaces: readonly string[]): Promise<void>;
  /**
   * `:ctx`: another context of the same kubeconfig, with a fresh store, already started; this
   * session is stopped once the other cluster has answered. Rejects (this one still running)
   * when the context is unknown or its server refuses or does not answer.
   */
  switchContext?(name: string): Promise<Session>;
  /**
   * `:ctx +NAME` / `:ctx -NAME`: watch one more cluster, or one fewer, in the same view. Resolves
   * with the session now in use (this one, or a new one when this one watched a single cluster).
   */
  changeContexts?(change: { add: string } | { remove: string }): Promise<Session>;
  /** Several clusters in one view: each one's name, short label and state (unset for one cluster). */
  clusters?(): readonly ClusterState[];
  /** Object access for the cluster a group came from (its `cluster`); `objects` otherwise. */
  objectsFor?(cluster: string): ObjectAccess;
  stop(): Promise<void>;
}

export interface ClusterState {
  /** The kubeconfig context (EventGroup.cluster). */
  readonly name: string;
  /** Its short name in the CLUSTER column and the header. */
  readonly label: string;
  readonly status: SourceStatus;
}

/** A session as a runner holds it (run/session, run/multi-session, replay/session): a Session it starts and stops. */
export interface OpenedSession extends Session {
  /** Resolves once every watched scope completed its first list (rejects on a fatal error). */
  whenSynced(): Promise<void>;
  /** --once: list every scope and resolve; no watch is started. */
  listOnce(): Promise<void>;
  /** Starts list+watch (the TUI and --plain). */
  start(): void;
  /** The error that stopped the source, if any. */
  failure(): unknown;
  /** A replay: resolves at the end of the recording (--plain then exits). */
  whenEnded?(): Promise<void>;
  /** Another context of the same kubeconfig, started; this session is stopped once it is up. */
  switchContext(name: string): Promise<OpenedSession>;
  /**
   * --plain: while `gate` returns a promise (stdout is full), watches stop reading and TCP pushes
   * back to the server, as kubectl's blocking writes do; nothing arrives that could not be printed.
   */
  holdReading?(gate: () => Promise<void> | undefined): void;
}
