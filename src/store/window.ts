// Which slice of a list is on screen: only these rows are rendered, so drawing cost does not
// grow with the number of groups.

export interface VisibleWindow {
  /** First visible index. */
  top: number;
  /** One past the last visible index (top === end for an empty list). */
  end: number;
}

/**
 * Keeps the cursor visible with minimal scrolling: the previous top is kept when the cursor is
 * still inside the window; otherwise the window moves just enough. The window never leaves blank
 * rows at the bottom while earlier rows exist (after a resize or a shrinking list).
 */
export function visibleWindow(total: number, cursor: number, height: number, previousTop: number): VisibleWindow {
  const n = Math.max(0, Math.floor(total));
  const h = Math.max(0, Math.floor(height));
  if (n === 0 || h === 0) return { top: 0, end: 0 };
  const c = Math.min(n - 1, Math.max(0, Math.floor(cursor) || 0));
  let top = Math.min(Math.max(0, Math.floor(previousTop) || 0), Math.max(0, n - h));
  if (c < top) top = c;
  else if (c >= top + h) top = c - h + 1;
  return { top, end: Math.min(n, top + h) };
}
