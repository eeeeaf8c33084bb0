// kube/source against the demo server when a list outlives the server's history: each second
// page finds the first page's revision compacted. The source starts over once (an exact list
// still has a chance), then finishes with the continue token of the 410 instead of starting over
// again (which never ends at this write rate), and watches from the last page's revision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../demo/server.js';
import { createRng } from '../../demo/rng.js';
import { loadKubeconfig } from '../../src/kube/config.js';
import { EventSource } from '../../src/kube/source.js';
import type { SourceChange } from '../../src/kube/types.js';
import { testScenario } from '../wire/helpers.js';

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 20_000;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a continue token that expires mid-list twice: the list finishes with the 410\'s token and the watch starts at the last page\'s revision', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-continue-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const lists: string[] = [];
  let armed = false;
  let writes = 0;
  let burst: (() => void) | undefined;
  const s = await startDemoServer({
    scenario: testScenario(),
    seed: 7,
    rate: 0,
    events: 300,
    historySize: 50,
    kubeconfigOut: kubeconfig,
    onRequest: (_m, url) => {
      if (url.includes('watch=true') || !url.includes('/events?')) return;
      lists.push(url);
      // The page right after a first page always arrives too late: more writes than the history holds.
      if (!url.includes('continue=')) armed = true;
      else if (armed) {
        armed = false;
        burst?.();
      }
    },
  });
  const scenario = testScenario();
  let burstRv = 0;
  burst = () => {
    for (let i = 0; i < 60; i++) scenario.step(s.writer, createRng(5000 + writes++), new Date());
    burstRv = Math.max(...s.snapshotEvents().map((e) => Number(e.metadata.resourceVersion)));
  };
  const before = s.snapshotEvents().map((e) => e.metadata.uid!);
  const conn = loadKubeconfig({ kubeconfig, env: {}, homeDir: dir, serviceAccountDir: dir });
  const changes: SourceChange[] = [];
  const src = new EventSource({ connection: conn, namespaces: [''], apiGroup: 'core', pageSize: 25, onBatch: (b) => changes.push(...b), onError: (e) => assert.fail(String(e)) });
  src.start();
  try {
    await waitFor(() => src.status.state === 'watching', 'the list to finish and the watch to start');
    const firstPages = lists.filter((u) => !u.includes('continue='));
    assert.equal(firstPages.length, 2, 'the list was started over once, then continued with the 410\'s token');
    const synced = changes.filter((c) => c.kind === 'synced');
    assert.equal(synced.length, 1);
    const truth = s.snapshotEvents();
    const seen = synced[0]!.kind === 'synced' ? synced[0]!.seen : new Set<string>();
    // Every event listed exists at the end (nothing is deleted here), and every preloaded one was listed.
    const uids = new Set(truth.map((e) => e.metadata.uid!));
    for (const uid of seen) assert.ok(uids.has(uid), `listed ${uid} exists`);
    for (const uid of before) assert.ok(seen.has(uid), `preloaded ${uid} listed`);
    const watch = s.requests.find((r) => r.url.includes('watch=true'))!;
    const rv = Number(new URL(watch.url, 'http://x').searchParams.get('resourceVersion'));
    assert.ok(burstRv > 0 && rv >= burstRv, `the watch starts at the inconsistent pages' revision (${rv}), not before the burst (${burstRv})`);
  } finally {
    await src.stop();
    await s.close();
  }
});
