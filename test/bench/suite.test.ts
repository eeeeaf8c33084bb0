// Not under e2e/: CI runs e2e/ a second time under Node 24, and the suite smoke needs no second run.
// The end-to-end bench suite at tiny sizes (`npm run bench -- --quick`): it runs every benchmark
// and writes its results. A smoke: no figure is asserted, only that each one was measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('bench --quick runs every benchmark and writes results.json', { timeout: 300_000 }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'kevtui-bench-test-')), 'results.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, `suite failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /\| benchmark \| kevtui \|/);
  const { machine, results } = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(machine.nproc > 0 && typeof machine.model === 'string' && machine.loadavg_start.length === 3, true);
  const benches: string[] = results.map((x: { bench: string }) => x.bench);
  for (const name of [/^sync .* --once/, /^sync .* full screen/, /^watch /, /^terminal bytes at/, /^terminal bytes idle/, /^filter keystroke/, /^RSS at/, /^RSS through/, /^cold start/]) {
    assert.ok(benches.some((b) => name.test(b)), `${name} missing from ${benches.join(', ')}`);
  }
  for (const x of results) assert.ok(!String(x.note ?? '').startsWith('failed'), `${x.bench}: ${x.note}`);
});
