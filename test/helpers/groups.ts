// kevtui's group key and NDJSON folding, written apart from src/ so tests check kevtui against
// an independent reading of the rules (shared by the demo e2e and the real-cluster suites).

export const COMBINED = '(combined from similar events): ';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubectl's JSON, read loosely
type Obj = any;

/**
 * The message part of the key: the message, except that a legacy combined event (client-go
 * re-states it with each new message) is one group per source, object, reason and type.
 */
const textPart = (message: string, type: string) => (message.startsWith(COMBINED) ? `${COMBINED}<${type}>` : message);

/** kubectl's events (core/v1 items) grouped by kevtui's key → summed count; written apart from src/. */
export function truth(items: Obj[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of items) {
    const o = e.involvedObject ?? {};
    const component = e.reportingComponent || e.source?.component || '';
    const message = textPart((e.message ?? '').trim(), e.type ?? '');
    const count = e.series ? e.series.count : e.count || 1;
    const key = [e.metadata.namespace, component, o.kind ?? '', o.namespace ?? '', o.name ?? '', e.reason ?? '', message].join('|');
    out.set(key, (out.get(key) ?? 0) + count);
  }
  return out;
}

export interface JsonGroup {
  namespace: string;
  component: string;
  kind: string;
  objectNamespace: string;
  name: string;
  reason: string;
  message: string;
  type: string;
  combined: boolean;
  count: number;
  expired?: boolean;
  removed?: boolean;
  apiVersion?: string;
  fieldPath?: string;
  instance?: string;
  severity?: string;
}

/** A printed group's key; checks its `combined` field against the message it states. */
export function keyOf(g: JsonGroup): string {
  if (g.combined !== g.message.startsWith(COMBINED)) throw new Error(`"combined": ${g.combined} for the message ${JSON.stringify(g.message)}`);
  return [g.namespace, g.component, g.kind, g.objectNamespace, g.name, g.reason, textPart(g.message, g.type)].join('|');
}

/**
 * NDJSON from --plain/--once -o json, later lines of a group replacing earlier ones; a `removed`
 * line drops its group. No line may read count 0, removed or not.
 */
export function foldGroups(ndjson: string): Map<string, JsonGroup> {
  const out = new Map<string, JsonGroup>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const g = JSON.parse(line) as JsonGroup;
    if (!(g.count >= 1)) throw new Error(`a group printed with count ${g.count}: ${line}`);
    if (g.removed) out.delete(keyOf(g));
    else out.set(keyOf(g), g);
  }
  return out;
}

/** Live (not expired) groups → count. */
export function foldCounts(ndjson: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, g] of foldGroups(ndjson)) if (!g.expired) out.set(k, g.count);
  return out;
}

export function diff(want: Map<string, number>, got: Map<string, number>): string[] {
  const d: string[] = [];
  for (const [k, n] of want) if (got.get(k) !== n) d.push(`want ${n} got ${got.get(k)}: ${k}`);
  for (const [k, n] of got) if (!want.has(k)) d.push(`extra ${n}: ${k}`);
  return d;
}

