// The one normalised shape of a Kubernetes event, whichever API group it came from.
// Every string in it has been sanitised by model/normalize: nothing downstream needs to
// think about escape sequences.

export interface ObjectRef {
  kind: string;
  namespace: string; // '' for cluster-scoped objects
  name: string;
  apiVersion: string;
  uid: string;
  fieldPath: string;
}

export type ApiGroup = 'core' | 'events';

export interface KubeEvent {
  /** metadata.uid, or `namespace/name` when the server sent none. Identity for counting. */
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  object: ObjectRef; // involvedObject / regarding
  related?: ObjectRef;
  reason: string;
  /** The message as stated, with the `(combined from similar events): ` prefix kept. */
  message: string;
  type: string; // 'Normal' | 'Warning' | whatever the server said
  component: string; // reportingController/reportingComponent, else source.component
  instance: string; // reportingInstance, else source.host
  action: string;
  /** series.count, else legacy count, else 1 (kubectl's rule; 0 reads as 1). */
  count: number;
  /** epoch ms; NaN when the event carries no usable time. */
  firstSeen: number;
  lastSeen: number;
  apiGroup: ApiGroup;
  /**
   * The kubeconfig context it came from when several clusters share one store, '' for one
   * cluster (set by the session, not by the server). Part of its identity and group key.
   */
  cluster: string;
  /** Estimated bytes of `raw` as received (model/size), without sanitising it; normalize provides it. */
  readonly rawBytes?: number;
  /** The event as received, deep-sanitised; only groups keep it (the latest member). */
  raw: Record<string, unknown>;
  /**
   * Lets go of `raw` (it reads as {} after): a store that never shows it (--once, --plain, and the
   * full screen, which fetches the event when its YAML is asked for) keeps only the fields.
   */
  forgetRaw?(): void;
}
