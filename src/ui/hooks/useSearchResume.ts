// A search the view could not finish within one render's budget goes on between renders: slices
// of it run on a timer, outside React, with an idle gap after each for keys and snapshots; the
// screen is rendered again when the search is done, and meanwhile every PROGRESS_MS (progress
// and the rows found so far). A key that arrives waits for at most one slice, not for a render.
import { useEffect, useReducer } from 'react';
import type { EventView, ViewResult, ViewSpec } from '../../store/view.js';

/** Search time per slice: the render that answers a keystroke also has to draw (~15–40 ms at
 *  100k groups). */
export const SEARCH_BUDGET_MS = 12;
/** The idle gap after each slice. */
const GAP_MS = 4;
/** While a search runs, the screen is drawn again this often. */
const PROGRESS_MS = 100;

export function useSearchResume(view: EventView, spec: ViewSpec, clock: () => number, result: ViewResult, budgetMs = SEARCH_BUDGET_MS): void {
  const [, again] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (result.pending === undefined) return undefined;
    const shownAt = performance.now();
    let timer: ReturnType<typeof setTimeout>;
    const step = (): void => {
      // The same spec: the view resumes its scan (a newer spec re-renders and cancels this).
      const r = view.compute(spec, clock(), { budgetMs });
      if (r.pending === undefined || performance.now() - shownAt >= PROGRESS_MS) again();
      else timer = setTimeout(step, GAP_MS);
    };
    timer = setTimeout(step, GAP_MS);
    return () => clearTimeout(timer);
  });
}
