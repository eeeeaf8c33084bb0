// Label selectors (k8s.io/apimachinery/pkg/labels): `k=v`, `k==v`, `k!=v`, `k`, `!k`,
// `k in (a,b)`, `k notin (a,b)`; comma = AND. Events rarely carry labels; objects do.
import type { KubeObject } from '../types.js';
import { badRequest } from './status.js';

type Test = (labels: Record<string, string>) => boolean;

function splitTop(sel: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sel.length; i++) {
    if (sel[i] === '(') depth++;
    else if (sel[i] === ')') depth--;
    else if (sel[i] === ',' && depth === 0) {
      out.push(sel.slice(start, i));
      start = i + 1;
    }
  }
  out.push(sel.slice(start));
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

function parseTerm(term: string, sel: string): Test {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, k, op, list] = m;
    const vals = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => k in l && vals.has(l[k]) : (l) => !(k in l) || !vals.has(l[k]);
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
  if (m) {
    const [, k, op, v] = m;
    return op === '!=' ? (l) => l[k] !== v : (l) => l[k] === v;
  }
  m = /^(!?)([\w./-]+)$/.exec(term);
  if (m) {
    const [, not, k] = m;
    return not ? (l) => !(k in l) : (l) => k in l;
  }
  throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt (selector "${sel}")`);
}

export function compileLabelSelector(sel: string | undefined): ((o: KubeObject) => boolean) | undefined {
  if (!sel || sel.trim() === '') return undefined;
  const tests = splitTop(sel).map((t) => parseTerm(t, sel));
  return (o) => {
    const labels = o.metadata.labels ?? {};
    return tests.every((t) => t(labels));
  };
}
