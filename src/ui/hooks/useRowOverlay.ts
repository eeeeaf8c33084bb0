// The table's lines can skip Ink: its Box is laid out by Ink (blank, the right height) and the
// pre-styled lines are laid over that Box in the frame Ink writes (src/frame's InkStdout), so
// Ink's per-character output assembly never sees them. Opt-in: without a RowOverlay in context
// (tests, ink-testing-library) the table draws its lines through Ink.
import { createContext, useContext } from 'react';
import type { DOMElement } from 'ink';

export interface PlacedLines {
  /** Frame row of lines[0]. */
  readonly top: number;
  readonly lines: readonly string[];
}

export class RowOverlay {
  private node: DOMElement | null = null;
  private lines: readonly string[] = [];

  /** `redraw` re-composes the frame Ink last wrote (refs attach after Ink has written it). */
  constructor(private readonly redraw: () => void = () => {}) {}

  /** The ref of the Box the lines go over. */
  readonly ref = (node: DOMElement | null): void => {
    const attached = node !== null && node !== this.node;
    this.node = node;
    if (attached) this.redraw();
  };

  /** Called while rendering the Box: these lines belong to the frame being committed. */
  setLines(lines: readonly string[]): void {
    this.lines = lines;
  }

  /** Where the lines go in the frame Ink has just laid out; undefined while the Box is not mounted. */
  placed(): PlacedLines | undefined {
    let top = 0;
    for (let n: DOMElement | undefined = this.node ?? undefined; n !== undefined; n = n.parentNode) {
      top += n.yogaNode?.getComputedTop() ?? 0;
    }
    return this.node === null ? undefined : { top: Math.round(top), lines: this.lines };
  }
}

export const RowOverlayContext = createContext<RowOverlay | undefined>(undefined);

export function useRowOverlay(): RowOverlay | undefined {
  return useContext(RowOverlayContext);
}
