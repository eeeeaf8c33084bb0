// config.yaml through the built CLI: `kevtui config show`, a bad file (one line, then the
// defaults), severity rules in --once output, and in tmux --view NAME and `:view save NAME`
// writing the file in place. Each test has its own XDG_CONFIG_HOME.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CLI, ensureBuilt, ROOT, runCli } from './cli.js';
import { hasTmux, tableRows, Terminal } from './tmux.js';

function configHome(text?: string): { home: string; file: string; done(): void } {
  const home = mkdtempSync(join(tmpdir(), 'kevtui-e2e-cfg-'));
  const file = join(home, 'kevtui', 'config.yaml');
  if (text !== undefined) {
    mkdirSync(join(home, 'kevtui'));
    writeFileSync(file, text);
  }
  return { home, file, done: () => rmSync(home, { recursive: true, force: true }) };
}
const env = (home: string) => ({ XDG_CONFIG_HOME: home, NO_COLOR: '' });

test('kevtui config show: file values and flags, each with its source', async () => {
  const c = configHome('# team defaults\ncontext: prod-eu\napi: core\nsort: count\ntheme: light\n');
  try {
    const r = await runCli(['config', 'show', '--api', 'events'], { env: env(c.home) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, new RegExp(`^# config file: ${c.file} \\(read\\)$`, 'm'));
    assert.match(r.stdout, /^context: prod-eu # config file$/m);
    assert.match(r.stdout, /^api: events # flag$/m);
    assert.match(r.stdout, /^sort: count # config file$/m);
    assert.match(r.stdout, /^theme: light # config file$/m);
    assert.match(r.stdout, /^columns: normal # default$/m);
    const none = await runCli(['config', 'show', '--config', join(c.home, 'missing.yaml')], { env: env(c.home) });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^kevtui: --config .*missing\.yaml: no such file\n/);
  } finally {
    c.done();
  }
});

test('a bad config file: one line naming the file and line on stderr, then the defaults', async () => {
  const c = configHome('sort: count\nseverity:\n  - reason: "(unclosed"\n    tier: critical\n');
  try {
    const r = await runCli(['--once', '--demo', '--events', '200', '-o', 'json'], { env: env(c.home) });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^kevtui: ${c.file}:3: severity\\[0\\]\\.reason is not a valid regular expression: .*; using the defaults$`));
    assert.ok(r.stdout.trim().split('\n').length > 5);
  } finally {
    c.done();
  }
});

test('severity rules from the file set the tier of matching events (first match wins)', async () => {
  const c = configHome('severity:\n  - reason: ^Scheduled$\n    tier: critical\n  - reason: ^Sched\n    tier: warning\n');
  try {
    const r = await runCli(['--once', '--demo', '--events', '300', '-o', 'json'], { env: env(c.home) });
    assert.equal(r.code, 0, r.stderr);
    const groups = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { reason: string; severity: string });
    const scheduled = groups.filter((g) => g.reason === 'Scheduled');
    assert.ok(scheduled.length > 0, 'the demo schedules pods');
    for (const g of scheduled) assert.equal(g.severity, 'critical');
    // Everything else keeps the built-in tiers.
    assert.ok(groups.some((g) => g.reason === 'Pulled' && g.severity === 'normal'));
  } finally {
    c.done();
  }
});

test('kevtui --demo --view NAME in tmux, then :view save NAME writes the file in place', { skip: !hasTmux && 'tmux not installed', timeout: 120_000 }, async () => {
  ensureBuilt();
  const c = configHome('# my views\nviews:\n  oom:\n    filter: OOMKilling\n    sort: count\n');
  const t = Terminal.start(`env XDG_CONFIG_HOME=${c.home} node ${CLI} --demo --seed 7 --view oom`, { cwd: ROOT });
  try {
    const first = await t.until('the oom view', (s) => /sort count/.test(s) && /\/OOMKilling/.test(s) && tableRows(s).length > 0);
    for (const row of tableRows(first)) assert.match(row, /OOMKilling/, first);

    t.type(':filter Unhealthy');
    t.keys('Enter');
    t.type(':sort severity');
    t.keys('Enter');
    t.type(':view save probes');
    t.keys('Enter');
    await t.until('the save message', (s) => /saved view probes to /.test(s));
    const written = readFileSync(c.file, 'utf8');
    assert.match(written, /^# my views\n/);
    assert.deepEqual(parse(written).views, {
      oom: { filter: 'OOMKilling', sort: 'count' },
      probes: { filter: 'Unhealthy', sort: 'severity', fold: false, columns: 'normal' },
    });

    t.type(':view oom');
    t.keys('Enter');
    await t.until('the oom view again', (s) => /sort count/.test(s) && /\/OOMKilling/.test(s));
    t.type(':q');
    t.keys('Enter');
  } finally {
    t.close();
    c.done();
  }
});
