// --context a,b,c and --all-contexts, and the short names the CLUSTER column shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions, UsageError } from '../../src/options.js';
import { shortClusterNames } from '../../src/model/cluster-names.js';
import { candidates, complete, parseCommand } from '../../src/ui/commands.js';
import { noConfig } from '../../src/config/load.js';

const parse = (argv: string[]) => parseOptions(argv, true, noConfig);

test('options: --context a,b,c watches several clusters; one name stays one cluster', () => {
  assert.deepEqual(parse(['--context', 'a,b, c']).contexts, ['a', 'b', 'c']);
  assert.equal(parse(['--context', 'a,b']).context, undefined);
  const one = parse(['--context', 'prod']);
  assert.equal(one.context, 'prod');
  assert.equal(one.contexts, undefined);
  assert.equal(parse(['--context', 'a,a']).contexts, undefined, 'the same name twice is one cluster');
  assert.equal(parse(['--all-contexts']).allContexts, true);
  assert.equal(parse([]).allContexts, false);
  const message = (argv: string[]) => {
    try {
      parse(argv);
    } catch (e) {
      assert.ok(e instanceof UsageError);
      return e.message;
    }
    return '';
  };
  assert.match(message(['--context', 'a', '--all-contexts']), /either --context or --all-contexts/);
  assert.match(message(['--context', ',']), /--context needs a context name/);
  assert.match(message(['--demo', '--all-contexts']), /the demo cluster has one context/);
});

test('cluster names: cloud shapes give their cluster name; shared prefixes and suffixes go', () => {
  const names = (xs: string[]) => [...shortClusterNames(xs).values()];
  assert.deepEqual(names(['kind-prod-eu', 'kind-prod-us']), ['eu', 'us']);
  assert.deepEqual(names(['kind-prod-eu', 'kind-prod-us', 'kind-lab']), ['prod-eu', 'prod-us', 'lab']);
  assert.deepEqual(names(['arn:aws:eks:eu-west-1:123456789012:cluster/payments', 'gke_acme-prod_europe-west1_search']), ['payments', 'search']);
  assert.deepEqual(names(['admin@prod.example.com', 'admin@staging.example.com']), ['prod', 'staging']);
  assert.deepEqual(names(['one']), ['one']);
  assert.deepEqual(names(['a', 'a-b']), ['a', 'a-b'], 'a label never becomes empty');
  const long = names(['x-' + 'a'.repeat(30), 'x-' + 'b'.repeat(30)]);
  assert.ok(long.every((l) => l.length <= 20 && l.includes('…')), String(long));
});

test(':ctx +NAME / -NAME parse and complete after the sign', () => {
  assert.deepEqual(parseCommand('ctx +lab'), { kind: 'ctx', name: 'lab', change: 'add' });
  assert.deepEqual(parseCommand('ctx -lab'), { kind: 'ctx', name: 'lab', change: 'remove' });
  assert.deepEqual(parseCommand('ctx lab'), { kind: 'ctx', name: 'lab' });
  const known = { namespaces: [], contexts: ['kind-lab', 'kind-prod'] };
  assert.deepEqual(candidates('ctx +kind-', known), ['+kind-lab', '+kind-prod']);
  assert.equal(complete('ctx -kind-p', known), 'ctx -kind-prod');
});

test('caps: the default group cap is per cluster watched; --max-groups N is one cap for the view', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openMultiSession } = await import('../../src/run/multi-session.js');
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-caps-'));
  const kubeconfig = join(dir, 'config');
  // Nothing listens there: the members fail in their own status, the view's store exists anyway.
  writeFileSync(kubeconfig, `clusters: [{name: c, cluster: {server: "http://127.0.0.1:9"}}]\ncontexts: [{name: a, context: {cluster: c}}, {name: b, context: {cluster: c}}, {name: d, context: {cluster: c}}]\ncurrent-context: a\n`);
  try {
    for (const [argv, cap] of [[['--context', 'a,b,d'], 150_000], [['--context', 'a,b,d', '--max-groups', '1000'], 1000]] as const) {
      const s = await openMultiSession(parse(['--kubeconfig', kubeconfig, ...argv]));
      assert.equal(s.store.limits.maxGroups, cap, argv.join(' '));
      await s.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
