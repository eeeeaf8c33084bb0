// The frame writer: turns whole frames (one styled string per terminal row) into the few bytes
// that change the screen, cursor-addressed, inside synchronized output; Ink renders into it.
export { FrameWriter, BEGIN_SYNC, END_SYNC, type FrameSink } from './writer.js';
export { FrameDiffer, type FrameSize } from './diff.js';
export { InkStdout, type InkStdoutOptions, type FrameOverlay } from './ink-stdout.js';
