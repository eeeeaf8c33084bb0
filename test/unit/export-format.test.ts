// Export formats parsed back: CSV with an RFC 4180 reader written here, JSON with JSON.parse,
// Markdown by its table rows and escaped pipes; the header says context, scope, filter, range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregateStore, type EventGroup } from '../../src/store/aggregate.js';
import { csvField, defaultFileName, formatRows, formatSummary, mdCell, timeRange, type ExportHeader } from '../../src/export/format.js';
import { summarize } from '../../src/store/summary.js';
import { groupJson } from '../../src/plain/format.js';
import { ev, upsert } from './helpers/events.js';

/** RFC 4180: records of fields, quoted fields may hold commas, CRLF and doubled quotes. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i++; }
    else field += c;
  }
  assert.equal(quoted, false, 'unterminated quote');
  assert.equal(field + record.join(''), '', 'the file ends with CRLF');
  return records;
}

const HEADER: ExportHeader = {
  context: 'prod|eu', cluster: 'eu-1', namespaces: ['shop', 'pay'], filter: 'reason:"Back off" -web', sort: 'triage',
  warningsOnly: false, hideExpired: false, folded: false, generatedAt: Date.UTC(2026, 11, 1, 15, 0, 0),
};

function store(): { s: AggregateStore; rows: EventGroup[] } {
  const s = new AggregateStore();
  const a = ev({ uid: 'a', object: 'web-1', message: 'pipe | and "quotes", commas\nand a newline', count: 3, firstSeen: Date.UTC(2026, 11, 1, 14, 0), lastSeen: Date.UTC(2026, 11, 1, 14, 30) });
  const b = ev({ uid: 'b', object: 'db-0', reason: 'Unhealthy', message: 'Readiness probe failed', type: 'Normal', lastSeen: Date.UTC(2026, 11, 1, 14, 50) });
  s.apply([upsert(a), upsert(b)]);
  s.apply([{ kind: 'delete', event: b }]);
  const rows = [...s.groupList()].sort((x, y) => y.lastSeen - x.lastSeen);
  return { s, rows };
}

test('export csv: header records, one record per row, quoting round-trips every character', () => {
  const { rows } = store();
  const records = readCsv(formatRows('csv', rows, HEADER));
  const meta = new Map(records.filter((r) => r[0]!.startsWith('# ')).map((r) => [r[0]!.slice(2), r[1]]));
  assert.equal(meta.get('context'), 'prod|eu');
  assert.equal(meta.get('scope'), 'shop,pay');
  assert.equal(meta.get('filter'), 'reason:"Back off" -web');
  assert.equal(meta.get('rows'), '2');
  assert.equal(meta.get('first seen'), '2026-12-01T14:00:00.000Z');
  assert.equal(meta.get('last seen'), '2026-12-01T14:50:00.000Z');
  assert.equal(meta.get('generated'), '2026-12-01T15:00:00.000Z');
  const table = records.filter((r) => !r[0]!.startsWith('# '));
  const [head, ...body] = table;
  assert.deepEqual(head, ['lastSeen', 'firstSeen', 'type', 'namespace', 'object', 'reason', 'count', 'state', 'message']);
  assert.equal(body.length, 2);
  const row = (name: string) => Object.fromEntries(head!.map((h, i) => [h, body.find((r) => r[4] === name)![i]]));
  assert.equal(row('Pod/db-0').state, 'expired');
  assert.equal(row('Pod/web-1').message, 'pipe | and "quotes", commas\nand a newline');
  assert.equal(row('Pod/web-1').count, '3');
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
});

test('export json: the header and each row as a -o json line states it (expired included)', () => {
  const { rows } = store();
  const doc = JSON.parse(formatRows('json', rows, HEADER)) as Record<string, unknown> & { groups: Array<Record<string, unknown>> };
  assert.equal(doc.kevtui, 'events');
  assert.equal(doc.context, 'prod|eu');
  assert.deepEqual(doc.namespaces, ['shop', 'pay']);
  assert.equal(doc.filter, HEADER.filter);
  assert.equal(doc.rows, 2);
  assert.equal(doc.firstSeen, '2026-12-01T14:00:00.000Z');
  assert.equal(doc.generatedAt, '2026-12-01T15:00:00.000Z');
  assert.deepEqual(doc.groups, rows.map((g) => JSON.parse(groupJson(g))));
  assert.deepEqual(doc.groups.map((g) => g.expired), [true, false]);
  assert.deepEqual((JSON.parse(formatRows('json', [], HEADER)) as { groups: unknown[] }).groups, []);
});

test('export md: one table line per row, pipes escaped, header as a list', () => {
  const { rows } = store();
  const md = formatRows('md', rows, HEADER);
  const lines = md.split('\n');
  const table = lines.filter((l) => l.startsWith('|'));
  assert.equal(table.length, 2 + rows.length, md); // heading, separator, rows
  // Every table line has as many unescaped pipes as the heading: no cell spills into the next.
  const cells = (l: string) => l.split(/(?<!\\)\|/).length;
  for (const l of table) assert.equal(cells(l), cells(table[0]!), l);
  assert.ok(md.includes('pipe \\| and "quotes", commas and a newline'), md);
  assert.ok(lines.includes('- **context**: `prod|eu`'), md);
  assert.ok(lines.includes('- **filter**: `reason:"Back off" -web`'), md);
  assert.ok(lines.includes('- **scope**: `shop,pay`'), md);
  assert.ok(table.some((l) => /\| expired \|/.test(l)));
  assert.equal(mdCell('a|b\\|c'), 'a\\|b\\\\\\|c');
  assert.equal(mdCell('<none> *x* `y`'), '&lt;none> \\*x\\* \\`y\\`');
  assert.ok(table.some((l) => l.startsWith('| 2026-12-01 14:30:00 | 2026-12-01 14:00:00 | Warning |')), md);
  assert.match(formatRows('md', [], HEADER), /_no rows_/);
});

test('export summary: md sections, csv one record per row, json the --summary object', () => {
  const { s } = store();
  const sum = summarize(s.groups(), Date.UTC(2026, 11, 1, 15, 0));
  const md = formatSummary('md', sum, HEADER);
  assert.match(md, /### Top reasons by count/);
  assert.match(md, /\| BackOff \| 3 \| 1 \|/);
  const csv = readCsv(formatSummary('csv', sum, HEADER)).filter((r) => !r[0]!.startsWith('# '));
  assert.deepEqual(csv[0], ['section', 'name', 'namespace', 'events', 'groups', 'perMinute', 'firstSeen']);
  assert.ok(csv.some((r) => r[0] === 'Top reasons by count' && r[1] === 'BackOff' && r[3] === '3'));
  const doc = JSON.parse(formatSummary('json', sum, HEADER)) as { kevtui: string; summary: { groups: number } };
  assert.equal(doc.kevtui, 'summary');
  assert.equal(doc.summary.groups, 2);
});

test('export: default file name and time range', () => {
  const at = new Date(2026, 11, 1, 9, 5, 7).getTime(); // local time, as the name is
  assert.equal(defaultFileName('prod/eu:admin', at, 'csv'), 'kevtui-prod_eu_admin-20261201-090507.csv');
  assert.equal(defaultFileName('..', at, 'md', 'summary'), 'kevtui-cluster-summary-20261201-090507.md');
  const r = timeRange([]);
  assert.ok(Number.isNaN(r.from) && Number.isNaN(r.to));
});
