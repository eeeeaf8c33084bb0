// Field selectors (k8s.io/apimachinery/pkg/fields): `=`, `==`, `!=`, comma = AND, backslash
// escapes; the field labels each resource supports (pkg/registry/core/event/strategy.go
// ToSelectableFields and the group's field-label conversion) and their 400 errors.
import type { CoreEvent, KubeObject } from '../types.js';
import type { StoreResource } from './resources.js';
import { badRequest } from './status.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Splits on commas not preceded by a backslash. */
function splitTerms(sel: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < sel.length; i++) {
    if (sel[i] === '\\') i++;
    else if (sel[i] === ',') {
      terms.push(sel.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(sel.slice(start));
  return terms;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/** fields.ParseSelector: the first `!=`, `==` or `=` in a term splits it. */
export function parseFieldSelector(sel: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(sel)) {
    if (term === '') continue;
    let found: FieldRequirement | undefined;
    for (let i = 0; i < term.length && !found; i++) {
      for (const op of ['!=', '==', '='] as const) {
        if (term.startsWith(op, i)) {
          found = { field: term.slice(0, i), op: op === '!=' ? '!=' : '=', value: unescape(term.slice(i + op.length)) };
          break;
        }
      }
    }
    if (!found) throw badRequest(`invalid selector: '${sel}'; can't understand '${term}'`);
    reqs.push(found);
  }
  return reqs;
}

type Getter = (o: KubeObject) => string;
const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const meta: Record<string, Getter> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => s(o.metadata.namespace),
};

function eventFields(prefix: 'involvedObject' | 'regarding', controller: 'reportingComponent' | 'reportingController'): Record<string, Getter> {
  const ev = (o: KubeObject) => o as CoreEvent;
  const f: Record<string, Getter> = { ...meta };
  for (const k of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const) {
    f[`${prefix}.${k}`] = (o) => s(ev(o).involvedObject?.[k]);
  }
  f.reason = (o) => s(ev(o).reason);
  f[controller] = (o) => s(ev(o).reportingComponent);
  // "source" is source.component, falling back to reportingComponent for new-style events.
  f.source = (o) => s(ev(o).source?.component) || s(ev(o).reportingComponent);
  f.type = (o) => s(ev(o).type);
  return f;
}

const spec = (o: KubeObject) => (o.spec ?? {}) as Record<string, unknown>;
const status = (o: KubeObject) => (o.status ?? {}) as Record<string, unknown>;

const FIELDS: Record<string, Record<string, Getter>> = {
  'events:core': eventFields('involvedObject', 'reportingComponent'),
  'events:events': eventFields('regarding', 'reportingController'),
  pods: {
    ...meta,
    'spec.nodeName': (o) => s(spec(o).nodeName),
    'spec.restartPolicy': (o) => s(spec(o).restartPolicy),
    'spec.schedulerName': (o) => s(spec(o).schedulerName),
    'spec.serviceAccountName': (o) => s(spec(o).serviceAccountName),
    'spec.hostNetwork': (o) => String(spec(o).hostNetwork === true),
    'status.phase': (o) => s(status(o).phase),
    'status.podIP': (o) => s(status(o).podIP),
    'status.nominatedNodeName': (o) => s(status(o).nominatedNodeName),
  },
  nodes: { ...meta, 'spec.unschedulable': (o) => String(spec(o).unschedulable === true) },
  namespaces: { ...meta, 'status.phase': (o) => s(status(o).phase) },
  jobs: { ...meta, 'status.successful': (o) => s(status(o).succeeded ?? 0) },
};

/**
 * Compiles a selector for one resource (events: per API group, whose spellings differ).
 * Throws 400 `field label not supported: X` like the group's field-label conversion does.
 */
export function compileFieldSelector(sel: string | undefined, resource: StoreResource, group: 'core' | 'events' = 'core'): ((o: KubeObject) => boolean) | undefined {
  if (!sel) return undefined;
  const reqs = parseFieldSelector(sel);
  if (reqs.length === 0) return undefined;
  const table = FIELDS[resource === 'events' ? `events:${group}` : resource] ?? meta;
  const tests = reqs.map((r) => {
    const get = table[r.field];
    if (!get) throw badRequest(`field label not supported: ${r.field}`);
    return r.op === '=' ? (o: KubeObject) => get(o) === r.value : (o: KubeObject) => get(o) !== r.value;
  });
  return (o) => tests.every((t) => t(o));
}
