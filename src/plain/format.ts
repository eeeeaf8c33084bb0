// Plain output: groups as aligned lines like `kubectl events`, or one JSON object per line.
// Pure: the runner decides when to print; this decides what.
import type { EventGroup } from '../store/aggregate.js';
import { isFold } from '../store/fold.js';
import { humanDuration } from '../model/duration.js';
import { displayWidth } from '../model/width.js';

export type PlainFormat = 'default' | 'wide' | 'json';

interface Column {
  title: string;
  cell(g: EventGroup, now: number): string;
}

const objectName = (g: EventGroup) =>
  (g.object.kind || g.object.name ? `${g.object.kind}/${g.object.name}` : '<none>') + (isFold(g) && g.objects > 1 ? ` (+${g.objects - 1})` : '');
const age = (t: number, now: number) => (Number.isFinite(t) ? humanDuration(now - t) : '<unknown>');

const NAMESPACE: Column = { title: 'NAMESPACE', cell: (g) => g.namespace };
/** Several clusters: the context each line is from, whole (plain output is for grep). */
const CLUSTER: Column = { title: 'CLUSTER', cell: (g) => g.cluster };
const BASE: Column[] = [
  { title: 'LAST SEEN', cell: (g, now) => age(g.lastSeen, now) },
  { title: 'TYPE', cell: (g) => g.type },
  { title: 'REASON', cell: (g) => g.reason },
  { title: 'OBJECT', cell: objectName },
  { title: 'COUNT', cell: (g) => String(g.count) },
];
const WIDE: Column[] = [
  { title: 'SEVERITY', cell: (g) => g.severity },
  { title: 'COMPONENT', cell: (g) => [g.component, g.instance].filter(Boolean).join(', ') },
  { title: 'FIRST SEEN', cell: (g, now) => age(g.firstSeen, now) },
  { title: 'STATE', cell: (g) => (g.expired ? 'expired' : 'live') },
];
// A fold shows its template and how many groups it folds.
const MESSAGE: Column = { title: 'MESSAGE', cell: (g) => (isFold(g) ? `${g.template} [${g.groups} groups]` : g.message) };

/**
 * Aligned columns that only ever widen, so a streaming printer stays aligned once it has seen
 * the widest value and never truncates anything (plain output is for grep and logs).
 */
export class LineFormatter {
  private readonly columns: Column[];
  private readonly widths: number[];

  constructor(format: Exclude<PlainFormat, 'json'>, withNamespace: boolean, withCluster = false) {
    this.columns = [...(withCluster ? [CLUSTER] : []), ...(withNamespace ? [NAMESPACE] : []), ...BASE, ...(format === 'wide' ? WIDE : []), MESSAGE];
    // kubectl's tabwriter: cells padded to at least 10 columns including 3 spaces of padding.
    this.widths = this.columns.map((c) => Math.max(7, displayWidth(c.title)));
  }

  /** Widen the columns to fit these groups (for a one-shot table printed all at once). */
  fit(groups: Iterable<EventGroup>, now: number): void {
    for (const g of groups) this.measure(this.cells(g, now));
  }

  header(): string {
    return this.join(this.columns.map((c) => c.title));
  }

  line(g: EventGroup, now: number): string {
    const cells = this.cells(g, now);
    this.measure(cells);
    return this.join(cells);
  }

  private cells(g: EventGroup, now: number): string[] {
    return this.columns.map((c) => c.cell(g, now));
  }

  private measure(cells: string[]): void {
    // The last column (MESSAGE) is never padded.
    for (let i = 0; i < cells.length - 1; i++) this.widths[i] = Math.max(this.widths[i]!, displayWidth(cells[i]!));
  }

  private join(cells: string[]): string {
    const last = cells.length - 1;
    return cells.map((c, i) => (i === last ? c : c + ' '.repeat(this.widths[i]! - displayWidth(c) + 3))).join('');
  }
}

// Lines go out sorted by time, so neighbours share their times: the last few are remembered
// (toISOString was 7 % of a 100k-event --once).
const isoMemo = new Map<number, string>();
function iso(t: number): string | null {
  if (!Number.isFinite(t)) return null;
  let s = isoMemo.get(t);
  if (s === undefined) {
    if (isoMemo.size >= 64) isoMemo.clear();
    isoMemo.set(t, (s = new Date(t).toISOString()));
  }
  return s;
}

/**
 * One JSON object per group, field names stable for scripts; a follower folds lines by group
 * (component, object, reason, and message, or type when `combined`), later replacing earlier.
 * `removed`: the group (or, with --fold, the row) no longer exists: its events now read
 * differently, or it was folded in or out: drop it. Such a line keeps the last count, so no
 * line ever reads count 0.
 */
export function groupJson(g: EventGroup, opts: { removed?: boolean; cluster?: string } = {}): string {
  return JSON.stringify({
    // The kubeconfig context: the group's own with several clusters, else the session's.
    cluster: g.cluster || opts.cluster || '',
    namespace: g.namespace,
    kind: g.object.kind,
    name: g.object.name,
    objectNamespace: g.object.namespace,
    apiVersion: g.object.apiVersion,
    fieldPath: g.object.fieldPath,
    component: g.component,
    instance: g.instance,
    reason: g.reason,
    message: g.message,
    combined: g.combined,
    type: g.type,
    severity: g.severity,
    count: g.count,
    firstSeen: iso(g.firstSeen),
    lastSeen: iso(g.lastSeen),
    expired: g.expired,
    ...(opts.removed ? { removed: true } : {}),
    // A fold (--fold): the latest member's own message, and what the fold holds.
    ...(isFold(g) ? { message: g.latestGroup.message, folded: true, template: g.template, groups: g.groups, objects: g.objects } : {}),
  });
}

/** kubectl events' order: oldest first, so the newest ends up next to the prompt. */
export function byLastSeenAscending(a: EventGroup, b: EventGroup): number {
  const x = Number.isFinite(a.lastSeen) ? a.lastSeen : -Infinity;
  const y = Number.isFinite(b.lastSeen) ? b.lastSeen : -Infinity;
  return x - y || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
