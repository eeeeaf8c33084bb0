// `kevtui --demo --once --summary`: the built CLI prints the incident summary without the full
// screen, as aligned tables or one JSON object, and its figures add up to what was listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli.js';

// A fixed seed, a preload and no live events: the listed total is exactly the preload.
const DEMO = ['--demo', '--once', '--summary', '-A', '--seed', '7', '--rate', '0', '--events', '600'];

interface Row { events: number; groups: number; perMinute: number }

test('--once --summary -o json: one object whose sections add up to the listed events', { timeout: 90_000 }, async () => {
  const r = await runCli([...DEMO, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'one JSON object, not NDJSON groups');
  const s = JSON.parse(lines[0]!);
  assert.equal(s.events, 600);
  assert.equal(s.rateWindowSeconds, 300);
  assert.deepEqual(s.types.map((t: { type: string }) => t.type).slice(0, 2), ['Warning', 'Normal']);
  const sum = (rows: Row[], k: keyof Row) => rows.reduce((n, x) => n + x[k], 0);
  assert.equal(sum(s.types, 'events'), 600);
  assert.equal(sum(s.types, 'groups'), s.groups);
  // The demo has fewer than 10 namespaces: the top list is all of them.
  assert.ok(s.namespaces.distinct <= 10);
  assert.equal(sum(s.namespaces.byCount, 'events'), 600);
  for (const dim of ['reasons', 'namespaces', 'objects', 'components']) {
    const byCount: Row[] = s[dim].byCount;
    const byRate: Row[] = s[dim].byRate;
    assert.ok(byCount.length > 0 && byCount.length <= 10, dim);
    for (let i = 1; i < byCount.length; i++) assert.ok(byCount[i - 1]!.events >= byCount[i]!.events, `${dim} by count is ordered`);
    for (let i = 1; i < byRate.length; i++) assert.ok(byRate[i - 1]!.perMinute >= byRate[i]!.perMinute, `${dim} by rate is ordered`);
    for (const row of byRate) assert.ok(row.perMinute > 0);
  }
  assert.ok(s.new.groups >= s.new.top.length);
});

test('--once --summary: aligned tables with headers; --summary without --once is a usage error', { timeout: 90_000 }, async () => {
  const r = await runCli(DEMO, { env: { NO_COLOR: '1' } });
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout;
  for (const title of ['Event types:', 'Top reasons by count', 'Top reasons by rate:', 'Top namespaces by count', 'Top objects by count', 'Top components by rate:', 'New in the last 10 minutes']) {
    assert.ok(out.includes(title), `has "${title}"`);
  }
  assert.match(out, /^REASON +EVENTS +GROUPS +PER MIN$/m);
  assert.match(out, /^NAMESPACE +OBJECT +EVENTS +GROUPS +PER MIN$/m);
  assert.match(out, /^PER MIN: events\/min over the last 5 min/m);
  assert.doesNotMatch(out, /\x1b/, 'no escape sequences');
  // Columns line up: in the reasons table every EVENTS cell starts where its header does.
  const lines = out.split('\n');
  const h = lines.findIndex((l) => /^REASON +EVENTS/.test(l));
  const at = lines[h]!.indexOf('EVENTS');
  for (let i = h + 1; lines[i] !== ''; i++) assert.match(lines[i]!.slice(at), /^\d+ /, lines[i]);
  const w = lines.find((l) => l.startsWith('Warning '))!;
  assert.match(w, /^Warning +\d+ +\d+$/);

  const bad = await runCli(['--summary', '--plain']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--summary works with --once/);
});
