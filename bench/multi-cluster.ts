// Many clusters in one view: N demo API servers (default 20, in this process) of E events each
// (default 5,000), all named by one kubeconfig, watched with --context of all N.
//
//   npm run build && node --import tsx bench/multi-cluster.ts [--clusters 20] [--events 5000] [--runs 3] [--rate 2] [--max-groups N]
//
// The default group cap is 50,000 per cluster (20 × 5,000 storm events make ~76,000 groups), so
// nothing is evicted and the counts can be exact; --max-groups N sets one cap for the whole view.
//
// 1. The full screen (tmux 120×40, kevtui pinned to one core with taskset when there is one):
//    wall time until every cluster is watching (--stats syncMs), CPU and peak RSS to that point,
//    CPU % while the N servers generate `rate` events/s each, and then, with every server frozen,
//    whether the header's event count equals the sum of the servers' own lists.
// 2. `--once -o json` against the frozen servers, `runs` times: wall, CPU, peak RSS (medians),
//    and whether every cluster's groups equal its own server's list exactly.
// Prints figures; asserts nothing. Servers run here, not in kevtui's process.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { startDemoServer, type DemoServer } from '../demo/server.js';
import { CLI, MiB, Pty, round, runChild, sample, sleep, statsLines, until, type Context } from './harness.js';
import { diff, foldCounts, truth } from '../test/helpers/groups.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { clusters: { type: 'string' }, events: { type: 'string' }, runs: { type: 'string' }, rate: { type: 'string' }, 'max-groups': { type: 'string' } } });
const N = Number(values.clusters ?? 20);
const E = Number(values.events ?? 5000);
const RUNS = Number(values.runs ?? 3);
const RATE = Number(values.rate ?? 2);

const tmp = mkdtempSync(join(tmpdir(), 'kevtui-multi-bench-'));
const ctx: Context = { quick: false, tmp };
const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? ['taskset', '-c', '0'] : [];

const servers: DemoServer[] = [];
try {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) servers.push(await startDemoServer({ scenario: 'storm', seed: 100 + i, events: E, rate: RATE }));
  const names = servers.map((_, i) => `bench-cluster-${String(i).padStart(2, '0')}`);
  const config = join(tmp, 'kubeconfig');
  writeFileSync(config, stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: servers.map((s, i) => ({ name: names[i], cluster: { server: s.url } })),
    users: [{ name: 'anyone', user: {} }],
    contexts: names.map((n) => ({ name: n, context: { cluster: n, user: 'anyone' } })),
    'current-context': names[0],
  }));
  const args = ['--kubeconfig', config, '--context', names.join(','), '-A', ...(values['max-groups'] !== undefined ? ['--max-groups', values['max-groups']] : [])];
  console.log(`${N} demo servers × ${E} events (storm, seeds 100…${100 + N - 1}), ${RATE}/s each, started in ${Math.round(performance.now() - t0)} ms; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; kevtui ${pin.length ? 'pinned to CPU 0' : 'not pinned'}`);

  // 1. The full screen.
  const stats = join(tmp, 'stats.jsonl');
  const pty = await Pty.start(ctx, [...pin, process.execPath, CLI, ...args, '--stats', stats]);
  const synced = await until(() => statsLines(stats).some((l) => l.syncMs !== null), 300_000, 100);
  const atSync = sample(pty.pid);
  const syncMs = statsLines(stats).find((l) => l.syncMs !== null)?.syncMs ?? null;
  const a = sample(pty.pid);
  const w0 = performance.now();
  await sleep(10_000);
  const b = sample(pty.pid);
  const steadyPct = a && b ? (b.cpuMs - a.cpuMs) / 10 / ((performance.now() - w0) / 1000) : null;
  for (const s of servers) s.freeze();
  const want = servers.reduce((n, s) => n + [...truth(s.snapshotEvents()).values()].reduce((x, y) => x + y, 0), 0);
  const eventsOnScreen = () => Number(/([\d,]+) events/.exec(pty.screen())?.[1]?.replace(/,/g, '') ?? NaN);
  const exact = await until(() => eventsOnScreen() === want, 30_000, 200);
  const header = pty.screen().split('\n').slice(0, 2).map((l) => l.trimEnd());
  const shown = eventsOnScreen();
  const end = sample(pty.pid);
  await pty.stop();
  console.log('\nfull screen (tmux 120×40):');
  console.log(`  synced: ${synced}, all ${N} clusters watching after ${syncMs} ms; CPU to then ${round(atSync?.cpuMs ?? null, 0)} ms; peak RSS ${MiB(end?.hwm ?? NaN)} MiB`);
  console.log(`  steady, ${N * RATE} events/s in total: ${round(steadyPct)} % of a core; RSS ${MiB(b?.rss ?? NaN)} MiB`);
  console.log(`  frozen: header events ${shown} vs servers' lists ${want}: ${exact ? 'equal' : 'DIFFERENT'}`);
  for (const l of header) console.log(`  | ${l}`);

  // 2. --once -o json, runs times.
  const runs: Array<{ wallMs: number; cpuMs: number; peakRss: number }> = [];
  let exactOnce = true;
  let groups = 0;
  const cmd = pin.length ? pin[0]! : process.execPath;
  const argv = [...pin.slice(1), ...(pin.length ? [process.execPath] : []), CLI, ...args, '--once', '-o', 'json'];
  for (let r = 0; r < RUNS; r++) {
    const f = await runChild(cmd, argv); // stdout counted and dropped
    runs.push(f);
    if (f.code !== 0) console.log(`  run ${r}: exit ${f.code}: ${f.stderr}`);
  }
  // Exactness from one more run whose output is kept (asynchronously: the servers live here).
  const { stdout } = await promisify(execFile)(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const lines = stdout.split('\n').filter(Boolean);
  groups = lines.length;
  const byCluster = new Map<string, string[]>();
  for (const l of lines) {
    const c = (JSON.parse(l) as { cluster: string }).cluster;
    let list = byCluster.get(c);
    if (list === undefined) byCluster.set(c, (list = []));
    list.push(l);
  }
  servers.forEach((s, i) => {
    const d = diff(truth(s.snapshotEvents()), foldCounts((byCluster.get(names[i]!) ?? []).join('\n')));
    if (d.length > 0) {
      exactOnce = false;
      console.log(`  ${names[i]}: ${d.length} differences, e.g. ${d[0]}`);
    }
  });
  console.log(`\n--once -o json, ${RUNS} runs (medians):`);
  console.log(`  wall ${round(median(runs.map((r) => r.wallMs)), 0)} ms, CPU ${round(median(runs.map((r) => r.cpuMs)), 0)} ms, peak RSS ${MiB(median(runs.map((r) => r.peakRss)) ?? NaN)} MiB`);
  console.log(`  runs: ${runs.map((r) => `${Math.round(r.wallMs)} ms / ${Math.round(r.cpuMs)} ms CPU`).join(', ')}`);
  console.log(`  ${groups} groups; every cluster equal to its own server's list: ${exactOnce}`);

  // 3. The same number of events from one cluster, in the same run (the ratio is the figure).
  for (const s of servers) await s.close();
  servers.length = 0;
  const one = await startDemoServer({ scenario: 'storm', seed: 100, events: N * E, rate: 0 });
  servers.push(one);
  const oneConfig = join(tmp, 'kubeconfig-one');
  writeFileSync(oneConfig, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'one', cluster: { server: one.url } }], users: [{ name: 'anyone', user: {} }], contexts: [{ name: 'one', context: { cluster: 'one', user: 'anyone' } }], 'current-context': 'one' }));
  const oneArgv = [...pin.slice(1), ...(pin.length ? [process.execPath] : []), CLI, '--kubeconfig', oneConfig, '-A', '--max-groups', values['max-groups'] ?? '150000', '--once', '-o', 'json'];
  const base: typeof runs = [];
  for (let r = 0; r < RUNS; r++) base.push(await runChild(cmd, oneArgv));
  const mCpu = median(runs.map((r) => r.cpuMs))!;
  const bCpu = median(base.map((r) => r.cpuMs))!;
  console.log(`\none cluster of ${N * E} events, --once -o json, ${RUNS} runs (medians):`);
  console.log(`  wall ${round(median(base.map((r) => r.wallMs)), 0)} ms, CPU ${round(bCpu, 0)} ms, peak RSS ${MiB(median(base.map((r) => r.peakRss)) ?? NaN)} MiB`);
  console.log(`  ${N} clusters / one cluster, CPU: ${round(mCpu / bCpu, 2)}`);
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(tmp, { recursive: true, force: true });
}
