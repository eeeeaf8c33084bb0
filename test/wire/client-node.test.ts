// @kubernetes/client-node 1.4.0 against the demo server, with the kubeconfig the server wrote:
// typed paginated lists and a Watch that receives ADDED for a new event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, EventsV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { startDemoServer } from '../../demo/server.js';
import { createRng } from '../../demo/rng.js';
import { testScenario, waitFor } from './helpers.js';

test('client-node: paginated listEventForAllNamespaces and a Watch receiving ADDED', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kevtui-cn-'));
  const s = await startDemoServer({ scenario: testScenario(), seed: 21, rate: 0, events: 1200, token: 'tok-1', kubeconfigOut: join(dir, 'kubeconfig') });
  let ctl: AbortController | undefined;
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(s.kubeconfigPath!);
    assert.equal(kc.getCurrentContext(), 'kevtui-demo');
    const core = kc.makeApiClient(CoreV1Api);
    const names: string[] = [];
    let tok: string | undefined;
    let rv: string | undefined;
    let pages = 0;
    do {
      const page = await core.listEventForAllNamespaces({ limit: 250, _continue: tok });
      rv ??= page.metadata?.resourceVersion;
      assert.equal(page.metadata?.resourceVersion, rv);
      names.push(...page.items.map((e) => `${e.metadata?.namespace}/${e.metadata?.name}`));
      tok = page.metadata?._continue;
      pages++;
    } while (tok);
    const truth = s.snapshotEvents().map((e) => `${e.metadata.namespace}/${e.metadata.name}`);
    assert.deepEqual(names, truth);
    assert.ok(pages > 1);

    const events = kc.makeApiClient(EventsV1Api);
    const one = await events.listNamespacedEvent({ namespace: 'web', limit: 1 });
    assert.equal(one.items.length, 1);
    assert.ok(one.items[0].regarding?.name);

    const seen: Array<{ phase: string; name?: string }> = [];
    let doneErr: unknown = 'not done';
    ctl = await new Watch(kc).watch(
      '/api/v1/events',
      { resourceVersion: rv, allowWatchBookmarks: true },
      (phase, obj) => seen.push({ phase, name: obj?.metadata?.name }),
      (err) => (doneErr = err),
    );
    testScenario().step(s.writer, createRng(77), new Date());
    const newest = s.snapshotEvents().sort((a, b) => Number(b.metadata.resourceVersion) - Number(a.metadata.resourceVersion))[0];
    const got = await waitFor(() => seen.find((e) => e.name === newest.metadata.name), 10_000, 'the new event over the watch');
    assert.ok(got.phase === 'ADDED' || got.phase === 'MODIFIED');
    assert.equal(doneErr, 'not done');

    const err = await core.listEventForAllNamespaces({ fieldSelector: 'bogus=1' }).catch((e) => e);
    assert.equal(err.code, 400);
    assert.match(String(err.body), /field label not supported: bogus/);
  } finally {
    ctl?.abort();
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
