// --fold through the real CLI against one demo cluster: the OOM killer's lines (a PID each) fold
// into one row whose count is exactly what the unfolded rows add up to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../demo/server.js';
import { runCli, startCli, waitFor } from './cli.js';

interface Row {
  kind: string;
  name: string;
  reason: string;
  message: string;
  count: number;
  folded?: boolean;
  template?: string;
  groups?: number;
  objects?: number;
}

const rows = (ndjson: string) => ndjson.trim().split('\n').map((l) => JSON.parse(l) as Row);
const total = (rs: Row[]) => rs.reduce((n, r) => n + r.count, 0);

test('--once --fold: OOMKilling PIDs fold into one row with the exact summed count', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  // No live events and no expiry: both listings see the same events.
  const server = await startDemoServer({ seed: 1, scenario: 'incident', events: 1500, rate: 0, eventTtlSeconds: 86_400, kubeconfigOut: kubeconfig });
  try {
    const plainRun = await runCli(['--kubeconfig', kubeconfig, '-A', '--once', '-o', 'json']);
    assert.equal(plainRun.code, 0, plainRun.stderr);
    const foldRun = await runCli(['--kubeconfig', kubeconfig, '-A', '--once', '--fold', '-o', 'json']);
    assert.equal(foldRun.code, 0, foldRun.stderr);
    const unfolded = rows(plainRun.stdout);
    const folded = rows(foldRun.stdout);

    const ooms = unfolded.filter((r) => r.reason === 'OOMKilling');
    const nodes = new Set(ooms.map((r) => r.name));
    assert.ok(ooms.length > nodes.size, `the demo has several OOM groups per node (${ooms.length} on ${nodes.size})`);
    const foldedOoms = folded.filter((r) => r.reason === 'OOMKilling');
    assert.equal(foldedOoms.length, 1, 'one row for every OOM kill of the same shape');
    const [oom] = foldedOoms;
    assert.equal(oom!.folded, true);
    assert.equal(oom!.count, total(ooms), 'the fold counts exactly what its members do');
    assert.equal(oom!.groups, ooms.length);
    assert.equal(oom!.objects, nodes.size);
    assert.match(oom!.template!, /^Memory cgroup out of memory: Killed process ‹n› \(‹…›\)/);
    assert.ok(ooms.some((r) => r.message === oom!.message), 'message is a real member message');

    // Folding never loses or invents an occurrence, and only folds.
    assert.equal(total(folded), total(unfolded));
    assert.ok(folded.length < unfolded.length / 2, `${unfolded.length} rows fold into ${folded.length}`);
    assert.equal(folded.filter((r) => r.folded).reduce((n, r) => n + r.groups!, 0) + folded.filter((r) => !r.folded).length, unfolded.length);

    // The text table says what a row folds.
    const text = await runCli(['--kubeconfig', kubeconfig, '-A', '--once', '--fold']);
    assert.match(text.stdout, new RegExp(`OOMKilling +Node/node-\\S+${nodes.size > 1 ? ` \\(\\+${nodes.size - 1}\\)` : ''} +${oom!.count} +Memory cgroup out of memory: Killed process ‹n› \\(‹…›\\).* \\[${ooms.length} groups\\]`));

    // --plain --fold prints the same fold once it has synced.
    const live = startCli(['--kubeconfig', kubeconfig, '-A', '--plain', '--fold', '-o', 'json']);
    try {
      await waitFor(() => live.stdout().includes('"reason":"OOMKilling"'), 30_000, 'the --plain fold rows');
      const printed = rows(live.stdout()).filter((r) => r.reason === 'OOMKilling');
      assert.deepEqual(printed.map((r) => [r.folded, r.count, r.groups]), [[true, oom!.count, ooms.length]]);
    } finally {
      await live.stop();
    }
  } finally {
    await server.close();
  }
});
