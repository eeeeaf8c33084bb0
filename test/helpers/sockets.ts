// Which TCP connections a process holds, read from Linux /proc (tests that check no watch or
// keep-alive socket outlives what it belonged to).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Open TCP connections (any state but LISTEN) of `pid` to a remote `port`. */
export function connectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const remotePort = parseInt(f[2]!.split(':')[1]!, 16);
      // 0A is LISTEN; a socket no descriptor holds any more (TIME_WAIT) has no inode here.
      if (remotePort === port && f[3] !== '0A' && inodes.has(f[9]!)) n++;
    }
  }
  return n;
}
