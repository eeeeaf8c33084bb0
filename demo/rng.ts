// The scenario's seeded randomness. sfc32 (Chris Doty-Humphrey's small fast counter) is
// fast, has a long period and good statistics, and is trivially reproducible from one seed,
// so `--seed N` always replays the same cluster and the same events.
import type { Rng } from './types.js';

export function createRng(seed: number): Rng {
  // Seed the four words with splitmix32 so nearby seeds (1, 2, 3) diverge immediately.
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // Discard a few outputs: the first ones still carry the seed's structure.
  for (let i = 0; i < 12; i++) next();
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => {
      if (xs.length === 0) throw new Error('rng.pick: empty list');
      return xs[int(xs.length)]!;
    },
    hex: (n: number): string => {
      let out = '';
      for (let i = 0; i < n; i++) out += HEX[int(16)];
      return out;
    },
  };
}

const HEX = '0123456789abcdef';
