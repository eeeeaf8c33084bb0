// What `kevtui replay` reads, whichever of these a file holds (plain or gzip, told by its bytes):
// - a kevtui recording (--record): NDJSON lines {t, cluster, type, api, object | namespace, seen};
// - `kubectl get events -A -o json`: an EventList (core/v1 or events.k8s.io/v1), or one event;
// - one event per line, as event exporters write them (kubernetes-event-exporter's file sink;
//   Elasticsearch `_source` documents; Loki lines, JSON or `TIME {labels} {event}` text).
// Each becomes the SourceChanges a live source would have produced, stamped with a time.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { SourceChange } from '../kube/types.js';
import type { ApiGroup } from '../model/event.js';
import { normalize } from '../model/normalize.js';

export interface ReplayRecord {
  /** epoch ms: when kevtui received it, or (exports) when the event last happened. */
  t: number;
  /** The context it came from ('' when the file does not say). */
  cluster: string;
  change: SourceChange;
}

export type RecordingFormat = 'kevtui' | 'event list' | 'event lines';

export interface Recording {
  path: string;
  format: RecordingFormat;
  records: ReplayRecord[];
  /** Lines that were neither a record nor an event. */
  skipped: number;
}

/** A file that cannot be replayed: the message is the one line the user sees. */
export class RecordingError extends Error {}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);

export function readRecording(path: string): Recording {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
    // gzip, however named: a rotated FILE.gz.1 still starts with the magic bytes.
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = unzip(bytes);
  } catch (e) {
    if (e instanceof RecordingError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new RecordingError(`${path}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message}`);
  }
  return parseRecording(bytes, path);
}

function unzip(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes);
  } catch {
    // A recording cut mid-write (kill -9, a full disk) has a truncated last member: keep the
    // members before it, each complete.
    try {
      return gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    } catch (e) {
      throw new RecordingError(`not a readable gzip file (${(e as Error).message})`);
    }
  }
}

export function parseRecording(input: Buffer | string, path = ''): Recording {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const where = path === '' ? '' : `${path}: `;
  const first = firstNonSpace(bytes);
  if (first === -1) throw new RecordingError(`${where}the file is empty`);
  // One JSON document (an EventList, pretty-printed or not) or one event per line: a first line
  // that is JSON by itself, with more after it, is NDJSON (never read as one string).
  const eol = bytes.indexOf(0x0a, first);
  const lines = eol !== -1 && firstNonSpace(bytes.subarray(eol)) !== -1 && tryParse(bytes.toString('utf8', first, eol)) !== undefined;
  const whole = !lines && (bytes[first] === 0x5b /* [ */ || bytes[first] === 0x7b) /* { */ ? tryParse(bytes.toString('utf8')) : undefined;
  if (whole !== undefined && (Array.isArray(whole) || rec(whole)?.items !== undefined || isEvent(rec(whole)))) {
    const items = Array.isArray(whole) ? whole : Array.isArray(rec(whole)!.items) ? (rec(whole)!.items as unknown[]) : [whole];
    const listGroup = groupOf(rec(whole));
    const records: ReplayRecord[] = [];
    let skipped = 0;
    for (const item of items) {
      const r = eventRecord(rec(item), listGroup);
      if (r) records.push(r);
      else skipped++;
    }
    if (records.length === 0 && items.length > 0) throw new RecordingError(`${where}a JSON list, but none of its ${items.length} items is an event`);
    return { path, format: 'event list', records: byTime(records), skipped };
  }
  const records: ReplayRecord[] = [];
  let kevtui = 0;
  let skipped = 0;
  let lastT = -Infinity;
  forEachLine(bytes, (line) => {
    const o = parseLine(line);
    if (o === undefined) return void skipped++;
    const r = recordLine(o);
    if (r !== undefined) {
      // Received in this order: kept in it (the wall clock may have stepped back meanwhile).
      r.t = Math.max(lastT, r.t);
      lastT = r.t;
      kevtui++;
      records.push(r);
      return;
    }
    const e = eventRecord(unwrap(o), undefined);
    if (e !== undefined) records.push(e);
    else skipped++;
  });
  if (records.length === 0) throw new RecordingError(`${where}neither a kevtui recording, an event list nor one event per line`);
  return kevtui > 0 ? { path, format: 'kevtui', records, skipped } : { path, format: 'event lines', records: byTime(records), skipped };
}

/** The records of several files as one timeline: by time, ties in the order the files came. */
export function mergeRecordings(recs: readonly Recording[]): ReplayRecord[] {
  // Rotated files (FILE.2 FILE.1 FILE) in whatever order the shell gave them: oldest first.
  const files = [...recs].sort((a, b) => (a.records[0]?.t ?? 0) - (b.records[0]?.t ?? 0));
  if (files.length === 1) return files[0]!.records;
  const all = files.flatMap((f, i) => f.records.map((r, j) => ({ r, i, j })));
  all.sort((a, b) => a.r.t - b.r.t || a.i - b.i || a.j - b.j);
  return all.map((x) => x.r);
}

function byTime(records: ReplayRecord[]): ReplayRecord[] {
  // Array.prototype.sort is stable: equal times keep the file's order.
  return records.sort((a, b) => a.t - b.t);
}

const UPSERTS = new Set(['ADDED', 'MODIFIED', 'LIST']);

/** A kevtui recording's line, or undefined. */
function recordLine(o: Rec): ReplayRecord | undefined {
  if (typeof o.t !== 'number' || typeof o.type !== 'string' || typeof o.cluster !== 'string') return undefined;
  const cluster = o.cluster;
  if (o.type === 'SYNCED') {
    if (typeof o.namespace !== 'string' || !Array.isArray(o.seen)) return undefined;
    return { t: o.t, cluster, change: { kind: 'synced', namespace: o.namespace, seen: new Set(o.seen.filter((u): u is string => typeof u === 'string')) } };
  }
  const api: ApiGroup = o.api === 'core' ? 'core' : 'events';
  const ev = rec(o.object) && normalize(o.object, api);
  if (ev === undefined || !(UPSERTS.has(o.type) || o.type === 'DELETED')) return undefined;
  return { t: o.t, cluster, change: { kind: o.type === 'DELETED' ? 'delete' : 'upsert', event: ev } };
}

/** An exported event (no receive time): stamped with when it last happened. */
function eventRecord(o: Rec | undefined, fallback: ApiGroup | undefined): ReplayRecord | undefined {
  if (!isEvent(o)) return undefined;
  const ev = normalize(o, groupOf(o) ?? fallback ?? 'core');
  if (ev === undefined) return undefined;
  const t = Number.isFinite(ev.lastSeen) ? ev.lastSeen : Number.isFinite(ev.firstSeen) ? ev.firstSeen : 0;
  // resmoio/kubernetes-event-exporter adds the cluster's name it was configured with.
  const cluster = typeof o!.clusterName === 'string' ? o!.clusterName : '';
  return { t, cluster, change: { kind: 'upsert', event: ev } };
}

function isEvent(o: Rec | undefined): boolean {
  if (o === undefined) return false;
  if (o.kind === 'Event') return true;
  return (rec(o.involvedObject) !== undefined || rec(o.regarding) !== undefined) && (typeof o.reason === 'string' || typeof o.message === 'string' || typeof o.note === 'string');
}

function groupOf(o: Rec | undefined): ApiGroup | undefined {
  const v = o?.apiVersion;
  if (typeof v !== 'string') return undefined;
  return v.startsWith('events.k8s.io/') ? 'events' : v === 'v1' ? 'core' : undefined;
}

/** The event inside an export's envelope: ES `_source`, Loki `line`, OTel `body`, a watch `object`. */
function unwrap(o: Rec): Rec | undefined {
  let cur: Rec | undefined = o;
  for (let depth = 0; cur !== undefined && depth < 4 && !isEvent(cur); depth++) {
    const inner: unknown = cur._source ?? cur.line ?? cur.log ?? cur.body ?? cur.event ?? cur.object ?? cur.message;
    cur = typeof inner === 'string' ? rec(tryParse(inner)) : rec(inner);
  }
  return cur;
}

/** A line's JSON object: the whole line, else the first `{…}` tail that parses (Loki's text output). */
function parseLine(line: string): Rec | undefined {
  const whole = rec(tryParse(line));
  if (whole !== undefined) return whole;
  for (let i = line.indexOf('{', 1); i !== -1; i = line.indexOf('{', i + 1)) {
    const o = rec(tryParse(line.slice(i)));
    if (o !== undefined) return o;
  }
  return undefined;
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function firstNonSpace(b: Buffer): number {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0x20 && b[i] !== 0x0a && b[i] !== 0x0d && b[i] !== 0x09) return i;
  return -1;
}

/** Line by line without one string of the whole file (recordings can pass V8's string limit). */
function forEachLine(b: Buffer, fn: (line: string) => void): void {
  let start = 0;
  while (start < b.length) {
    let end = b.indexOf(0x0a, start);
    if (end === -1) end = b.length;
    if (end > start) {
      const line = b.toString('utf8', start, end).trim();
      if (line !== '') fn(line);
    }
    start = end + 1;
  }
}
