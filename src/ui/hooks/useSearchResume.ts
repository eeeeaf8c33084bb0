// A search the view could not finish within one frame's budget goes on in the next render: while
// the result is pending, another render is scheduled shortly, on a timer, so that keys and store
// snapshots are read in between and a newer keystroke supersedes the search.
import { useEffect, useReducer } from 'react';

/** Search time per render: a frame that answers a keystroke also has to be drawn (~10–20 ms). */
export const SEARCH_BUDGET_MS = 20;

export function useSearchResume(pending: boolean, delayMs = 1): void {
  const [, again] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!pending) return undefined;
    const t = setTimeout(again, delayMs);
    return () => clearTimeout(t);
  });
}
