// (1) Initial sync of N events: `kevtui --once -o json` against the floor (GET 500-item pages
// + JSON.parse) and `kubectl get events -A` (table and -o json): wall, CPU, peak RSS; and the
// full screen's sync (process start → first list complete, from --stats) against --once.
import { join } from 'node:path';
import { CLI, MiB, ROOT, demoServer, hasKubectl, hasTmux, kevtuiPty, round, runChild, statsLines, type Context, type Figures, type Result } from '../harness.js';

const fig = (r: { wallMs: number; cpuMs: number; peakRss: number; code: number | null }): Figures => ({
  wall_s: round(r.wallMs / 1000, 2),
  cpu_s: round(r.cpuMs / 1000, 2),
  peak_rss_MiB: MiB(r.peakRss),
  exit: r.code,
});

export async function run(ctx: Context): Promise<Result[]> {
  const n = ctx.quick ? 2000 : 100_000;
  const server = await demoServer(ctx, { rate: 0, events: n });
  const out: Result[] = [];
  try {
    const floor = await runChild(process.execPath, [join(ROOT, 'bench', 'floor.mjs'), server.kubeconfig]);
    const once = await runChild(process.execPath, [CLI, '--kubeconfig', server.kubeconfig, '-A', '--once', '-o', 'json']);
    const ratio = once.wallMs / floor.wallMs;
    out.push({
      bench: `sync ${n} --once -o json`,
      figures: { ...fig(once), out_MiB: MiB(once.stdoutBytes) },
      peer: { name: 'floor (pages + JSON.parse)', figures: fig(floor) },
      ratio: { what: 'wall / floor', value: round(ratio, 2) },
      target: '≤ 1.5× floor, ≤ 250 MiB',
      met: once.code === 0 && ratio <= 1.5 && MiB(once.peakRss) <= 250,
    });
    for (const o of [[], ['-o', 'json']]) {
      const name = `kubectl get events -A${o.length ? ' -o json' : ''}`;
      if (!hasKubectl) {
        out.push({ bench: `sync ${n} vs ${name}`, figures: {}, target: '-', met: null, note: 'skipped: no kubectl' });
        continue;
      }
      const k = await runChild('kubectl', ['--kubeconfig', server.kubeconfig, 'get', 'events', '-A', ...o]);
      out.push({
        bench: `sync ${n} vs ${name}`,
        figures: fig(once),
        peer: { name, figures: fig(k) },
        ratio: { what: 'kevtui wall / kubectl wall', value: round(once.wallMs / k.wallMs, 2) },
        target: '-',
        met: null,
      });
    }
    if (hasTmux) {
      const { pty, stats, synced } = await kevtuiPty(ctx, server, ['--max-groups', String(n * 2)]);
      const syncMs = synced ? Number(statsLines(stats).find((l) => l.syncMs !== null)!.syncMs) : null;
      await pty.stop();
      const r = syncMs === null ? null : syncMs / once.wallMs;
      out.push({
        bench: `sync ${n} full screen`,
        figures: { sync_s: round(syncMs === null ? null : syncMs / 1000, 2) },
        peer: { name: 'kevtui --once -o json', figures: { wall_s: round(once.wallMs / 1000, 2) } },
        ratio: { what: 'full screen / --once', value: round(r, 2) },
        target: '≤ 1.2× --once',
        met: r === null ? false : r <= 1.2,
      });
    }
  } finally {
    await server.stop();
  }
  return out;
}
