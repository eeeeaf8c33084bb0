// Injected faults for testing clients: latency, 429s (as API Priority and Fairness sends them),
// 500s, and watches that drop or stall. Decisions come from a seeded generator so a run repeats.
import { mulberry32 } from './random.js';

export interface FaultOptions {
  /** Destroy a watch's connection after it has written this many events. */
  dropWatchAfterEvents?: number;
  /** Destroy a watch's connection this many seconds after it started. */
  dropWatchAfterSeconds?: number;
  /** Fraction of resource requests answered 429 with Retry-After. */
  failRatio429?: number;
  /** Fraction of resource requests answered 500 InternalError. */
  failRatio500?: number;
  /** Delay before answering any request. */
  delayMs?: number;
  /** Stop writing to a watch after this many events, keeping the connection open. */
  stallWatchAfterEvents?: number;
  /**
   * Every this many seconds, cut every watch and compact the history at the next write, as an
   * apiserver restarted onto a compacted etcd does: a client resuming from where it was gets 410.
   */
  compactEverySeconds?: number;
}

export type InjectedFailure = { code: 429; retryAfterSeconds: number } | { code: 500; message: string };

export class Faults {
  private readonly rand: () => number;

  constructor(
    readonly opts: FaultOptions,
    seed: number,
  ) {
    this.rand = mulberry32(seed ^ 0x2545f491);
  }

  delay(): Promise<void> | undefined {
    const ms = this.opts.delayMs ?? 0;
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : undefined;
  }

  /** Whether this resource request fails, decided by the seeded generator. */
  failure(): InjectedFailure | undefined {
    const p429 = this.opts.failRatio429 ?? 0;
    const p500 = this.opts.failRatio500 ?? 0;
    if (p429 <= 0 && p500 <= 0) return undefined;
    const x = this.rand();
    if (x < p429) return { code: 429, retryAfterSeconds: 1 };
    if (x < p429 + p500) return { code: 500, message: 'injected fault' };
    return undefined;
  }
}
