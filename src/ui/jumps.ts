// What each jump (o, O, t, n, r) shows: which objects' events, and a summary of each object.
// Resolving them asks kube/objects through the session (asynchronous; the table stays live).
import type { EventGroup } from '../store/aggregate.js';
import type { ObjectKey } from '../store/view.js';
import type { FetchedObject, ObjectAccess, ObjectRefLike } from '../session/types.js';
import type { ObjectRef } from '../model/event.js';

export type JumpKind = 'object' | 'owners' | 'tree' | 'node' | 'related';

export interface JumpSummary {
  ref: ObjectKey;
  label: string;
  result: FetchedObject | undefined;
}

export interface JumpPlan {
  /** Breadcrumb text. */
  label: string;
  /** Known at once (the table filters to these while the rest loads); undefined = not yet known. */
  objects: ObjectKey[];
  summary: JumpSummary[];
}

export interface JumpResult {
  objects: ObjectKey[];
  summary: JumpSummary[];
  /** Said in the summary panel (and the footer) when there is something to explain. */
  note?: string;
}

/** Summaries fetched for a tree's dependents; the rest are listed without one. */
export const TREE_SUMMARIES = 12;

export function keyOf(r: ObjectRefLike | ObjectRef, cluster = ''): ObjectKey {
  return cluster === '' ? { kind: r.kind, namespace: r.namespace ?? '', name: r.name } : { kind: r.kind, namespace: r.namespace ?? '', name: r.name, cluster };
}

export function refLabel(r: ObjectRefLike | ObjectKey): string {
  return `${r.kind}/${r.name}`;
}

function fullLabel(r: ObjectRefLike | ObjectKey): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

function likeOf(r: ObjectRef): ObjectRefLike {
  return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name };
}

/** What a jump shows before anything was fetched; undefined when it cannot apply (with why). */
export function planJump(kind: JumpKind, g: EventGroup): JumpPlan | { error: string } {
  const o = g.object;
  const key = (r: ObjectRefLike | ObjectRef) => keyOf(r, g.cluster); // objects of the group's own cluster
  const entry = (r: ObjectRef): JumpSummary => ({ ref: key(r), label: fullLabel(r), result: undefined });
  switch (kind) {
    case 'object':
      return { label: refLabel(o), objects: [key(o)], summary: [entry(o)] };
    case 'owners':
      return { label: `${refLabel(o)} ↑owners`, objects: [key(o)], summary: [entry(o)] };
    case 'tree':
      return { label: `${refLabel(o)} ↓tree`, objects: [key(o)], summary: [entry(o)] };
    case 'node':
      if (o.kind === 'Node') return { label: refLabel(o), objects: [key(o)], summary: [entry(o)] };
      if (o.kind !== 'Pod') return { error: `n: ${refLabel(o)} is not a pod` };
      return { label: `${refLabel(o)} → node`, objects: [], summary: [entry(o)] };
    case 'related': {
      const r = g.latest.related;
      if (r === undefined || r.name === '') return { error: 'r: this event has no related object' };
      return { label: `${refLabel(r)} (related)`, objects: [key(r)], summary: [entry(r)] };
    }
  }
}

function nodeNameOf(pod: FetchedObject): string | undefined {
  if (!pod.ok) return undefined;
  const spec = pod.object.spec as Record<string, unknown> | undefined;
  return typeof spec?.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
}

/** Fetches what the jump needs; never throws (failures become notes and summaries). */
export async function resolveJump(kind: JumpKind, g: EventGroup, objects: ObjectAccess): Promise<JumpResult> {
  const o = g.object;
  const key = (r: ObjectRefLike | ObjectRef) => keyOf(r, g.cluster); // objects of the group's own cluster
  const self = likeOf(o);
  const safe = async (ref: ObjectRefLike): Promise<FetchedObject> => {
    try {
      return await objects.get(ref);
    } catch (err) {
      return { ok: false, error: true, message: err instanceof Error ? err.message : String(err) };
    }
  };
  try {
    switch (kind) {
      case 'object':
        return { objects: [key(o)], summary: [{ ref: key(o), label: fullLabel(o), result: await safe(self) }] };
      case 'owners': {
        const [mine, chain] = await Promise.all([safe(self), objects.owners(self)]);
        const summary: JumpSummary[] = [{ ref: key(o), label: fullLabel(o), result: mine }];
        for (const c of chain) summary.push({ ref: key(c.ref), label: fullLabel(c.ref), result: c.result });
        const note = chain.length === 0 && mine.ok ? `${refLabel(o)} has no owner` : undefined;
        return { objects: summary.map((s) => s.ref), summary, ...(note ? { note } : {}) };
      }
      case 'tree': {
        const [mine, deps] = await Promise.all([safe(self), objects.dependents(self)]);
        const fetched = await Promise.all(deps.slice(0, TREE_SUMMARIES).map((d) => safe(d)));
        const summary: JumpSummary[] = [{ ref: key(o), label: fullLabel(o), result: mine }];
        deps.slice(0, TREE_SUMMARIES).forEach((d, i) => summary.push({ ref: key(d), label: fullLabel(d), result: fetched[i] }));
        const more = deps.length - TREE_SUMMARIES;
        const note = deps.length === 0 ? `${refLabel(o)} owns nothing` : more > 0 ? `${more} more owned objects (their events are in the table)` : undefined;
        return { objects: [key(o), ...deps.map((d) => key(d))], summary, ...(note ? { note } : {}) };
      }
      case 'node': {
        if (o.kind === 'Node') return { objects: [key(o)], summary: [{ ref: key(o), label: fullLabel(o), result: await safe(self) }] };
        const pod = await safe(self);
        let name = nodeNameOf(pod);
        let note: string | undefined;
        if (name === undefined && g.component === 'kubelet' && g.instance !== '') {
          // The pod is gone or unreadable, but the kubelet that reported it names its node.
          name = g.instance;
          note = `node taken from the event's reporting kubelet (${g.instance})`;
        }
        const podEntry: JumpSummary = { ref: key(o), label: fullLabel(o), result: pod };
        if (name === undefined) {
          return { objects: [], summary: [podEntry], note: pod.ok ? `${refLabel(o)} is not scheduled on a node yet` : `cannot tell the node of ${refLabel(o)}` };
        }
        const nodeRef: ObjectRefLike = { apiVersion: 'v1', kind: 'Node', namespace: '', name };
        const node = await safe(nodeRef);
        return { objects: [key(nodeRef)], summary: [{ ref: key(nodeRef), label: fullLabel(nodeRef), result: node }, podEntry], ...(note ? { note } : {}) };
      }
      case 'related': {
        const r = g.latest.related!;
        return { objects: [key(r)], summary: [{ ref: key(r), label: fullLabel(r), result: await safe(likeOf(r)) }] };
      }
    }
  } catch (err) {
    return { objects: [key(o)], summary: [{ ref: key(o), label: fullLabel(o), result: { ok: false, error: true, message: err instanceof Error ? err.message : String(err) } }] };
  }
}
