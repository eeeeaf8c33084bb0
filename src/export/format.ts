// Export formats: the table's rows, or the incident summary, as a Markdown table (for an
// incident channel), JSON or CSV, each with a header saying what was exported. Pure: the text
// only; export/file.ts writes it. Strings were sanitised at the border: here only each format's
// own quoting is left (CSV quotes, Markdown pipes).
import type { EventGroup } from '../store/aggregate.js';
import { isFold } from '../store/fold.js';
import { groupJson } from '../plain/format.js';
import { DIMENSIONS, formatRate, RATE_MEANING, type Dimension, type Summary, type SummaryRow } from '../store/summary.js';
import { summaryJson, DIMENSION_TITLE } from '../plain/summary.js';

export type ExportFormat = 'md' | 'json' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'json', 'csv'];

/** What the export shows, as the screen states it. */
export interface ExportHeader {
  context: string;
  cluster: string;
  /** [''] = all namespaces. */
  namespaces: readonly string[];
  /** The breadcrumb when inside a jump (`events › Pod/web`), else undefined. */
  view?: string | undefined;
  filter: string;
  sort: string;
  warningsOnly: boolean;
  /** Expired groups left out (`:expired off`). */
  hideExpired: boolean;
  folded: boolean;
  /** epoch ms */
  generatedAt: number;
}

const iso = (t: number): string | null => (Number.isFinite(t) ? new Date(t).toISOString() : null);

function scopeText(namespaces: readonly string[]): string {
  return namespaces.length === 0 || namespaces.includes('') ? 'all namespaces' : namespaces.join(',');
}

/** The first and last seen of the rows (the time range the export covers). */
export function timeRange(groups: readonly EventGroup[]): { from: number; to: number } {
  let from = Infinity;
  let to = -Infinity;
  for (const g of groups) {
    if (g.firstSeen < from) from = g.firstSeen;
    if (g.lastSeen > to) to = g.lastSeen;
    if (g.lastSeen < from) from = g.lastSeen; // a group without firstSeen still bounds the range
  }
  return { from: from === Infinity ? NaN : from, to: to === -Infinity ? NaN : to };
}

/** The header as ordered name/value pairs (one source for every format). */
function headerFields(h: ExportHeader, extra: Array<[string, string]>): Array<[string, string]> {
  return [
    ['context', h.context],
    ['cluster', h.cluster],
    ['scope', scopeText(h.namespaces)],
    ...(h.view !== undefined ? [['view', h.view] as [string, string]] : []),
    ['filter', h.filter],
    ['sort', h.sort],
    ['warnings only', h.warningsOnly ? 'yes' : 'no'],
    ['expired groups', h.hideExpired ? 'hidden' : 'shown'],
    ...(h.folded ? [['folded', 'yes'] as [string, string]] : []),
    ...extra,
    ['generated', iso(h.generatedAt) ?? ''],
  ];
}

function headerJson(h: ExportHeader): Record<string, unknown> {
  return {
    context: h.context,
    cluster: h.cluster,
    namespaces: h.namespaces.includes('') ? [] : [...h.namespaces],
    ...(h.view !== undefined ? { view: h.view } : {}),
    filter: h.filter,
    sort: h.sort,
    warningsOnly: h.warningsOnly,
    hideExpired: h.hideExpired,
    folded: h.folded,
    generatedAt: iso(h.generatedAt),
  };
}

// ── quoting ────────────────────────────────────────────────────────────────────────────────

/** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRecord(cells: readonly string[]): string {
  return cells.map(csvField).join(',');
}

/**
 * A Markdown table cell that renders as the text reads: `|` (a cell break), `\\`, `*` and
 * backticks escaped, `<` as an entity (a renderer would take `<none>` for a tag), line breaks as
 * spaces.
 */
export function mdCell(s: string): string {
  if (!/[\\|*`<\r\n]/.test(s)) return s; // most cells: one test, no copies
  return s.replace(/[\\|*`]/g, (c) => `\\${c}`).replace(/</g, '&lt;').replace(/\r\n|\r|\n/g, ' ');
}

function mdTable(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => (right.has(i) ? ' ---: ' : ' --- ')).join('|')}|`, ...rows.map(line)];
}

// ── the table ──────────────────────────────────────────────────────────────────────────────

const objectText = (g: EventGroup): string =>
  (g.object.kind || g.object.name ? `${g.object.kind}/${g.object.name}` : '') + (isFold(g) && g.objects > 1 ? ` (+${g.objects - 1})` : '');
const messageText = (g: EventGroup): string => (isFold(g) ? `${g.template} [${g.groups} groups]` : g.message);

/** `2026-12-01 15:04:05` (UTC, as the Markdown header says): ISO 8601 is long for a table cell. */
const utc = (t: number): string => iso(t)?.replace('T', ' ').replace(/\.\d+Z$/, '') ?? '';

const COLUMNS: ReadonlyArray<{ title: string; csv: string; cell(g: EventGroup): string; md?(g: EventGroup): string }> = [
  { title: 'LAST SEEN (UTC)', csv: 'lastSeen', cell: (g) => iso(g.lastSeen) ?? '', md: (g) => utc(g.lastSeen) },
  { title: 'FIRST SEEN (UTC)', csv: 'firstSeen', cell: (g) => iso(g.firstSeen) ?? '', md: (g) => utc(g.firstSeen) },
  { title: 'TYPE', csv: 'type', cell: (g) => g.type },
  { title: 'NAMESPACE', csv: 'namespace', cell: (g) => g.namespace },
  { title: 'OBJECT', csv: 'object', cell: objectText },
  { title: 'REASON', csv: 'reason', cell: (g) => g.reason },
  { title: 'COUNT', csv: 'count', cell: (g) => String(g.count) },
  { title: 'STATE', csv: 'state', cell: (g) => (g.expired ? 'expired' : 'live') },
  { title: 'MESSAGE', csv: 'message', cell: messageText },
];
const COUNT_AT = COLUMNS.findIndex((c) => c.csv === 'count');

function rangeFields(groups: readonly EventGroup[]): Array<[string, string]> {
  const r = timeRange(groups);
  return [['rows', String(groups.length)], ['first seen', iso(r.from) ?? ''], ['last seen', iso(r.to) ?? '']];
}

/** The rows (all of them, in the order given) with the header, as one file's text. */
export function formatRows(format: ExportFormat, groups: readonly EventGroup[], h: ExportHeader): string {
  switch (format) {
    case 'json': {
      const r = timeRange(groups);
      // Each row is exactly a `-o json` line (one per line: a 50k-row file stays greppable), so
      // one reader serves both.
      const head = JSON.stringify({ kevtui: 'events', ...headerJson(h), rows: groups.length, firstSeen: iso(r.from), lastSeen: iso(r.to) }, null, 2);
      const rows = groups.map((g) => `    ${groupJson(g)}`).join(',\n');
      return `${head.slice(0, -2)},\n  "groups": [${rows === '' ? '' : `\n${rows}\n  `}]\n}\n`;
    }
    case 'csv': {
      // The header as `#name,value` records before the table (pandas: comment='#').
      const head = headerFields(h, rangeFields(groups)).map(([k, v]) => csvRecord([`# ${k}`, v]));
      const body = groups.map((g) => csvRecord(COLUMNS.map((c) => c.cell(g))));
      return [...head, csvRecord(COLUMNS.map((c) => c.csv)), ...body].join('\r\n') + '\r\n';
    }
    case 'md': {
      const head = headerFields(h, rangeFields(groups)).map(([k, v]) => `- **${k}**: ${v === '' ? '—' : mdInline(v)}`);
      const table = mdTable(COLUMNS.map((c) => c.title), groups.map((g) => COLUMNS.map((c) => (c.md ?? c.cell)(g))), new Set([COUNT_AT]));
      return ['## kevtui events', '', ...head, '', ...(groups.length > 0 ? table : ['_no rows_']), ''].join('\n');
    }
  }
}

/** A header value in Markdown text: code span, so `*`, `_` and `|` read as typed. */
function mdInline(v: string): string {
  const ticks = /`+/g;
  let longest = 0;
  for (const m of v.matchAll(ticks)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ' ' : ''}${v.replace(/\r\n|\r|\n/g, ' ')}${longest > 0 ? ' ' : ''}${fence}`;
}

// ── the summary ────────────────────────────────────────────────────────────────────────────

const PLURAL: Record<Dimension, string> = { reason: 'reasons', namespace: 'namespaces', object: 'objects', component: 'components' };

interface SummaryTableOut {
  section: string;
  header: string[];
  rows: string[][];
  right: Set<number>;
}

function summaryTables(s: Summary): SummaryTableOut[] {
  const out: SummaryTableOut[] = [
    { section: 'Event types', header: ['TYPE', 'GROUPS', 'EVENTS'], rows: s.types.map((t) => [t.type, String(t.groups), String(t.events)]), right: new Set([1, 2]) },
  ];
  const cells = (d: Dimension, r: SummaryRow) => [...(d === 'object' ? [r.namespace ?? ''] : []), r.label, String(r.events), String(r.groups), formatRate(r.perMinute)];
  for (const d of DIMENSIONS) {
    const header = [...(d === 'object' ? ['NAMESPACE'] : []), DIMENSION_TITLE[d], 'EVENTS', 'GROUPS', 'PER MIN'];
    const n = header.length;
    const right = new Set([n - 3, n - 2, n - 1]);
    out.push({ section: `Top ${PLURAL[d]} by count`, header, rows: s.dimensions[d].byCount.map((r) => cells(d, r)), right });
    out.push({ section: `Top ${PLURAL[d]} by rate`, header, rows: s.dimensions[d].byRate.map((r) => cells(d, r)), right });
  }
  out.push({
    section: 'New in the last 10 minutes',
    header: ['FIRST SEEN', 'NAMESPACE', 'OBJECT', 'REASON', 'EVENTS'],
    rows: s.fresh.map((r) => [iso(r.firstSeen) ?? '', r.namespace, r.object, r.reason, String(r.events)]),
    right: new Set([4]),
  });
  return out;
}

/** The incident summary with the header, as one file's text. */
export function formatSummary(format: ExportFormat, s: Summary, h: ExportHeader): string {
  const totals: Array<[string, string]> = [['groups', String(s.groups)], ['events', String(s.events)], ['summary at', iso(s.at) ?? '']];
  switch (format) {
    case 'json':
      return JSON.stringify({ kevtui: 'summary', ...headerJson(h), summary: JSON.parse(summaryJson(s)) as unknown }, null, 2) + '\n';
    case 'csv': {
      // One table for every section: a spreadsheet filters on the first column.
      const head = headerFields(h, totals).map(([k, v]) => csvRecord([`# ${k}`, v]));
      const rows: string[] = [];
      for (const t of summaryTables(s)) {
        const at = (title: string) => t.header.indexOf(title);
        const label = t.header.findIndex((x) => x !== 'NAMESPACE' && x !== 'FIRST SEEN');
        for (const r of t.rows) {
          const get = (title: string) => (at(title) >= 0 ? r[at(title)]! : '');
          rows.push(csvRecord([t.section, r[label]!, get('NAMESPACE'), get('EVENTS'), get('GROUPS'), get('PER MIN'), get('FIRST SEEN')]));
        }
      }
      return [...head, csvRecord(['section', 'name', 'namespace', 'events', 'groups', 'perMinute', 'firstSeen']), ...rows].join('\r\n') + '\r\n';
    }
    case 'md': {
      const lines = ['## kevtui incident summary', '', ...headerFields(h, totals).map(([k, v]) => `- **${k}**: ${v === '' ? '—' : mdInline(v)}`)];
      for (const t of summaryTables(s)) lines.push('', `### ${t.section}`, '', ...(t.rows.length > 0 ? mdTable(t.header, t.rows, t.right) : ['_none_']));
      lines.push('', `PER MIN: ${RATE_MEANING}.`, '');
      return lines.join('\n');
    }
  }
}

/** `kevtui-<context>-<YYYYMMDD-HHMMSS>.<ext>` (local time; the context made safe for a file name). */
export function defaultFileName(context: string, at: number, format: ExportFormat, what: 'events' | 'summary' = 'events'): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
  const safe = context.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 64) || 'cluster';
  return `kevtui-${safe}${what === 'summary' ? '-summary' : ''}-${stamp}.${format}`;
}
