// The view's rows for this render. While a list comes in they are brought up to the store at
// most once per LISTING_VIEW_MS (the list's progress still reaches the header every render):
// each new result costs its merge and then the work on the rows shown (follow, rows drawn,
// column widths), CPU the list itself waits for (100k events, alternated on one server,
// bench/sync-screen.ts: 5.2–6.0 → 4.4–5.6 s to a settled table). Rows that reshuffle four times
// a second while history pours in say nothing a reader can follow.
// A new spec (a key), another row source, a search still running, and rows where there were none
// (the first page after an empty screen) are computed at once; held rows are brought up to date
// when the hold ends, whether or not anything renders then (a list whose next page is slow).
import { useEffect, useReducer, useRef } from 'react';
import { sameSpec, type EventView, type ViewResult, type ViewSpec } from '../../store/view.js';

export const LISTING_VIEW_MS = 1000;

export function useViewResult(view: EventView, spec: ViewSpec, now: number, budgetMs: number, listing: boolean, holdMs = LISTING_VIEW_MS): ViewResult {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const held = useRef<{ view: EventView; result: ViewResult; at: number } | undefined>(undefined);
  const h = held.current;
  const at = performance.now();
  const holding = listing && h !== undefined && h.view === view && h.result.considered > 0 && h.result.pending === undefined && sameSpec(h.result.spec, spec) && at - h.at < holdMs;
  const ends = holding ? h.at + holdMs - at : undefined;
  useEffect(() => {
    if (ends === undefined) return undefined;
    const t = setTimeout(rerender, ends);
    return () => clearTimeout(t);
  });
  if (holding) return h.result;
  const result = view.compute(spec, now, { budgetMs });
  if (h === undefined || h.result !== result) held.current = { view, result, at };
  return result;
}
