// LIST: resourceVersion semantics of the etcd3 storage (events bypass the watch cache),
// consistent pagination (every page from the first page's revision, keys in namespace/name
// order, the continue token carries the revision and the next key), remainingItemCount only
// without selectors, and the list or Table body.
import type { Encoder } from './encode.js';
import { decodeContinue, encodeContinue, parseRv, type ListOptions } from './listoptions.js';
import { lowerBound, type Snapshot, type Store, type Stored } from './store.js';
import { badRequest, continueExpired, listTooOld, tooLargeResourceVersion } from './status.js';
import { rowJson, tableJson, type TableRequest } from './table.js';

export interface ListResult {
  rv: number;
  items: Stored[];
  continue?: string;
  remainingItemCount?: number;
}

/** Picks the snapshot a list is served from, per resourceVersion/continue rules. */
function chooseSnapshot(store: Store, enc: Encoder, o: ListOptions): { snap: Snapshot; startKey?: string } {
  const r = enc.info.store;
  if (o.continue) {
    const tok = decodeContinue(o.continue);
    if (o.resourceVersion && o.resourceVersion !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    if (tok.rv === -1) return { snap: store.snapshot(r), startKey: tok.start };
    const snap = store.snapshotAt(r, tok.rv);
    if (!snap) throw continueExpired(encodeContinue(-1, tok.start));
    return { snap, startKey: tok.start };
  }
  const rv = parseRv(o.resourceVersion);
  if (rv === undefined) return { snap: store.snapshot(r) };
  if (rv > store.rv) throw tooLargeResourceVersion(rv, store.rv);
  const exact = o.resourceVersionMatch === 'Exact' || (!o.resourceVersionMatch && o.limit > 0);
  if (!exact) return { snap: store.snapshot(r) };
  const snap = store.snapshotAt(r, rv);
  if (!snap) throw listTooOld();
  return { snap };
}

export function list(store: Store, enc: Encoder, namespace: string, o: ListOptions): ListResult {
  const { snap, startKey } = chooseSnapshot(store, enc, o);
  const all = snap.items;
  const key = (s: Stored) => s.key;
  // A namespace's keys are the contiguous range ["ns/", "ns0"): '0' follows '/'.
  let from = namespace ? lowerBound(all, `${namespace}/`, key) : 0;
  const end = namespace ? lowerBound(all, `${namespace}0`, key) : all.length;
  if (startKey !== undefined) from = Math.max(from, lowerBound(all, startKey, key));
  const items: Stored[] = [];
  const filter = o.filter;
  let i = from;
  for (; i < end; i++) {
    if (o.limit > 0 && items.length === o.limit) break;
    const s = all[i];
    if (!filter || filter(s.obj)) items.push(s);
  }
  const res: ListResult = { rv: snap.rv, items };
  if (o.limit > 0 && items.length === o.limit && i < end) {
    // Like etcd: more keys in range means a continue token, matching or not.
    res.continue = encodeContinue(snap.rv, items[items.length - 1].key + '\u0000');
    if (!o.hasSelectors) res.remainingItemCount = end - i;
  }
  return res;
}

function listMeta(r: ListResult): Record<string, unknown> {
  const m: Record<string, unknown> = { resourceVersion: String(r.rv) };
  if (r.continue) m.continue = r.continue;
  if (r.remainingItemCount !== undefined) m.remainingItemCount = r.remainingItemCount;
  return m;
}

export function listJson(enc: Encoder, r: ListResult): string {
  return enc.list(listMeta(r), r.items.map((s) => enc.item(s)));
}

export function listTableJson(enc: Encoder, r: ListResult, t: TableRequest, now: number): string {
  const rows = r.items.map((s) => rowJson(enc.info.store, s.obj, now, t, () => enc.object(s)));
  return tableJson(enc.info.store, t, listMeta(r), rows, true);
}
