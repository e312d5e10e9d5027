import type { Forecaster, SeriesData } from "../model/types.js";

/**
 * A network that also trains on `extra` series, on which nothing is scored: walkForward only sees the
 * others. Issue 27: corpus coins listed too late for the baselines' first fit (APT, ARB, PEPE, SUI ...)
 * still enter the global network's panel, each window once the coin has the history it needs.
 */
export function withTrainOnly(network: Forecaster, extra: readonly SeriesData[]): Forecaster {
  if (extra.length === 0) return network;
  return {
    name: network.name,
    fit: (series, trainEnd, horizons, onProgress) =>
      network.fit([...series, ...extra], trainEnd, horizons, onProgress),
    predict: (series, origins, horizons) => network.predict(series, origins, horizons),
    ...(network.dispose === undefined ? {} : { dispose: () => network.dispose?.() }),
  };
}
