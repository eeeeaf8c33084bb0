// Contracts between the demo API server (demo/apiserver/*) and the simulated cluster
// and scenarios that feed it (demo/cluster.ts, demo/scenarios/*).

/** A Kubernetes object as JSON, metadata.{name,namespace} set by the writer. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** The kinds the demo serves besides events: plural resource name as in URLs. */
export type ObjectResource =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'services'
  | 'persistentvolumeclaims'
  | 'replicasets'
  | 'deployments'
  | 'statefulsets'
  | 'daemonsets'
  | 'jobs'
  | 'cronjobs'
  | 'horizontalpodautoscalers';

/** A core/v1 Event as stored (the storage form; events.k8s.io/v1 is converted from it). */
export interface CoreEvent extends KubeObject {
  involvedObject: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  type?: string;
  eventTime?: string | null;
  series?: { count: number; lastObservedTime: string };
  action?: string;
  related?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; fieldPath?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/**
 * What scenarios use to change the cluster. Every call is a real write: it bumps the
 * global resourceVersion and is seen by open watches, exactly like a write through the API.
 * `at` is the simulated wall-clock time of the write (preloading writes events in the past).
 */
export interface ClusterWriter {
  putObject(resource: ObjectResource, obj: KubeObject): KubeObject;
  getObject(resource: ObjectResource, namespace: string, name: string): KubeObject | undefined;
  deleteObject(resource: ObjectResource, namespace: string, name: string): void;
  /** Create an event (metadata.name and namespace required; uid/rv/creationTimestamp filled in). */
  createEvent(ev: CoreEvent, at: Date): CoreEvent;
  /** Change a stored event in place (count/lastTimestamp/series), as a recorder's PATCH does. */
  updateEvent(namespace: string, name: string, mutate: (ev: CoreEvent) => void, at: Date): CoreEvent | undefined;
  getEvent(namespace: string, name: string): CoreEvent | undefined;
}

/** A deterministic source of randomness (seeded). */
export interface Rng {
  next(): number; // [0,1)
  int(n: number): number; // [0,n)
  pick<T>(xs: readonly T[]): T;
  hex(n: number): string;
}

export interface Scenario {
  name: string;
  description: string;
  /** Creates the objects the scenario's events concern (namespaces, nodes, workloads). */
  setup(c: ClusterWriter, rng: Rng, at: Date): void;
  /**
   * Produces one event occurrence at time `at`: a new event (createEvent) or a repeat of an
   * existing one (updateEvent, raising count / series.count), as real recorders do.
   */
  step(c: ClusterWriter, rng: Rng, at: Date): void;
}
