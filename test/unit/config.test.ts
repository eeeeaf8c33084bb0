// config.yaml: what a bad file says (one line: file, line, problem), the precedence flag >
// --view > file > default, severity rules, saving a view in place, and `config show`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigCheckNeeded, defaultConfigPath, loadConfig, loadConfigCheck, type LoadedConfig } from '../../src/config/load.js';
import { parseConfig } from '../../src/config/check.js';
import { saveViewToFile, withView } from '../../src/config/save.js';
import { configShowText } from '../../src/config/show.js';
import { parseOptions, UsageError } from '../../src/options.js';
import { setSeverityRules, severityOf } from '../../src/model/severity.js';

const PATH = '/home/u/.config/kevtui/config.yaml';

/** A loader reading `text` as if it were the file at PATH (or at --config's path). */
const fromText = (text: string | undefined) => (explicit: string | undefined): LoadedConfig => {
  const path = explicit ?? PATH;
  const none = { path, explicit: explicit !== undefined, file: {}, rules: [] };
  if (text === undefined) return { ...none, state: 'absent' };
  const r = parseConfig(text, path);
  return 'problem' in r ? { ...none, state: 'invalid', problem: r.problem } : { path, explicit: explicit !== undefined, state: 'loaded', file: r.file, rules: r.rules };
};
const opts = (argv: string[], text?: string) => parseOptions(argv, true, fromText(text));
const problem = (text: string) => {
  const r = parseConfig(text, PATH);
  assert.ok('problem' in r, `no problem found in ${JSON.stringify(text)}`);
  assert.doesNotMatch(r.problem, /\n/);
  return r.problem;
};

test('config: a bad file is one line naming the file, the line and the problem', () => {
  assert.equal(problem('context: prod\ntheme: blue\n'), `${PATH}:2: theme must be one of dark, light, mono, got "blue"`);
  assert.equal(problem('context: prod\n\ncolumns: wide\nfodl: true\n'), `${PATH}:4: unknown setting fodl`);
  assert.equal(problem('views:\n  crashes:\n    filter: BackOff\n    sort: bogus\n'), `${PATH}:4: views.crashes.sort must be one of triage, last, count, first, severity, got "bogus"`);
  assert.equal(problem('views:\n  crashes:\n    colums: wide\n'), `${PATH}:3: unknown setting views.crashes.colums`);
  assert.equal(problem('fold: yes\n'), `${PATH}:1: fold must be true or false`);
  assert.equal(problem('context: 5\n'), `${PATH}:1: context must be a string`);
  assert.equal(problem('namespace: Shop_1\n'), `${PATH}:1: namespace is not a valid namespace name`);
  assert.equal(problem('- a\n- b\n'), `${PATH}:1: the file must be a map`);
  assert.match(problem('namespace: shop\nallNamespaces: true\n'), /^[^:]+:1: use either namespace or allNamespaces/);
  // YAML syntax errors keep yaml's own first line, with the line.
  assert.equal(problem('sort: count\nsort: triage\n'), `${PATH}:2: Map keys must be unique`);
  assert.match(problem('theme: dark\nviews: [\n'), new RegExp(`^${PATH}:\\d+: `));
  // Several problems: the first, and how many more.
  assert.equal(problem('theme: blue\nsort: up\n'), `${PATH}:1: theme must be one of dark, light, mono, got "blue" (and 1 more problem)`);
});

test('config: severity rules are checked, a bad regular expression is an error on its line', () => {
  assert.match(problem('severity:\n  - reason: ^Evicted$\n    tier: critical\n  - message: "disk (full"\n    tier: error\n'), new RegExp(`^${PATH}:4: severity\\[1\\]\\.message is not a valid regular expression: .*`));
  assert.equal(problem('severity:\n  - reason: x\n    tier: urgent\n'), `${PATH}:3: severity[0].tier must be one of normal, warning, error, critical, got "urgent"`);
  assert.equal(problem('severity:\n  - reason: x\n'), `${PATH}:2: severity[0].tier is missing`);
  assert.equal(problem('severity:\n  - tier: error\n'), `${PATH}:2: severity[0]: a severity rule needs a reason or a message pattern`);
  assert.equal(problem('severity:\n  reason: x\n'), `${PATH}:2: severity must be a list`);
  assert.match(problem('views:\n  my view:\n    sort: count\n'), new RegExp(`^${PATH}:2: views "my view": view names are one word`));
});

test('config: empty files and comments only are fine', () => {
  for (const text of ['', '\n', '# nothing yet\n', '---\n']) assert.deepEqual(parseConfig(text, PATH), { file: {}, rules: [] });
});

test('config: flags beat --view, which beats the file, which beats the built-in defaults', () => {
  const file = [
    'context: prod-eu', 'namespace: shop', 'api: core', 'sort: count', 'columns: wide', 'theme: light',
    'views:', '  crashes:', '    filter: "reason:BackOff"', '    sort: severity', '    fold: true', '  plain:', '    columns: normal', '',
  ].join('\n');
  const d = opts([]);
  assert.deepEqual(
    [d.context, d.namespace, d.allNamespaces, d.api, d.sort, d.wide, d.fold, d.theme, d.filter],
    [undefined, undefined, false, 'auto', 'triage', false, false, 'dark', ''],
  );
  assert.ok(Object.values(d.sources).every((s) => s === 'default'));

  const f = opts([], file);
  assert.deepEqual([f.context, f.namespace, f.api, f.sort, f.wide, f.theme], ['prod-eu', 'shop', 'core', 'count', true, 'light']);
  assert.equal(f.sources.context, 'config file');

  const flags = opts(['--context', 'staging', '-A', '--api', 'events', '--theme', 'mono', '--fold'], file);
  assert.deepEqual([flags.context, flags.namespace, flags.allNamespaces, flags.api, flags.theme, flags.color, flags.fold], ['staging', undefined, true, 'events', 'mono', false, true]);
  assert.equal(flags.sources.namespace, 'flag');
  assert.equal(opts(['-n', 'jobs'], 'allNamespaces: true\n').namespace, 'jobs');
  assert.equal(opts(['-n', 'jobs'], 'allNamespaces: true\n').allNamespaces, false);

  const v = opts(['--view', 'crashes'], file);
  assert.deepEqual([v.filter, v.sort, v.fold, v.wide], ['reason:BackOff', 'severity', true, true]);
  assert.equal(v.sources.sort, 'view crashes');
  assert.equal(v.sources.columns, 'config file'); // the view does not name columns
  assert.equal(opts(['--view', 'plain'], file).wide, false);

  // The demo is its own cluster: the file's context and namespace do not apply to it.
  const demo = opts(['--demo'], file);
  assert.deepEqual([demo.context, demo.namespace, demo.api], [undefined, undefined, 'core']);
});

test('config: NO_COLOR and --no-color win over the theme', () => {
  assert.equal(opts(['--no-color'], 'theme: light\n').theme, 'mono');
  const saved = process.env.NO_COLOR;
  process.env.NO_COLOR = '1';
  try {
    const o = opts(['--theme', 'dark'], 'theme: light\n');
    assert.deepEqual([o.theme, o.color, o.sources.theme], ['mono', false, 'NO_COLOR']);
  } finally {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  }
});

test('config: a bad file runs with the defaults and keeps the one line for the caller', () => {
  const o = opts(['--sort-of-nothing'].slice(1), 'context: prod\ncolumns: 3\n');
  assert.equal(o.config.state, 'invalid');
  assert.equal(o.config.problem, `${PATH}:2: columns must be one of normal, wide, got 3`);
  assert.equal(o.context, undefined);
  assert.equal(o.wide, false);
});

test('config: usage errors: --config FILE missing, --view unknown, --theme unknown, config without show', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof UsageError, String(e));
      assert.doesNotMatch(e.message, /\n/);
      return e.message;
    }
    assert.fail('no error');
  };
  assert.equal(err(() => opts(['--config', '/nowhere/k.yaml'])), '--config /nowhere/k.yaml: no such file');
  assert.equal(err(() => opts(['--view', 'x'], 'views:\n  a: {}\n  b: {}\n')), '--view x: no such view (views: a, b)');
  assert.equal(err(() => opts(['--view', 'x'])), `--view x: no such view (${PATH} has no views)`);
  assert.match(err(() => opts(['--view', 'x'], 'theme: 1\n')), /^--view x: no such view \(.*:1: theme must be one of/);
  assert.equal(err(() => opts(['--theme', 'solarized'])), '--theme must be one of dark, light, mono, got "solarized"');
  assert.match(err(() => opts(['config'])), /^usage: kevtui config show/);
  assert.match(err(() => opts(['config', 'edit'])), /got "config edit"/);
  // The default path missing is no error at all.
  assert.equal(opts([]).config.state, 'absent');
});

test('config: the default path follows XDG_CONFIG_HOME, else ~/.config', () => {
  assert.equal(defaultConfigPath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' }), '/x/cfg/kevtui/config.yaml');
  assert.equal(defaultConfigPath({ HOME: '/home/u' }), '/home/u/.config/kevtui/config.yaml');
  // The XDG spec: a relative value is invalid and ignored.
  assert.equal(defaultConfigPath({ XDG_CONFIG_HOME: 'cfg', HOME: '/home/u' }), '/home/u/.config/kevtui/config.yaml');
});

test('config: loadConfig reads the file, and an unreadable one is a problem, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-cfg-'));
  try {
    const env = { XDG_CONFIG_HOME: dir, HOME: dir };
    assert.equal(loadConfig(undefined, env).state, 'absent');
    mkdirSync(join(dir, 'kevtui'));
    writeFileSync(join(dir, 'kevtui', 'config.yaml'), 'sort: count\n');
    // No file, no check: it loads (zod, YAML) when a file is there, and the caller asks again.
    assert.throws(() => loadConfig(undefined, env), (e: unknown) => e instanceof ConfigCheckNeeded && e.path === join(dir, 'kevtui', 'config.yaml'));
    assert.throws(() => parseOptions([], true, (p) => loadConfig(p, env)), ConfigCheckNeeded);
    await loadConfigCheck();
    const ok = loadConfig(undefined, env);
    assert.deepEqual([ok.state, ok.file.sort, ok.explicit], ['loaded', 'count', false]);
    const asDir = loadConfig(dir, env);
    assert.equal(asDir.state, 'invalid');
    assert.equal(asDir.problem, `${dir}: cannot read it (EISDIR)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('severity: the config rules come first (first match wins), then the built-in table', () => {
  const r = parseConfig(
    [
      'severity:',
      '  - reason: ^BackOff$', '    message: "job-runner"', '    tier: warning',
      '  - message: "certificate has expired"', '    tier: critical',
      '  - reason: ^Pulled$', '    type: Warning', '    tier: error',
      '',
    ].join('\n'),
    PATH,
  );
  assert.ok('rules' in r);
  setSeverityRules(r.rules);
  try {
    assert.equal(severityOf('Warning', 'BackOff', 'Back-off restarting failed container job-runner'), 'warning');
    assert.equal(severityOf('Warning', 'BackOff', 'Back-off restarting failed container web'), 'error'); // the table
    assert.equal(severityOf('Normal', 'Sync', 'x509: certificate has expired or is not yet valid'), 'critical');
    assert.equal(severityOf('Normal', 'Pulled', 'pulled'), 'normal'); // type: Warning only
    assert.equal(severityOf('Warning', 'Pulled', 'pulled'), 'error');
  } finally {
    setSeverityRules([]);
  }
  assert.equal(severityOf('Normal', 'Sync', 'x509: certificate has expired'), 'normal');
});

test('views: saving edits the file in place, keeping comments and other settings', () => {
  const before = '# my settings\ntheme: light # the office has white terminals\n\nviews:\n  # for the on-call rota\n  old:\n    sort: count\n';
  const after = withView(before, PATH, 'crashes', { filter: 'reason:BackOff', sort: 'severity', fold: true, columns: 'wide' });
  assert.match(after, /^# my settings\ntheme: light # the office has white terminals\n/);
  assert.match(after, /# for the on-call rota\n  old:\n    sort: count\n/);
  assert.deepEqual(parse(after), {
    theme: 'light',
    views: { old: { sort: 'count' }, crashes: { filter: 'reason:BackOff', sort: 'severity', fold: true, columns: 'wide' } },
  });
  // Saving again under the same name replaces it; the result is still a valid config.
  const again = withView(after, PATH, 'old', { filter: '', sort: 'triage', fold: false, columns: 'normal' });
  const r = parseConfig(again, PATH);
  assert.ok('file' in r, JSON.stringify(r));
  assert.deepEqual(r.file.views?.old, { filter: '', sort: 'triage', fold: false, columns: 'normal' });
  // An empty file gets a views map.
  assert.deepEqual(parse(withView('', PATH, 'a', { sort: 'last' })), { views: { a: { sort: 'last' } } });
  // A file that is not valid YAML is left alone, with a line saying why.
  assert.throws(() => withView('a: [\n', PATH, 'x', {}), (e: Error) => /^\/home\/u\/.config\/kevtui\/config.yaml:\d+: fix this first/.test(e.message));
  assert.throws(() => withView('views: [a]\n', PATH, 'x', {}), /views is not a map/);
});

test('views: saving creates the file and its directory, and writes through a symlink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-cfg-'));
  try {
    const path = join(dir, 'deep', 'kevtui', 'config.yaml');
    saveViewToFile(path, 'mine', { filter: 'shop', sort: 'count', fold: false, columns: 'normal' });
    assert.deepEqual(parse(readFileSync(path, 'utf8')), { views: { mine: { filter: 'shop', sort: 'count', fold: false, columns: 'normal' } } });
    // A dotfiles-managed config: the link stays a link, its target changes.
    const real = join(dir, 'dotfiles.yaml');
    writeFileSync(real, 'theme: mono\n');
    const link = join(dir, 'link.yaml');
    symlinkSync(real, link);
    saveViewToFile(link, 'v', { sort: 'first' });
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual(parse(readFileSync(real, 'utf8')), { theme: 'mono', views: { v: { sort: 'first' } } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config show: the effective settings as YAML, each with where it came from, itself a valid config', () => {
  const text = 'context: prod\nsort: count\nseverity:\n  - reason: ^Evicted$\n    tier: critical\nviews:\n  crash:\n    filter: "reason:BackOff"\n    fold: true\n';
  const out = configShowText(opts(['config', 'show', '-n', 'shop', '--view', 'crash'], text));
  assert.match(out, new RegExp(`^# config file: ${PATH} \\(read\\)$`, 'm'));
  assert.match(out, /^context: prod # config file$/m);
  assert.match(out, /^namespace: shop # flag$/m);
  assert.match(out, /^sort: count # config file$/m);
  assert.match(out, /^fold: true # view crash$/m);
  assert.match(out, /^theme: dark # default$/m);
  assert.match(out, /^# --view crash: filter "reason:BackOff"$/m);
  const back = parseConfig(out, PATH);
  assert.ok('file' in back, JSON.stringify(back));
  assert.deepEqual(back.file.severity, [{ reason: '^Evicted$', tier: 'critical' }]);
  const bad = configShowText(opts(['config', 'show'], 'theme: 7\n'));
  assert.match(bad, /^# config file: .* \(not used: .*:1: theme must be one of/m);
  assert.match(bad, /^# context: not set/m);
});
