// The stdout Ink renders into: Ink runs in debug mode (each frame written whole, no erase
// sequences, no cursor bookkeeping) into this stream, which hands every frame to a FrameWriter
// that writes only what changed to the real terminal. Size and resizes are the real terminal's.
// An overlay (the table screen's pre-styled lines) replaces Ink's frame while it has lines: Ink
// then renders nothing and never assembles those lines itself.
import { EventEmitter } from 'node:events';
import { FrameWriter, type FrameSink } from './writer.js';

export interface Terminal extends FrameSink {
  columns?: number;
  rows?: number;
  on(event: 'resize', fn: () => void): unknown;
  off(event: 'resize', fn: () => void): unknown;
}

export interface InkStdoutOptions {
  /** false stops drawing (e.g. once the alternate screen was left): a late frame would land in
   *  the user's shell. Default: always draw. */
  drawing?: () => boolean;
  /** After each frame: the diff and write's cost (ms) and the bytes written (--stats). */
  onFrame?: (ms: number, bytes: number) => void;
}

/** The whole frame's lines, in place of Ink's; undefined while Ink draws the frame. */
export interface FrameOverlay {
  screen(): readonly string[] | undefined;
}

export class InkStdout extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly writer: FrameWriter;
  private overlay: FrameOverlay | undefined;
  /** The last frame handed to the writer (for tests and benches). */
  lines: readonly string[] = [];
  private readonly onResize = () => {
    this.columns = this.terminal.columns || 80;
    this.rows = this.terminal.rows || 24;
    this.writer.invalidate();
    this.emit('resize');
  };

  constructor(
    private readonly terminal: Terminal,
    private readonly options: InkStdoutOptions = {},
  ) {
    super();
    this.writer = new FrameWriter(terminal);
    this.columns = terminal.columns || 80;
    this.rows = terminal.rows || 24;
    terminal.on('resize', this.onResize);
  }

  /** Ink (debug mode) writes each frame whole: lines joined by '\n'. */
  write(frame: string, cb?: () => void): boolean {
    // An empty write with a callback is a flush barrier, not a blank frame.
    if (this.options.drawing?.() !== false && (frame !== '' || cb === undefined)) {
      this.draw(this.overlay?.screen() ?? frame.split('\n'));
    }
    cb?.();
    return true;
  }

  setOverlay(overlay: FrameOverlay | undefined): void {
    this.overlay = overlay;
  }

  private draw(lines: readonly string[]): void {
    this.lines = lines;
    const start = performance.now();
    const bytes = this.writer.frame(lines, { columns: this.columns, rows: this.rows });
    this.options.onFrame?.(performance.now() - start, bytes);
  }

  /** Stops following the terminal's size. */
  close(): void {
    this.terminal.off('resize', this.onResize);
  }
}
