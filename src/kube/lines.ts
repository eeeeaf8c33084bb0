// A watch stream's decoded text cut into lines, fed chunk by chunk. Pure, so that random chunk
// boundaries can be tested without a server.

/** Calls `onLine` for each non-blank line; throws `tooLong()` when a line outgrows `maxLine`. */
export class LineSplitter {
  // A long line is kept as its pieces and joined once: joining per chunk would copy it again
  // for every 64 KiB that arrives (quadratic in the line's length).
  private rest: string[] = [];
  private restLength = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine: number,
    private readonly tooLong: () => Error,
  ) {}

  push(chunk: string): void {
    let nl = chunk.indexOf('\n');
    if (nl === -1) {
      this.rest.push(chunk);
      this.restLength += chunk.length;
    } else {
      // Lines that end in this chunk are held to the cap too (exactly, not only the pending one).
      if (this.restLength + nl > this.maxLine) throw this.tooLong();
      this.rest.push(chunk.slice(0, nl));
      const first = this.rest.join('');
      this.rest = [];
      this.restLength = 0;
      this.deliver(first);
      let start = nl + 1;
      for (nl = chunk.indexOf('\n', start); nl !== -1; nl = chunk.indexOf('\n', start)) {
        if (nl - start > this.maxLine) throw this.tooLong();
        this.deliver(chunk.slice(start, nl));
        start = nl + 1;
      }
      if (start < chunk.length) {
        this.rest.push(chunk.slice(start));
        this.restLength = chunk.length - start;
      }
    }
    if (this.restLength > this.maxLine) throw this.tooLong();
  }

  /** A clean end: a last line without its newline is still a line. */
  end(): void {
    const last = this.rest.join('');
    this.rest = [];
    this.restLength = 0;
    this.deliver(last);
  }

  private deliver(line: string): void {
    if (line.trim() !== '') this.onLine(line);
  }
}
