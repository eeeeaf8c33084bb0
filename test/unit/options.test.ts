import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helpText, parseOptions, UsageError } from '../../src/options.js';

const err = (argv: string[]) => {
  try {
    parseOptions(argv, true);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    assert.doesNotMatch(e.message, /\n/);
    return e.message;
  }
  assert.fail(`no error for ${argv.join(' ')}`);
};

test('options: modes follow the flags and the terminal', () => {
  assert.equal(parseOptions([], true).mode, 'tui');
  assert.equal(parseOptions([], false).mode, 'plain');
  assert.equal(parseOptions(['--once'], true).mode, 'once');
  assert.equal(parseOptions(['-o', 'json'], true).mode, 'plain');
  assert.equal(parseOptions(['demo-server', '--port', '0'], true).mode, 'demo-server');
});

test('options: kubectl spellings', () => {
  const o = parseOptions(['-nshop', '--field-selector=type=Warning', '--types', 'warning,Normal', '--for', 'pod/web-0', '--api', 'core', '--context', 'prod'], true);
  assert.equal(o.namespace, 'shop');
  assert.equal(o.fieldSelector, 'type=Warning');
  assert.deepEqual(o.types, ['Warning', 'Normal']);
  assert.deepEqual(o.forObject, { kind: 'pod', name: 'web-0' });
  assert.equal(o.api, 'core');
  assert.equal(o.context, 'prod');
  assert.equal(parseOptions(['-A'], true).allNamespaces, true);
});

test('options: demo flags, faults and restricted tokens', () => {
  const o = parseOptions(['demo-server', '--events', '100000', '--rate', '2.5', '--fail-429', '0.1', '--restricted-token', 't1=jane:shop,payments', '--drop-watch-after-events', '200'], true);
  assert.equal(o.demoFlags.events, 100000);
  assert.equal(o.demoFlags.rate, 2.5);
  assert.deepEqual(o.demoFlags.faults, { failRatio429: 0.1, dropWatchAfterEvents: 200 });
  assert.deepEqual(o.demoFlags.restrictedTokens, { t1: { user: 'jane', namespaces: ['shop', 'payments'] } });
});

test('options: one-line errors for unknown flags and bad values', () => {
  assert.equal(err(['--bogus']), 'unknown flag --bogus');
  assert.equal(err(['demo-server', '--demo']), 'unknown flag --demo for demo-server');
  assert.match(err(['--kubeconfig']), /--kubeconfig needs a value/);
  assert.match(err(['--api', 'v2']), /--api must be one of auto, core, events/);
  assert.match(err(['-o', 'yaml']), /--output must be one of wide, json/);
  assert.match(err(['--max-groups', '0']), /--max-groups must be a positive integer, got "0"/);
  assert.equal(err(['--max-groups', '-5']), '--max-groups must be a positive integer, got "-5"');
  assert.equal(err(['demo-server', '--events', '-1']), '--events must be an integer from 0 to 10000000, got "-1"');
  assert.match(err(['--max-body-bytes', '-1']), /--max-body-bytes must be a size from 64Ki to 500Mi/);
  assert.match(err(['--max-body-bytes', '1Ti']), /--max-body-bytes must be a size/);
  assert.equal(parseOptions(['--max-body-bytes', '64Mi'], true).maxBodyBytes, 64 * 2 ** 20);
  assert.equal(parseOptions([], true).maxBodyBytes, undefined);
  assert.match(err(['demo-server', '--port', '70000']), /--port/);
  assert.match(err(['demo-server', '--fail-500', '2']), /--fail-500 wants a number from 0 to 1/);
  assert.match(err(['--for', 'web-0']), /--for wants KIND\/NAME/);
  assert.match(err(['--types', 'Error']), /--types takes Normal and\/or Warning/);
  assert.match(err(['-n', 'Shop_1']), /not a valid namespace/);
  assert.match(err(['-n', 'a', '-A']), /either --namespace or --all-namespaces/);
  assert.match(err(['extra']), /unexpected argument "extra"/);
});

test('options: help lists every flag once', () => {
  const help = helpText('monitor');
  for (const flag of ['--kubeconfig', '--context', '--namespace', '--all-namespaces', '--field-selector', '--types', '--for', '--api', '--once', '--plain', '--output', '--demo', '--scenario']) {
    assert.equal(help.match(new RegExp(`^ +(-\\w, )? *${flag}(?![-\\w])`, 'gm'))?.length, 1, flag);
  }
  assert.match(helpText('demo'), /--kubeconfig-out/);
  assert.doesNotMatch(helpText('monitor'), /--kubeconfig-out/);
});

test('options: --max-memory takes a size with K/M/G or Ki/Mi/Gi; nonsense is one line', () => {
  assert.equal(parseOptions(['--max-memory', '400M'], true).maxMemory, 400e6);
  assert.equal(parseOptions(['--max-memory', '1G'], true).maxMemory, 1e9);
  assert.equal(parseOptions(['--max-memory', '512Mi'], true).maxMemory, 512 * 2 ** 20);
  assert.equal(parseOptions([], true).maxMemory, undefined);
  assert.match(err(['--max-memory', 'lots']), /--max-memory must be a size from 16M/);
  assert.match(err(['--max-memory', '1K']), /--max-memory must be a size/);
});
