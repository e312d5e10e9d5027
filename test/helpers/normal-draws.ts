import { createRng } from "../../src/model/networks/seed.js";

/** The standard normal's 2.5%, 10%, 50%, 90% and 97.5% quantiles (the five a network predicts). */
export const NORMAL_QUANTILES = [-1.96, -1.2816, 0, 1.2816, 1.96];

/** A standard normal draw by Box-Muller, from the seeded generator the networks use. */
export function gaussian(seed: number): () => number {
  const rng = createRng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}
