// The view's rows for this render. While a list comes in they are brought up to the store at
// most once per LISTING_VIEW_MS (the list's progress still reaches the header every render):
// each compute merges what came since, and at 100k events the merges of a compute every 250 ms
// cost twice one at the end (bench/view-listing.bench.ts), time the list itself waited for. Rows
// that reshuffle four times a second while history pours in say nothing a reader can follow.
// A new spec (a key), another row source, a search still running, and rows where there were none
// (the first page after an empty screen) are computed at once.
import { useRef } from 'react';
import { sameSpec, type EventView, type ViewResult, type ViewSpec } from '../../store/view.js';

export const LISTING_VIEW_MS = 1000;

export function useViewResult(view: EventView, spec: ViewSpec, now: number, budgetMs: number, listing: boolean): ViewResult {
  const held = useRef<{ view: EventView; result: ViewResult; at: number } | undefined>(undefined);
  const h = held.current;
  const at = performance.now();
  if (listing && h !== undefined && h.view === view && h.result.considered > 0 && h.result.pending === undefined && sameSpec(h.result.spec, spec) && at - h.at < LISTING_VIEW_MS) return h.result;
  const result = view.compute(spec, now, { budgetMs });
  if (h === undefined || h.result !== result) held.current = { view, result, at };
  return result;
}
