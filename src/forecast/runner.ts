import type { Forecast } from "../contracts/forecast.js";
import type { Locale } from "../i18n/index.js";
import type { ChallengeInput, ChallengeOutput, ChallengeProgress } from "../lifecycle/challenge.js";
import type { Candle } from "../market/types.js";
import type { ForecastJobInput, ForecastJobOutput } from "./forecast-job-input.js";

/**
 * The model work the forecast service needs, wherever it runs. In Coincast it runs in worker threads so the
 * chat event loop never blocks: forecasts on their own pool, training on another, so a retrain that takes
 * minutes never queues ahead of a forecast. Tests substitute a fake.
 */
export interface ModelRunner {
  forecast(input: ForecastJobInput): Promise<ForecastJobOutput>;
  /** The forecast picture as PNG bytes. */
  chart(input: { forecast: Forecast; history: Candle[]; locale?: Locale }): Promise<{ png: Uint8Array }>;
  challenge(
    input: ChallengeInput,
    onProgress?: (progress: ChallengeProgress) => void,
  ): Promise<ChallengeOutput>;
}
