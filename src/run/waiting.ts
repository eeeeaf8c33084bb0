// --once and --plain print nothing until the first list is complete: a list that stalls (a
// server that sent its headers and then nothing, an unreachable address, a hung credential
// plugin) would leave the user looking at silence. After 5 s, and then less and less often,
// one stderr line says what kevtui is still waiting for.
import type { SourceStatus } from '../kube/types.js';

/** Seconds after the start at which to say it: 5, 15, 30, 60, then every minute. */
export function nextReportAt(after: number): number {
  if (after < 5) return 5;
  if (after < 15) return 15;
  if (after < 30) return 30;
  return (Math.floor(after / 60) + 1) * 60;
}

export function waitingLine(status: SourceStatus, seconds: number): string {
  const what =
    status.state === 'connecting' ? `no answer yet from ${status.server ?? 'the API server'}` :
    status.state === 'listing' ? `the list of events is not complete: ${status.detail}` :
    status.detail;
  return `kevtui: still waiting after ${seconds} s: ${what}`;
}

/**
 * Writes waitingLine at nextReportAt until stopped (call it once synced). `status` is read at
 * each report, so the line says where things are now.
 */
export function reportWhileWaiting(status: () => SourceStatus, write: (line: string) => void, start = performance.now()): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (after: number) => {
    const at = nextReportAt(after);
    timer = setTimeout(() => {
      const s = status();
      if (s.state !== 'watching' && s.state !== 'stopped') write(waitingLine(s, at) + '\n');
      arm(at);
    }, Math.max(0, start + at * 1000 - performance.now()));
    timer.unref();
  };
  arm(0);
  return () => clearTimeout(timer);
}
