// The table screen can skip Ink: App hands its pre-styled lines (header, table, preview, status
// bar: every line of the frame) to a RowOverlay while it renders, tells Ink to draw nothing, and
// the frame layer (src/frame's InkStdout) writes those lines as the frame Ink commits. Ink's
// layout and per-character output assembly never see them. Opt-in: without a RowOverlay in
// context (tests, ink-testing-library) the same lines go through Ink.
import { createContext, useContext } from 'react';

export class RowOverlay {
  private lines: readonly string[] | undefined;

  /** Called while rendering: these lines are the frame being committed (undefined: Ink's own). */
  setScreen(lines: readonly string[] | undefined): void {
    this.lines = lines;
  }

  /** The frame's lines from its top row; undefined when Ink draws the frame. */
  screen(): readonly string[] | undefined {
    return this.lines;
  }
}

export const RowOverlayContext = createContext<RowOverlay | undefined>(undefined);

export function useRowOverlay(): RowOverlay | undefined {
  return useContext(RowOverlayContext);
}
