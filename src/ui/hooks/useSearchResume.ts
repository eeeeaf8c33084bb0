// A search the view could not finish within one frame's budget goes on in the next render: while
// the result is pending, another render is scheduled shortly, on a timer, so that keys and store
// snapshots are read in between and a newer keystroke supersedes the search.
import { useEffect, useReducer } from 'react';

/** Search time per render: a frame that answers a keystroke also has to be drawn (~15–40 ms at
 *  100k groups), and a key that arrives meanwhile waits for both. */
export const SEARCH_BUDGET_MS = 12;

/** `delayMs`: the idle gap left between two slices of a search, for keys and snapshots. */
export function useSearchResume(pending: boolean, delayMs = 8): void {
  const [, again] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!pending) return undefined;
    const t = setTimeout(again, delayMs);
    return () => clearTimeout(t);
  });
}
