// --once and --plain: aligned lines or NDJSON on stdout, status and errors on stderr.
import { KubeError } from '../kube/errors.js';
import type { SourceStatus } from '../kube/types.js';
import type { Options } from '../options.js';
import { byLastSeenAscending, groupJson, LineFormatter } from '../plain/format.js';
import type { AggregateStore, EventGroup } from '../store/aggregate.js';
import { FoldIndex } from '../store/fold.js';
import { openSession } from './session.js';
import type { OpenedSession } from '../session/types.js';
import { summaryJson, summaryText } from '../plain/summary.js';
import { summarize } from '../store/summary.js';
import { reportWhileWaiting } from './waiting.js';
import { settleHeapAfterList } from './heap.js';

const CHUNK = 256 * 1024;

export async function runPlain(opts: Options, open: (opts: Options) => Promise<OpenedSession> = openSession): Promise<number> {
  const session = await open(opts);
  // Ages in a replay are the recording's: its clock, not the wall's.
  const replay = session.replay;
  const clock = replay !== undefined ? () => replay.now() : Date.now;
  const withNamespace = session.namespaces.length !== 1 || session.namespaces[0] === '';
  const withCluster = (session.clusters?.().length ?? 0) > 1;
  const formatter = opts.output === 'json' ? undefined : new LineFormatter(opts.output, withNamespace, withCluster);
  const json = { cluster: session.context };
  const out = process.stdout;
  // Lines go out in chunks of about CHUNK characters: a write per line costs a syscall each, and
  // one string of every line (50,000 groups: ~25 MB, plus the array of lines) doubles peak memory.
  function* chunks(groups: readonly EventGroup[], now: number): Generator<string> {
    let chunk = '';
    for (const g of groups) {
      chunk += (formatter ? formatter.line(g, now) : groupJson(g, json)) + '\n';
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const print = (groups: readonly EventGroup[], now: number) => {
    for (const chunk of chunks(groups, now)) out.write(chunk);
  };
  // --once into a pipe read slower than it is written (`| less`, `| jq`): each chunk waits for the
  // last to be taken, instead of all of them (22 MB for 50,000 groups) queuing in memory: 280 →
  // 210 MiB of peak RSS at 100k events. A reader that went away ends the wait (and the run).
  const printPaced = async (groups: readonly EventGroup[], now: number) => {
    const gone = new Promise<void>((r) => {
      out.once('close', r);
      out.once('error', r);
    });
    for (const chunk of chunks(groups, now)) {
      if (!out.write(chunk)) await Promise.race([new Promise<void>((r) => out.once('drain', r)), gone]);
      if (out.destroyed) return;
    }
  };

  const stderr = (line: string) => {
    try {
      process.stderr.write(line);
    } catch {
      // a closed stderr: nothing to tell
    }
  };
  // A --record file that cannot be written: one line, and the output goes on.
  session.onNotice?.((line) => stderr(`kevtui: ${line}\n`));
  if (opts.mode === 'once') {
    const stopReporting = reportWhileWaiting(() => session.status(), stderr);
    try {
      await session.listOnce();
    } finally {
      stopReporting();
      await session.stop();
    }
    // Several clusters: the ones that could not be listed are named; the others are printed.
    const failing = (session.clusters?.() ?? []).filter((c) => c.status.state === 'error' || c.status.state === 'forbidden');
    for (const c of failing) process.stderr.write(`kevtui: context ${c.name}: ${c.status.detail}\n`);
    const onceCode = failing.length > 0 ? 1 : 0;
    if (opts.summary) {
      const s = summarize(session.store.groups(), clock());
      out.write(opts.output === 'json' ? summaryJson(s) : summaryText(s));
      return onceCode;
    }
    const groups = (opts.fold ? foldedRows(session.store) : [...session.store.groups()]).sort(byLastSeenAscending);
    const now = clock();
    if (groups.length === 0) {
      process.stderr.write(`No events found in ${describeScope(session.namespaces)}.\n`);
      return onceCode;
    }
    if (formatter) {
      formatter.fit(groups, now);
      out.write(formatter.header() + '\n');
    }
    await printPaced(groups, now);
    return onceCode;
  }

  // --plain: the first sync prints everything once (oldest first, like kubectl), then each batch
  // prints the groups it created or changed.
  let printedVersion = 0;
  let headerDone = false;
  const folds = opts.fold ? new FoldIndex() : undefined;
  let waitingForDrain = false;
  let drained: Promise<void> | undefined;
  const whenDrained = () => (drained ??= new Promise<void>((r) => out.once('drain', () => ((drained = undefined), r()))));
  // Reading stops while stdout is full, so what arrives is what can be printed: a slow reader
  // slows the watch (as kubectl's blocking writes do) instead of groups being evicted unprinted.
  session.holdReading?.(() => (out.writableNeedDrain ? whenDrained() : undefined));
  const flush = () => {
    const version = session.store.version;
    if (version === printedVersion) return;
    // A reader slower than the cluster (a pipe into less, a loaded machine): what changed meanwhile
    // is printed once the pipe has taken the last lines, each group once in its latest state.
    // Writing on instead kept every line in memory (150,000 groups of 1 KB: 1 GB of RSS).
    if (out.writableNeedDrain) {
      if (!waitingForDrain) {
        waitingForDrain = true;
        void whenDrained().then(() => {
          waitingForDrain = false;
          flush();
        });
      }
      return;
    }
    let changed: EventGroup[] = [];
    let dissolved: readonly EventGroup[] = [];
    if (folds) {
      // A line per fold (or unfolded group) that appeared or changed.
      const c = folds.sync(session.store);
      changed = [...c.changed];
      if (opts.output === 'json') dissolved = c.removed;
    } else {
      // From the store's change log (O(changed)); a scan when it no longer reaches back.
      const logged = session.store.changedSince(printedVersion);
      if (logged !== undefined) changed = logged.filter((g) => session.store.group(g.key) === g);
      else for (const g of session.store.groups()) if (g.changedVersion > printedVersion) changed.push(g);
      if (opts.output === 'json') dissolved = session.store.dissolvedSince(printedVersion);
    }
    printedVersion = version;
    changed.sort(byLastSeenAscending);
    // JSON followers fold lines by group: tell them a group they saw no longer exists.
    if (dissolved.length) out.write(dissolved.map((g) => groupJson(g, { ...json, removed: true })).join('\n') + '\n');
    const now = clock();
    if (formatter && !headerDone && changed.length) {
      formatter.fit(changed, now);
      out.write(formatter.header() + '\n');
      headerDone = true;
    }
    print(changed, now);
  };
  let lastDetail = '';
  let fatal: (() => void) | undefined;
  // The status that stopped us: the exit path prints it, once (stopping the source afterwards
  // publishes a bare "stopped", which says nothing).
  let stoppedBy: SourceStatus | undefined;
  const unsubscribeStatus = session.onStatus((s) => {
    if (stoppedBy) return;
    if (s.state === 'error' || s.state === 'forbidden') {
      stoppedBy = s;
      return fatal?.();
    }
    const text = s.fallback ? `${s.detail} (${s.fallback})` : s.detail;
    if (process.stderr.isTTY || s.state !== 'listing') {
      if (text !== lastDetail) process.stderr.write(`kevtui: ${text}\n`);
      lastDetail = text;
    }
  });

  let code: number;
  const stopReporting = reportWhileWaiting(() => session.status(), stderr);
  try {
    session.start();
    await session.whenSynced().catch((e: unknown) => {
      throw e instanceof KubeError && e.code === 'forbidden' ? new KubeError('forbidden', e.message, accessHint(session.namespaces)) : e;
    });
    stopReporting();
    settleHeapAfterList(); // after the first list, as in the full screen (run/heap)
    flush();
    const unsubscribe = session.store.subscribe(flush);
    code = await new Promise<number>((resolve) => {
      const stop = () => resolve(0);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // A hangup is not a user's stop: 129, as in the full screen (and as a shell reports it).
      process.once('SIGHUP', () => resolve(129));
      out.once('error', () => resolve(0)); // EPIPE: the reader went away (`| head`)
      fatal = () => resolve(1);
      void session.whenEnded?.().then(() => resolve(0));
      const s = session.status();
      if (s.state === 'error' || s.state === 'forbidden') {
        stoppedBy ??= s;
        resolve(1);
      }
    });
    unsubscribe();
  } finally {
    stopReporting();
    unsubscribeStatus();
    // Also when the first sync failed: the embedded demo cluster must not keep us alive.
    await session.stop();
  }
  const failure = session.failure();
  if (failure) throw failure;
  if (code === 1) {
    const s = stoppedBy ?? session.status();
    // After the first sync, a 403 means access was taken away while we watched.
    const line = s.state === 'forbidden' ? `access to events was revoked: ${s.detail} (${accessHint(session.namespaces)})` : s.detail;
    process.stderr.write(`kevtui: ${line}\n`);
  }
  return code;
}

function foldedRows(store: AggregateStore): EventGroup[] {
  const index = new FoldIndex();
  index.sync(store);
  return [...index.rows()];
}

/** What to do about a 403: which permission kevtui needs, and how to check it. */
function accessHint(namespaces: readonly string[]): string {
  const scope = namespaces.length === 1 && namespaces[0] !== '' ? `-n ${namespaces[0]}` : '-A';
  return `kevtui needs get, list and watch on events; check with: kubectl auth can-i watch events ${scope}`;
}

function describeScope(namespaces: readonly string[]): string {
  if (namespaces.length === 1 && namespaces[0] === '') return 'any namespace';
  return namespaces.length === 1 ? `${namespaces[0]} namespace` : `namespaces ${namespaces.join(', ')}`;
}
