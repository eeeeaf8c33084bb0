// What the user asked the table to show; value-compared, since the UI may rebuild it every render.
import type { SortKey } from './sort.js';

export interface ObjectKey {
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** The kubeconfig context with several clusters (EventGroup.cluster); unset or '' for one. */
  cluster?: string;
}

export interface ViewSpec {
  query: string;
  /** Warning-type groups only (as the header counts them; `sev:` selects tiers). */
  warningsOnly: boolean;
  sort: SortKey;
  /** Rows by match score while the query has words (default); false = the plain sort order. */
  rank?: boolean;
  /** Leave out groups whose events were all deleted (`:expired off`); default false: shown. */
  hideExpired?: boolean;
  /** Only these objects' groups (a jump). undefined = everything; [] = nothing. */
  objects?: readonly ObjectKey[];
}

/** Value equality of specs (the UI may build a new spec object every render). */
export function sameSpec(a: ViewSpec, b: ViewSpec): boolean {
  if (a.query !== b.query || a.warningsOnly !== b.warningsOnly || a.sort !== b.sort || (a.rank ?? true) !== (b.rank ?? true) || (a.hideExpired ?? false) !== (b.hideExpired ?? false)) return false;
  if (a.objects === b.objects) return true;
  if (a.objects === undefined || b.objects === undefined || a.objects.length !== b.objects.length) return false;
  for (let i = 0; i < a.objects.length; i++) {
    const x = a.objects[i]!;
    const y = b.objects[i]!;
    if (x.kind !== y.kind || x.namespace !== y.namespace || x.name !== y.name || (x.cluster ?? '') !== (y.cluster ?? '')) return false;
  }
  return true;
}
