// Peak RSS of the real CLI (`--plain -o json`) fed 150,000 unique groups with 1 KB messages by a
// fake API server in this process, with the default --max-memory and without a byte bound.
// Run: npm run build && node --import tsx bench/memory-plain.ts   (env: GROUPS=150000)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fakeApi, sendList } from '../test/helpers/fake-api.js';
import { CLI } from '../test/e2e/cli.js';
import { uniqueRaw } from '../test/unit/helpers/unique-events.js';

const N = Number(process.env.GROUPS ?? 150_000);
const VERSION = JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.0' });

const f = await fakeApi((_req, res, url) => {
  if (url.pathname === '/version') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(VERSION);
  if (url.searchParams.get('watch') !== 'true') return sendList(res, 1, []);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  let i = 0;
  const more = () => {
    while (i < N) {
      const raw = uniqueRaw(i++);
      (raw.metadata as { namespace: string }).namespace = 'ns';
      (raw.involvedObject as { namespace: string }).namespace = 'ns';
      if (!res.write(JSON.stringify({ type: 'ADDED', object: raw }) + '\n')) return void res.once('drain', more);
    }
    // Left open: a watch that ends would be resumed, which is not what is measured.
  };
  more();
});

async function run(label: string, extra: string[]): Promise<void> {
  const child = spawn(process.execPath, [CLI, '--api', 'core', '--kubeconfig', f.kubeconfig, '-n', 'ns', '--plain', '-o', 'json', '--max-groups', '10000000', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = 0;
  const started = Date.now();
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      for (let k = d.indexOf(10); k !== -1; k = d.indexOf(10, k + 1)) lines++;
      if (lines >= N) resolve();
    });
    child.on('close', () => resolve());
  });
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const peak = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  console.log(`${label.padEnd(28)} ${lines} lines in ${((Date.now() - started) / 1000).toFixed(0)} s · peak RSS ${peak.toFixed(0)} MiB`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('close', r));
}

try {
  for (const extra of (process.env.RUNS ?? ',--max-memory 30G').split(',')) await run(extra || 'default (--max-memory 400M)', extra.split(' ').filter(Boolean));
} finally {
  await f.close();
}
