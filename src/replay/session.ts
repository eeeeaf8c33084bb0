// `kevtui replay FILE…`: a Session whose store is fed from files by the replay clock instead of an
// EventSource, so the full screen and the plain printer run on it unchanged. Objects cannot be
// fetched from a file: object access answers so, in one line.
import { basename } from 'node:path';
import { KubeError } from '../kube/errors.js';
import type { SourceStatus } from '../kube/types.js';
import type { ApiGroup } from '../model/event.js';
import type { Options } from '../options.js';
import type { FetchedObject, ObjectAccess, OpenedSession } from '../session/types.js';
import { AggregateStore } from '../store/aggregate.js';
import { ReplayClock } from './clock.js';
import { mergeRecordings, readRecording, RecordingError, type Recording } from './read.js';

export const NOT_IN_REPLAY = 'objects are not available in a replay (only the recorded events are)';

const noObjects: ObjectAccess = {
  get: async (): Promise<FetchedObject> => ({ ok: false, error: true, message: NOT_IN_REPLAY }),
  owners: async () => [],
  dependents: async () => [],
};

export async function openReplay(opts: Options): Promise<OpenedSession> {
  const files = opts.replay?.files ?? [];
  let recordings: Recording[];
  try {
    recordings = files.map(readRecording);
  } catch (e) {
    if (e instanceof RecordingError) throw new KubeError('server', `cannot replay ${e.message}`);
    throw e;
  }
  const records = mergeRecordings(recordings);
  // A recording of several clusters (--context a,b): their groups stay apart, as they were live.
  if (new Set(records.map((r) => r.cluster)).size > 1) {
    for (const r of records) {
      if (r.change.kind === 'synced') r.change = { ...r.change, cluster: r.cluster };
      else r.change.event.cluster = r.cluster;
    }
  }
  // Exports (an EventList, exporter lines) are history to review, often a night long: they open
  // at their end, everything shown, paused; p plays them from the start. Recordings play.
  const review = recordings.every((r) => r.format !== 'kevtui');
  const newStore = () => new AggregateStore({ maxGroups: opts.maxGroups, maxBytes: opts.maxMemory });
  let store = newStore();
  const clock = new ReplayClock(records, { apply: (c) => store.apply(c), reset: () => (store = newStore()) }, opts.replay?.speed ?? 1);
  const first = records.find((r) => r.change.kind !== 'synced')?.change;
  const apiGroup: ApiGroup = first !== undefined && first.kind !== 'synced' ? first.event.apiGroup : 'events';
  const clusters = [...new Set(records.map((r) => r.cluster).filter((c) => c !== ''))];
  const skipped = recordings.reduce((n, r) => n + r.skipped, 0);
  const names = files.map((f) => basename(f)).join(', ');
  const status: SourceStatus = {
    // The header's rate and freshness treat what arrives as news, as it was when it happened.
    state: 'watching',
    apiGroup,
    namespaces: [''],
    detail: `replay of ${records.length} records from ${names}`,
    malformed: skipped,
    reconnects: 0,
    relists: 0,
  };
  // -n/:ns narrow the view (the store holds every namespace the files have).
  let namespaces: string[] = opts.namespace !== undefined ? [opts.namespace] : [''];
  let ended: () => void = () => {};
  const end = new Promise<void>((resolve) => (ended = resolve));
  clock.onChange(() => {
    if (clock.ended) ended();
  });

  return {
    get store() {
      return store;
    },
    context: clusters.length > 0 ? clusters.join(',') : 'replay',
    cluster: names,
    get namespaces() {
      return namespaces;
    },
    rescope: async (next) => {
      namespaces = [...next];
    },
    apiGroup,
    objects: noObjects,
    replay: clock,
    status: () => status,
    onStatus: () => () => {},
    start: () => (review ? clock.runToEnd() : clock.play()),
    listOnce: async () => clock.runToEnd(),
    whenSynced: () => Promise.resolve(),
    whenEnded: () => end,
    failure: () => undefined,
    switchContext: () => Promise.reject(new KubeError('unknown-context', 'a replay has no other context')),
    stop: async () => clock.stop(),
  };
}
