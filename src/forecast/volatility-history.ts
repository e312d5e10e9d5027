import { stepsPerDay } from "../features/realized-volatility.js";
import type { ModelVersionInfo } from "../lifecycle/model-registry.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { anchorHistoryNeeded } from "../model/networks/har-anchor.js";
import { expectedVolatility } from "../model/quantile-math.js";
import { kindOf } from "../model/saved/forecasters.js";
import { INFERENCE_CANDLES } from "./forecast-job-input.js";
import { marketInputsFor } from "./market-inputs.js";
import type { ModelRunner } from "./runner.js";
import type { SeriesCache } from "./series-cache.js";

/** The model's forecast volatility at one origin (the open time of its last candle). */
export interface VolatilityPoint {
  asOf: number;
  volatility: number;
}

const DAY_MS = 86_400_000;

/**
 * Candles a pair needs up to an origin for the model's HAR anchor: a network anchored on HAR fits a coin it
 * never trained on an anchor from the coin's candles up to that origin (see anchorScales), which must come
 * late enough for the fit; 0 for a coin with a saved anchor and for every other model.
 */
export function anchorCandlesNeeded(meta: ModelVersionInfo["meta"], symbol: string, perDay: number): number {
  return kindOf(meta).match({
    network: (network) =>
      network.targetScaling === "har" && network.anchor !== undefined
        ? anchorHistoryNeeded(network.anchor.fits, symbol, perDay, network.horizons)
        : 0,
    statistical: () => 0,
  });
}

/**
 * The serving model's forecast volatility (sd of the log return to `steps`) at the last candle of each
 * UTC day from `since` on, and at the newest candle: from the raw model quantiles, without the adaptive
 * interval levels, so that every value, past and present, is made the same way. All values come from one
 * batched model job (a year's ~365 origins), not one job per value.
 */
export async function volatilityHistory(
  deps: { series: SeriesCache; runner: Pick<ModelRunner, "forecast">; symbols?: readonly string[] },
  model: ModelVersionInfo,
  request: { symbol: string; timeframe: ModelTimeframe; steps: number; since: number },
): Promise<{ days: VolatilityPoint[]; latest: VolatilityPoint }> {
  const { symbol, timeframe, steps, since } = request;
  const { candles } = await deps.series.get(symbol, timeframe);
  const period = TIMEFRAME_MS[timeframe];
  const perDay = stepsPerDay(candles);
  const kind = kindOf(model.meta);
  const warmUp = Math.max(
    kind.historyNeeded(perDay) + 1,
    anchorCandlesNeeded(model.meta, symbol, perDay) - 1,
  );
  const ends: number[] = [];
  // Origins before the indicators' warm-up would read half-made features, those before the anchor's fit
  // could not be served: none is offered, and a young coin has fewer days of history.
  for (let i = warmUp; i < candles.length - 1; i++) {
    const time = candles[i]?.time ?? 0;
    // The day's last candle: its close is the UTC day's close.
    if (time >= since && (time + period) % DAY_MS === 0) ends.push(i);
  }
  ends.push(candles.length - 1);
  // One batched job for all origins. The first sees INFERENCE_CANDLES before it, as a single forecast does;
  // later ones see more, which changes nothing (see INFERENCE_CANDLES: weights that far back are ~e^-70).
  const start = Math.max(0, (ends[0] as number) + 1 - INFERENCE_CANDLES);
  const market = await marketInputsFor(
    { series: deps.series, symbols: deps.symbols ?? [symbol] },
    model.meta,
    timeframe,
    candles[start]?.time ?? 0,
  );
  const { batch } = await deps.runner.forecast({
    modelDir: model.dir,
    symbol,
    steps,
    candles: candles.slice(start),
    origins: ends.map((end) => end - start),
    ...(market === undefined ? {} : { market }),
  });
  if (batch?.length !== ends.length)
    throw new Error(`the forecast job answered ${batch?.length ?? 0} of ${ends.length} origins`);
  const points = ends.map((end, i) => ({
    asOf: candles[end]?.time ?? 0,
    volatility: expectedVolatility(batch[i] as number[]),
  }));
  return { days: points.slice(0, -1), latest: points.at(-1) as VolatilityPoint };
}
