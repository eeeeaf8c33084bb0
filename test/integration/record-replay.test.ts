// A recording made during an incident replays to the same groups and counts: a demo cluster under
// faults (watches dropped, the history compacted so that resumes get 410 and relist, events
// expiring by TTL) is watched with --record; once stopped, `kevtui replay FILE --once -o json`
// must print exactly what the live store holds, byte for byte. Exact by construction, whatever
// the timing: the recording is written batch by batch as the store applies them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { noConfig } from '../../src/config/load.js';
import { parseOptions } from '../../src/options.js';
import { byLastSeenAscending, groupJson } from '../../src/plain/format.js';
import { openSession } from '../../src/run/session.js';
import { openReplay } from '../../src/replay/session.js';
import { runCli } from '../e2e/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kevtui-record-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// As `--once -o json` prints them: each line names the context (the recording keeps it).
const onceJson = (groups: Iterable<Parameters<typeof groupJson>[0]>) => [...groups].sort(byLastSeenAscending).map((g) => groupJson(g, { cluster: 'kevtui-demo' }) + '\n').join('');

test('a recording under faults replays to exactly the live groups (replay --once -o json)', async (t) => {
  const file = join(dir, 'incident.ndjson.gz');
  const opts = parseOptions(
    ['--demo', '--seed', '3', '--events', '400', '--rate', '40', '--event-ttl', '2', '--drop-watch-after-events', '60', '--compact-every', '1.5', '--history', '100', '--record', file],
    false,
    () => noConfig(),
  );
  const session = await openSession(opts);
  const started = Date.now();
  let live: string;
  try {
    session.start();
    await session.whenSynced();
    // Until each fault has happened at least once (the counters say so), and TTLs have run out.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = session.status();
      if (s.relists >= 1 && s.reconnects >= 2 && Date.now() - started > 5000) break;
      assert.ok(Date.now() < deadline, `faults did not happen: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await session.stop();
  }
  live = onceJson(session.store.groups());

  const lines = gunzipSync(readFileSync(file)).toString().trim().split('\n').map((l) => JSON.parse(l) as { type: string; t: number; cluster: string });
  const count = (type: string) => lines.filter((l) => l.type === type).length;
  assert.ok(count('SYNCED') >= 2, `a relist after the first list (${count('SYNCED')} SYNCED)`);
  assert.ok(count('DELETED') >= 1, 'TTL deletes recorded');
  assert.ok(lines.every((l) => l.cluster === 'kevtui-demo' && typeof l.t === 'number'));
  assert.ok(live.includes('"expired":true'), 'the live store has expired groups');
  t.diagnostic(`${lines.length} lines: ${count('ADDED')} ADDED, ${count('DELETED')} DELETED, ${count('SYNCED')} SYNCED; ${session.status().relists} relists, ${session.status().reconnects} reconnects; ${live.split('\n').length - 1} groups`);

  const replayed = await runCli(['replay', file, '--once', '-o', 'json']);
  assert.equal(replayed.code, 0, replayed.stderr);
  assert.equal(replayed.stdout, live);

  // The same through the session the full screen uses, with the clock run to the end.
  const again = await openReplay(parseOptions(['replay', file], false, () => noConfig()));
  await again.listOnce();
  assert.equal(onceJson(again.store.groups()), live);
  await again.stop();
});
