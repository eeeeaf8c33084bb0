// Field selectors in the spelling the chosen events API accepts. core/v1 says involvedObject.*
// and reportingComponent, events.k8s.io/v1 says regarding.* and reportingController, and each
// API rejects the other's; users type either. Plus --types and --for as selector terms.
import type { ApiGroup } from '../model/event.js';
import { canonicalKind } from './kinds.js';

/** Splits on commas that are not escaped (`\,` is a literal comma in a value). */
export function splitSelector(sel: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i]!;
    if (c === '\\' && i + 1 < sel.length) {
      cur += c + sel[++i];
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter(Boolean);
}

function translateKey(key: string, to: ApiGroup): string {
  if (to === 'events') {
    if (key.startsWith('involvedObject.')) return 'regarding.' + key.slice('involvedObject.'.length);
    if (key === 'reportingComponent') return 'reportingController';
  } else {
    if (key.startsWith('regarding.')) return 'involvedObject.' + key.slice('regarding.'.length);
    if (key === 'reportingController') return 'reportingComponent';
  }
  return key;
}

/** Rewrites every term's field name for `to`; values and operators are kept byte for byte. */
export function translateFieldSelector(sel: string, to: ApiGroup): string {
  return splitSelector(sel)
    .map((term) => {
      const m = /^([^=!\s]+)\s*(!=|==|=)(.*)$/.exec(term);
      return m ? translateKey(m[1]!, to) + m[2]! + m[3]! : term; // malformed: let the server say why
    })
    .join(',');
}

/** Escapes a value for a selector term (fields.EscapeValue). */
export function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
}

export interface SelectorInput {
  fieldSelector?: string;
  /** --types: one type becomes `type=X`; several are filtered here (a selector cannot OR). */
  types?: readonly string[];
  /** --for KIND/NAME */
  forObject?: { kind: string; name: string };
}

export interface SelectorPlan {
  /** What to send as fieldSelector, or undefined. */
  fieldSelector?: string;
  /** Types to keep client-side, when the server cannot filter them. */
  clientTypes?: ReadonlySet<string>;
}

export function planSelector(input: SelectorInput, apiGroup: ApiGroup): SelectorPlan {
  const terms: string[] = [];
  if (input.fieldSelector) terms.push(...splitSelector(translateFieldSelector(input.fieldSelector, apiGroup)));
  const objectField = apiGroup === 'events' ? 'regarding' : 'involvedObject';
  if (input.forObject) {
    terms.push(`${objectField}.kind=${escapeValue(canonicalKind(input.forObject.kind))}`, `${objectField}.name=${escapeValue(input.forObject.name)}`);
  }
  let clientTypes: Set<string> | undefined;
  const types = [...new Set(input.types ?? [])];
  if (types.length === 1) terms.push(`type=${escapeValue(types[0]!)}`);
  else if (types.length > 1) clientTypes = new Set(types);
  return { fieldSelector: terms.length ? terms.join(',') : undefined, clientTypes };
}
