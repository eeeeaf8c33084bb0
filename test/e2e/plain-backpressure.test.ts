// The real CLI's --plain output into a reader that stops reading: the watch must stop reading too
// (TCP pushes back to the server), so that groups the cap would evict are printed first, not lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { CLI, ensureBuilt, ROOT } from './cli.js';
import { fakeApi, sendList, waitFor } from '../helpers/fake-api.js';
import { uniqueRaw } from '../unit/helpers/unique-events.js';

const VERSION = JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.0' });
const N = 20_000; // ~30 MB of watch lines: more than loopback's socket buffers hold

test('--plain -o json into a paused pipe: the server is held back, and every one of N unique groups is printed once through a cap of 2,000', async () => {
  ensureBuilt();
  let made = 0;
  function* lines(): Generator<string> {
    for (let i = 0; i < N; i++) {
      made = i + 1;
      const raw = uniqueRaw(i);
      (raw.metadata as { namespace: string }).namespace = 'ns';
      (raw.involvedObject as { namespace: string }).namespace = 'ns';
      yield JSON.stringify({ type: 'ADDED', object: raw }) + '\n';
    }
  }
  const f = await fakeApi((_req, res, url) => {
    if (url.pathname === '/version') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(VERSION);
    if (url.searchParams.get('watch') !== 'true') return sendList(res, 1, []);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    Readable.from(lines()).pipe(res, { end: false }); // left open: an ended watch would be resumed
  });
  const child = spawn(process.execPath, [CLI, '--api', 'core', '--kubeconfig', f.kubeconfig, '-n', 'ns', '--plain', '-o', 'json', '--max-groups', '2000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    // Nobody reads stdout for a while: kevtui's pipe fills, then it must stop taking events.
    child.stdout.pause();
    await waitFor(() => made > 0, 'the watch to start');
    await new Promise((r) => setTimeout(r, 2500));
    const whilePaused = made;
    assert.ok(whilePaused < N / 2, `the server produced ${whilePaused} of ${N} lines while nothing was read`);

    const chunks: Buffer[] = [];
    let count = 0;
    child.stdout.on('data', (d: Buffer) => {
      chunks.push(d);
      for (let k = d.indexOf(10); k !== -1; k = d.indexOf(10, k + 1)) count++;
    });
    child.stdout.resume();
    await waitFor(() => count >= N, `${N} lines (${count} so far; stderr: ${stderr})`, 60_000);
    const text = Buffer.concat(chunks).toString('utf8');
    const seen = new Map<string, number>();
    for (const line of text.split('\n').filter(Boolean)) {
      const m = /#(\d+) /.exec((JSON.parse(line) as { message: string }).message);
      assert.ok(m, line.slice(0, 200));
      seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
    }
    assert.equal(seen.size, N, 'every group printed');
    assert.ok([...seen.values()].every((c) => c === 1), 'each once');
  } finally {
    child.stdout.resume(); // its exit flushes stdout first
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    await f.close();
  }
});

test('--once -o json into a slow pipe prints every group once; a reader that goes away ends it', async () => {
  ensureBuilt();
  const n = 20_000; // ~10 MB of output: many chunks, more than a pipe holds
  const items = Array.from({ length: n }, (_, i) => {
    const raw = uniqueRaw(i);
    (raw.metadata as { namespace: string }).namespace = 'ns';
    (raw.involvedObject as { namespace: string }).namespace = 'ns';
    return raw;
  });
  const f = await fakeApi((_req, res, url) => {
    if (url.pathname === '/version') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(VERSION);
    sendList(res, 1, items);
  });
  const run = () => spawn(process.execPath, [CLI, '--api', 'core', '--kubeconfig', f.kubeconfig, '-n', 'ns', '--once', '-o', 'json', '--max-groups', String(2 * n)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    // Read slowly: a pause after every chunk.
    const slow = run();
    let text = '';
    slow.stdout.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      slow.stdout.pause();
      setTimeout(() => slow.stdout.resume(), 2);
    });
    const code = await new Promise<number | null>((r) => slow.once('close', r));
    assert.equal(code, 0);
    const lines = text.split('\n').filter(Boolean);
    assert.equal(lines.length, n);
    assert.equal(new Set(lines.map((l) => /#(\d+) /.exec((JSON.parse(l) as { message: string }).message)![1])).size, n, 'each group once');

    // `| head -c 1000`: the reader takes one chunk and leaves; kevtui must not wait for it.
    const early = run();
    early.stdout.once('data', () => early.stdout.destroy());
    const closed = await new Promise<number | null>((r) => early.once('exit', r));
    assert.ok(closed !== null, 'exited');
  } finally {
    await f.close();
  }
});
