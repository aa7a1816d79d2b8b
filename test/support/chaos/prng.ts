/** A small seeded PRNG (mulberry32): the same seed draws the same crash points and fault seeds on every machine. */

export interface Prng {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform integer in [min, max]. */
  int(min: number, max: number): number;
}

export function prng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}
