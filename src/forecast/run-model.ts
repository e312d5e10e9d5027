import type { ModelVersionInfo } from "../lifecycle/model-registry.js";
import type { Logger } from "../logger.js";
import type { LoadedCandles } from "../market/history.js";
import type { MarketInputs } from "../market/types.js";
import { applyAci } from "../model/calibration/adaptive-conformal.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { adaptiveIntervals } from "./adaptive-intervals.js";
import { type Forecast, toForecast } from "./forecast.js";
import type { Ledger } from "./ledger.js";
import type { ModelRunner } from "./runner.js";

/** Runs the model for one forecast and shapes its quantiles, with the adaptive interval levels learned so far. */
export async function runForecastModel(
  deps: { runner: Pick<ModelRunner, "forecast">; ledger: Ledger; logger: Logger; now: () => number },
  job: {
    symbol: string;
    horizon: string;
    timeframe: ModelTimeframe;
    steps: number;
    model: ModelVersionInfo;
    loaded: LoadedCandles;
    /** The candles the model reads (the last INFERENCE_CANDLES) and the market-wide inputs at their times. */
    candles: LoadedCandles["candles"];
    market: MarketInputs | undefined;
    lastPrice: number;
  },
): Promise<Forecast> {
  const { runner, ledger, logger, now } = deps;
  const { symbol, horizon, timeframe, steps, model, loaded, candles, market } = job;
  const { quantiles } = await runner.forecast({
    modelDir: model.dir,
    symbol,
    steps,
    candles,
    ...(market === undefined ? {} : { market }),
  });
  const intervals = await adaptiveIntervals(ledger, horizon);
  const learned = intervals.some((i) => i.updates > 0);
  if (learned) {
    logger.info(
      {
        horizon,
        intervals: intervals.map(({ coverage, alpha, updates }) => ({ coverage, alpha, updates })),
      },
      "adaptive conformal: interval levels from the scored forecasts",
    );
  }
  return toForecast(learned ? applyAci(quantiles, intervals) : quantiles, {
    symbol,
    horizon,
    timeframe,
    steps,
    lastPrice: job.lastPrice,
    data: loaded.provenance,
    modelVersion: model.version,
    madeAt: now(),
  });
}
