/**
 * A small seeded PRNG (mulberry32). Written by hand because tfjs keeps its seeded generator (seedrandom)
 * internal and Math.random cannot be seeded; 32 bits of state is plenty for shuffles and dropout seeds.
 */
export type Rng = () => number;

/** Returns a generator of floats in [0, 1), fully determined by `seed`. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A positive integer seed for a tfjs op or layer. tfjs treats a seed of 0 as "unseeded" (it falls back to
 * Math.random), so the result is never 0.
 */
export function nextSeed(rng: Rng): number {
  return 1 + Math.floor(rng() * 2_147_483_646);
}

/** Fisher-Yates shuffle of 0..n-1 driven by `rng`. */
export function seededPermutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}
