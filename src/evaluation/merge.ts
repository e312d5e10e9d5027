import type { WalkForwardResult } from "./walk-forward-result.js";

/**
 * Adds the models of `addition` to `base`, for evaluations run in parts (one process per core): both must
 * share the walk-forward settings and folds, or the figures would not be comparable. Models in both are
 * taken from `addition`.
 */
export function mergeResults(base: WalkForwardResult, addition: WalkForwardResult): WalkForwardResult {
  const { quantiles: _q1, ...a } = base.config;
  const { quantiles: _q2, ...b } = addition.config;
  if (
    JSON.stringify(a) !== JSON.stringify(b) ||
    JSON.stringify(base.folds) !== JSON.stringify(addition.folds)
  ) {
    throw new Error("cannot merge evaluations with different settings or folds: rerun with the same options");
  }
  const added = new Set(addition.models);
  const models = [...base.models.filter((m) => !added.has(m)), ...addition.models];
  const symbols = [...new Set([...base.symbols, ...addition.symbols])];
  const entries = [...base.entries.filter((e) => !added.has(e.model)), ...addition.entries];
  const order = (e: (typeof entries)[number]) =>
    [symbols.indexOf(e.symbol), base.config.horizons.indexOf(e.horizon), models.indexOf(e.model)] as const;
  entries.sort((x, y) => {
    const [s1, h1, m1] = order(x);
    const [s2, h2, m2] = order(y);
    return s1 - s2 || h1 - h2 || m1 - m2;
  });
  return {
    ...base,
    models,
    symbols,
    entries,
    timings: [...base.timings.filter((t) => !added.has(t.model)), ...addition.timings],
  };
}
