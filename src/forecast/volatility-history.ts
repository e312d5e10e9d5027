import { stepsPerDay } from "../features/realized-volatility.js";
import type { ModelVersionInfo } from "../lifecycle/model-registry.js";
import { TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { historyNeeded } from "../model/model-kind.js";
import { expectedVolatility } from "../model/quantile-math.js";
import { INFERENCE_CANDLES } from "./forecast-job-input.js";
import type { ModelRunner } from "./runner.js";
import type { SeriesCache } from "./series-cache.js";

/** The model's forecast volatility at one origin (the open time of its last candle). */
export interface VolatilityPoint {
  asOf: number;
  volatility: number;
}

const DAY_MS = 86_400_000;

/**
 * The serving model's forecast volatility (sd of the log return to `steps`) at the last candle of each
 * UTC day from `since` on, and at the newest candle: from the raw model quantiles, without the adaptive
 * interval levels, so that every value, past and present, is made the same way. One model run per value
 * (about 17 ms each on wasm), one at a time, so forecasts asked meanwhile queue beside them.
 */
export async function volatilityHistory(
  deps: { series: SeriesCache; runner: Pick<ModelRunner, "forecast"> },
  model: ModelVersionInfo,
  request: { symbol: string; timeframe: ModelTimeframe; steps: number; since: number },
): Promise<{ days: VolatilityPoint[]; latest: VolatilityPoint }> {
  const { symbol, timeframe, steps, since } = request;
  const { candles } = await deps.series.get(symbol, timeframe);
  const period = TIMEFRAME_MS[timeframe];
  const warmUp = historyNeeded(model.meta, stepsPerDay(candles)) + 1;
  const at = async (end: number): Promise<VolatilityPoint> => {
    const { quantiles } = await deps.runner.forecast({
      modelDir: model.dir,
      symbol,
      steps,
      candles: candles.slice(Math.max(0, end + 1 - INFERENCE_CANDLES), end + 1),
    });
    return { asOf: candles[end]?.time ?? 0, volatility: expectedVolatility(quantiles) };
  };
  const days: VolatilityPoint[] = [];
  // Origins before the indicators' warm-up would read half-made features: none is offered.
  for (let i = warmUp; i < candles.length - 1; i++) {
    const time = candles[i]?.time ?? 0;
    // The day's last candle: its close is the UTC day's close.
    if (time >= since && (time + period) % DAY_MS === 0) days.push(await at(i));
  }
  return { days, latest: await at(candles.length - 1) };
}
