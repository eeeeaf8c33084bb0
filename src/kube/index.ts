// kube/: everything that talks to the API server (GET only): kubeconfig and credentials,
// the list+watch EventSource that feeds the store, and object lookups for the UI's jumps.
export { KubeError, ApiStatusError, toKubeError, type KubeErrorCode } from './errors.js';
export { loadKubeconfig, type ClusterConnection, type LoadKubeconfigOptions } from './config.js';
export { resolveApiGroup, offersEventsV1 } from './discovery.js';
export { EventSource, namespacesFor, type EventSourceOptions } from './source.js';
export { getObject, owners, dependents, nodeOf, type KubeObject, type ObjectQuery, type ObjectResult, type ObjectsResult } from './objects.js';
export { translateFieldSelector, planSelector } from './selectors.js';
export type { SourceChange, SourceStatus, SourceState } from './types.js';
