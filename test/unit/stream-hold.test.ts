// streamLines' `hold`: a consumer that cannot take more stops the reading (the idle watchdog
// with it), and gets every line once it can; an abort ends a hold that never settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamLines, StreamBrokenError } from '../../src/kube/http.js';
import { fakeApi } from '../helpers/fake-api.js';

/** A watch that sends one line now and one after `gapMs`, then stays open. */
const twoLines = (gapMs: number) =>
  fakeApi((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"n":1}\n');
    setTimeout(() => res.write('{"n":2}\n'), gapMs).unref();
  });

test('a hold longer than the idle timeout is not a stalled stream; the next line still arrives', async () => {
  const f = await twoLines(900);
  const got: string[] = [];
  const abort = new AbortController();
  let holds = 0;
  const done = streamLines(f.conn, '/w', (l) => {
    got.push(l);
    if (got.length === 2) abort.abort();
  }, {
    signal: abort.signal,
    idleTimeoutMs: 300,
    hold: () => (holds++ === 0 ? new Promise<void>((r) => setTimeout(r, 800)) : undefined),
  });
  await assert.rejects(done, (e: unknown) => !(e instanceof StreamBrokenError));
  assert.deepEqual(got, ['{"n":1}', '{"n":2}']);
  await f.close();
});

test('without a hold the same gap is a stalled stream (the watchdog is what the hold pauses)', async () => {
  const f = await twoLines(900);
  await assert.rejects(streamLines(f.conn, '/w', () => {}, { idleTimeoutMs: 300 }), (e: unknown) => e instanceof StreamBrokenError && e.idle);
  await f.close();
});

test('an abort ends a hold that never settles', async () => {
  const f = await twoLines(60_000);
  const abort = new AbortController();
  const done = streamLines(f.conn, '/w', () => setTimeout(() => abort.abort(), 50), { signal: abort.signal, hold: () => new Promise<void>(() => {}) });
  await assert.rejects(done, (e: unknown) => e instanceof Error && e.name !== 'StreamBrokenError');
  await f.close();
});
