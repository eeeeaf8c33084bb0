// The `:status` view's lines: where kevtui is connected, what the source is doing, and the
// counters that say whether what is on screen can be trusted (malformed lines, reconnects,
// relists, evictions). Pure: the caller passes what the session and store report.
import type { SourceStatus } from '../kube/types.js';
import type { Totals } from '../store/aggregate.js';
import type { ClusterState } from '../session/types.js';
import { formatBytes } from '../model/bytes.js';

export interface StatusInput {
  readonly context: string;
  readonly cluster: string;
  readonly apiGroup: string;
  readonly namespaces: readonly string[];
  readonly status: SourceStatus;
  /** Several clusters in one view: a line each (context, server, state). */
  readonly clusters?: readonly ClusterState[];
  readonly totals: Totals;
  /** The store's byte bound (--max-memory) and group cap (--max-groups), when known. */
  readonly maxBytes?: number;
  readonly maxGroups?: number;
  /** Wall clock, for "retrying in". */
  readonly now: number;
}

const n = (x: number) => x.toLocaleString('en-US');


/** [label, value] pairs, in the order shown. */
export function statusRows(i: StatusInput): Array<[string, string]> {
  const s = i.status;
  const t = i.totals;
  const scope = i.namespaces.length === 1 && i.namespaces[0] === '' ? 'all namespaces' : i.namespaces.join(', ');
  const many = i.clusters !== undefined && i.clusters.length > 1 ? i.clusters : undefined;
  const rows: Array<[string, string]> = many !== undefined ? [
    ['Clusters', `${many.length}: ${s.detail}`],
    ...many.map((c): [string, string] => [`  ${c.label}`, `${c.name}${c.status.server !== undefined ? ` (${c.status.server})` : ''} · ${c.status.state}: ${c.status.detail}`]),
    ['Scope', scope],
    ['API', s.apiGroup ?? i.apiGroup],
  ] : [
    ['Context', i.context],
    ['Cluster', i.cluster + (s.server !== undefined ? ` (${s.server})` : '')],
    ['Scope', scope + (s.fallback !== undefined ? ` — ${s.fallback}` : '')],
    ['API', s.apiGroup ?? i.apiGroup],
    ['State', `${s.state}: ${s.detail}`],
  ];
  if (many === undefined && s.state === 'reconnecting' && s.retryAt !== undefined) rows.push(['Retrying', `in ${Math.max(0, Math.ceil((s.retryAt - i.now) / 1000))} s (attempt ${s.attempt ?? 1})`]);
  rows.push(
    ['Reconnects', n(s.reconnects)],
    ['Relists', n(s.relists)],
    ['Malformed lines', n(s.malformed) + (s.malformed > 0 ? ' (lines that were not JSON or not events: skipped)' : '')],
    ['Groups', `${n(t.groups)}${i.maxGroups !== undefined ? ` of at most ${n(i.maxGroups)}` : ''} · ${n(t.warningGroups)} warnings · ${n(t.expiredGroups)} expired`],
    ['Events', `${n(t.events)} counted · ${n(t.liveEvents)} alive on the server`],
    ['Memory', `${formatBytes(t.bytes)} of event data${i.maxBytes !== undefined ? ` of at most ${formatBytes(i.maxBytes)}` : ''}`],
    ['Evicted', t.evicted === 0 ? 'nothing' : `${n(t.evicted)} groups (${n(t.evictedEvents)} events), least recently seen first`],
  );
  if (t.untracked > 0) rows.push(['Untracked uids', `${n(t.untracked)} (groups with very many events: an update of one counts again)`]);
  if (t.droppedOld > 0) rows.push(['Too old to keep', `${n(t.droppedOld)} deliveries older than everything kept`]);
  return rows;
}
