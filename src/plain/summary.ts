// `--once --summary`: the incident summary as aligned tables (like kubectl) or one JSON object.
// Pure: store/summary computes, this lays it out. Every string in it was sanitised at the border.
import { humanDuration } from '../model/duration.js';
import { displayWidth } from '../model/width.js';
import { DIMENSIONS, formatRate, NEW_WINDOW_MS, RATE_MEANING, RATE_WINDOW_MS, type Dimension, type Summary, type SummaryRow } from '../store/summary.js';

export const DIMENSION_TITLE: Record<Dimension, string> = { reason: 'REASON', namespace: 'NAMESPACE', object: 'OBJECT', component: 'COMPONENT' };
const PLURAL: Record<Dimension, string> = { reason: 'reasons', namespace: 'namespaces', object: 'objects', component: 'components' };

/** kubectl's tabwriter: every column but the last padded to its widest cell plus 3 spaces. */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  const last = header.length - 1;
  return all.map((r) => r.map((c, i) => (i === last ? c : c + ' '.repeat(widths[i]! - displayWidth(c) + 3))).join('').trimEnd());
}

const none = (s: string) => (s === '' ? '<none>' : s);

function dimensionCells(d: Dimension, r: SummaryRow): string[] {
  return [...(d === 'object' ? [none(r.namespace ?? '')] : []), none(r.label), String(r.events), String(r.groups), formatRate(r.perMinute)];
}

function dimensionHeader(d: Dimension): string[] {
  return [...(d === 'object' ? ['NAMESPACE'] : []), DIMENSION_TITLE[d], 'EVENTS', 'GROUPS', 'PER MIN'];
}

export function summaryText(s: Summary): string {
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (out.length) out.push('');
    out.push(`${title}:`, ...lines);
  };
  section('Event types', alignedTable(['TYPE', 'GROUPS', 'EVENTS'], s.types.map((t) => [none(t.type), String(t.groups), String(t.events)])));
  for (const d of DIMENSIONS) {
    const dim = s.dimensions[d];
    const of = dim.distinct > dim.byCount.length ? ` (of ${dim.distinct})` : '';
    section(`Top ${PLURAL[d]} by count${of}`, dim.byCount.length ? alignedTable(dimensionHeader(d), dim.byCount.map((r) => dimensionCells(d, r))) : ['none']);
    section(`Top ${PLURAL[d]} by rate`, dim.byRate.length ? alignedTable(dimensionHeader(d), dim.byRate.map((r) => dimensionCells(d, r))) : ['nothing in the last 5 minutes']);
  }
  const of = s.freshGroups > s.fresh.length ? ` (${s.fresh.length} of ${s.freshGroups})` : '';
  section(`New in the last 10 minutes${of}`, s.fresh.length
    ? alignedTable(['FIRST SEEN', 'NAMESPACE', 'OBJECT', 'REASON', 'EVENTS'],
      s.fresh.map((r) => [humanDuration(Math.max(0, s.at - r.firstSeen)), none(r.namespace), none(r.object), none(r.reason), String(r.events)]))
    : ['none']);
  out.push('', `PER MIN: ${RATE_MEANING}.`);
  return out.join('\n') + '\n';
}

const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);

function rowJson(d: Dimension, r: SummaryRow): Record<string, unknown> {
  return {
    [d]: r.label,
    ...(d === 'object' ? { namespace: r.namespace ?? '' } : {}),
    events: r.events,
    groups: r.groups,
    perMinute: Math.round(r.perMinute * 1000) / 1000,
  };
}

/** One JSON object, field names stable for scripts. */
export function summaryJson(s: Summary): string {
  const dims = Object.fromEntries(DIMENSIONS.map((d) => [PLURAL[d], {
    byCount: s.dimensions[d].byCount.map((r) => rowJson(d, r)),
    byRate: s.dimensions[d].byRate.map((r) => rowJson(d, r)),
    distinct: s.dimensions[d].distinct,
  }]));
  return JSON.stringify({
    at: iso(s.at),
    rateWindowSeconds: RATE_WINDOW_MS / 1000,
    rateMeaning: RATE_MEANING,
    groups: s.groups,
    events: s.events,
    perMinute: Math.round(s.perMinute * 1000) / 1000,
    types: s.types,
    ...dims,
    new: {
      windowSeconds: NEW_WINDOW_MS / 1000,
      groups: s.freshGroups,
      top: s.fresh.map((r) => ({ namespace: r.namespace, object: r.object, reason: r.reason, events: r.events, firstSeen: iso(r.firstSeen) })),
    },
  }) + '\n';
}
