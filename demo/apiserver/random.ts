// A small seeded PRNG for the server's own choices (UIDs, fault injection, watch timeouts),
// kept apart from the scenario's Rng so that adding a fault never changes the events generated.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random v4-shaped UIDs from a seeded generator: same seed, same UIDs. */
export function uidGenerator(seed: number): () => string {
  const next = mulberry32(seed ^ 0x5bd1e995);
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16);
    return s;
  };
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`;
}
