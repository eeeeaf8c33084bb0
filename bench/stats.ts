// The figures every benchmark reports, computed one way: nearest-rank quantiles, and the heap
// that is live (after full collections; needs --expose-gc).

/** Nearest rank: the smallest sample with at least q of the samples at or below it. */
export function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5) ?? NaN;
}

/** Heap plus typed-array memory still reachable, after two full collections. */
export function liveHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
