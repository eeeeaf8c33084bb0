// A keyboard for Ink without a terminal: what ink-testing-library does not give (tests and the
// render bench that drive Ink's own stdin path).
import { EventEmitter } from 'node:events';

export class FakeStdin extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  private queue: string[] = [];
  /** Ink reads keys on 'readable'. */
  type(s: string): void {
    this.queue.push(s);
    this.emit('readable');
  }
  read(): string | null {
    return this.queue.shift() ?? null;
  }
}
