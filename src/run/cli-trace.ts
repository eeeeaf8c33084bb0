// KEVTUI_TRACE_START=FILE: start-up milestones, as `name ms-since-process-start main-thread-cpu-ms`
// lines appended to FILE (bench/cold-start.ts reads them to split the time by phase). The CPU is
// this thread's only: the demo cluster's worker thread runs beside it. Off: one env read.
import { appendFileSync, readFileSync } from 'node:fs';

const file = process.env.KEVTUI_TRACE_START;
export const tracing = Boolean(file);

/** This thread's CPU time in ms: Node ≥ 23.9 says so; else Linux's per-thread stat (10 ms ticks). */
function threadCpuMs(): number {
  const own = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  if (own) return (own.user + own.system) / 1000;
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    const all = process.cpuUsage();
    return (all.user + all.system) / 1000;
  }
}

export function mark(name: string): void {
  if (!file) return;
  appendFileSync(file, `${name} ${performance.now().toFixed(1)} ${threadCpuMs().toFixed(1)}\n`);
}
