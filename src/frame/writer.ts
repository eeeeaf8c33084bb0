// Writes whole frames to the terminal as the few bytes that changed, each frame one
// synchronized-output update (mode 2026: the terminal shows it at once, never half drawn).
import { FrameDiffer, type FrameSize } from './diff.js';

export const BEGIN_SYNC = '\x1b[?2026h';
export const END_SYNC = '\x1b[?2026l';

export interface FrameSink {
  write(s: string): unknown;
}

export class FrameWriter {
  private readonly differ = new FrameDiffer();
  /** Bytes written so far (frames only), for benches and tests. */
  bytes = 0;

  constructor(private readonly out: FrameSink) {}

  /** Draws `lines` (one styled string per row); writes nothing when nothing visible changed.
   *  Returns the number of bytes written. */
  frame(lines: readonly string[], size: FrameSize): number {
    const body = this.differ.next(lines, size);
    if (body === '') return 0;
    const s = BEGIN_SYNC + body + END_SYNC;
    this.out.write(s);
    const n = Buffer.byteLength(s);
    this.bytes += n;
    return n;
  }

  /** The next frame repaints the whole screen: after a resize or anything else that touched it. */
  invalidate(): void {
    this.differ.invalidate();
  }
}
