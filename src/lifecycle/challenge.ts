/**
 * The champion/challenger comparison that decides whether a retrained model replaces the serving one.
 * The rule, as the README quotes it:
 *
 * 1. Held-out window. An origin (the open time of the candle a forecast is made from) is held out when it
 *    lies both in the last `holdoutDays` days of the data and after the last candle the champion was
 *    trained on (its meta.trainedUntil), so the champion has never seen it, and when the close
 *    `maxHorizon` candles later is known. The data ends at the earliest last candle over the symbols.
 * 2. The challenger is trained only on candles that open before the window, with the champion's
 *    architecture, window, hyperparameters, pooling and seed, so both models are out of sample on it.
 * 3. Both forecast every held-out origin of every symbol at every horizon of the timeframe. The score is
 *    the mean pinball loss of the log-return quantiles (every quantile level weighed alike); the MAE of
 *    the median price and persistence's MAE on the same points are reported beside it, for information.
 * 4. The challenger is promoted when its loss is not worse (<=) than the champion's, since on a tie it has
 *    seen more recent data; otherwise the champion is kept. With fewer than MIN_HOLDOUT_ORIGINS held-out
 *    origins over all symbols, nothing is trained and the champion is kept.
 *
 * The caller selects the tfjs backend first, and promotes or discards challengerDir afterwards.
 */

import { buildMarketInputs, readsMarket, withMarket } from "../features/market-inputs.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { horizonSteps } from "../model/horizons.js";
import { kindOf, loadSavedForecaster, type SavedForecaster } from "../model/saved/forecasters.js";
import type { ModelMeta } from "../model/saved/model-io.js";
import { readRecipe } from "../model/saved/train-recipe.js";
import {
  type ChallengeInput,
  type ChallengeOutput,
  type ChallengeProgress,
  decide,
  explainChallenge,
  type ForecastPoint,
  forecastPoints,
  holdoutWindow,
  MIN_HOLDOUT_ORIGINS,
  scorePoints,
  shortfallWhy,
  TRAINING_SHARE,
} from "./challenge-rule.js";

export * from "./challenge-rule.js";

/** Runs the comparison end to end (see the rule at the top of this file). */
export async function runChallenge(
  input: ChallengeInput,
  options: { progress?: (progress: ChallengeProgress) => void; signal?: AbortSignal } = {},
): Promise<ChallengeOutput> {
  const { timeframe, holdoutDays } = input;
  let series = input.series;
  const report = options.progress ?? (() => undefined);
  const stepMs = TIMEFRAME_MS[timeframe];
  const horizons = horizonSteps(timeframe);
  const maxHorizon = Math.max(...horizons);
  const champion = await loadSavedForecaster(input.championDir);
  let challenger: SavedForecaster | null = null;
  try {
    const [first] = champion.metas;
    if (first === undefined || first.timeframe !== timeframe) {
      throw new Error(`${input.championDir} does not hold a ${timeframe} model`);
    }
    // A global network that reads the market-wide inputs gets them from the same series (features/market-inputs.ts).
    if (kindOf(first).match({ network: (m) => readsMarket(m.features), statistical: () => false }))
      series = withMarket(series, buildMarketInputs(series));
    // Per-symbol networks may end on different candles: the window starts after the latest of them.
    const trainedUntil = Math.max(...champion.metas.map((n) => n.trainedUntil));
    const window = holdoutWindow({ series, trainedUntil, holdoutDays, stepMs, maxHorizon });
    const summary = { start: window.start, end: window.end, origins: window.count };
    if (window.count < MIN_HOLDOUT_ORIGINS) {
      const why = shortfallWhy(window, {
        trainedUntil,
        holdoutDays,
        stepMs,
        maxHorizon,
        symbols: series.length,
      });
      return {
        decision: "keep",
        reason: explainChallenge(why),
        why,
        window: summary,
        champion: null,
        challenger: null,
        challengerMeta: null,
      };
    }

    options.signal?.throwIfAborted();
    // The same kind and design as the champion: a network retrains, a statistical model refits (seconds).
    const recipe = kindOf(first);
    // A network is retrained by its recipe as its meta.json says it (train-recipe.ts, as `coincast train`
    // reads it): a seed ensemble as one of as many members; one whose recipe it does not say, not at all.
    const seeds = recipe.match({
      network: () => {
        const reading = readRecipe(champion.metas as ModelMeta[]);
        if (!reading.ok)
          throw new Error(`${input.championDir} cannot be retrained as it was made: ${reading.why}`);
        return reading.recipe.seeds;
      },
      statistical: () => 1,
    });
    challenger = await recipe.createLike({
      ...(input.epochs === undefined ? {} : { epochs: input.epochs }),
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      ...(seeds > 1 ? { seeds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const networks = recipe.fitsPerRefit(series.length) * seeds;
    const seen: string[] = [];
    report({ phase: "training", fraction: 0 });
    await challenger.fit(series, window.start - stepMs, horizons, (train) => {
      if (!seen.includes(train.model)) seen.push(train.model);
      const done = seen.length - 1 + train.epoch / Math.max(1, train.epochs);
      report({ phase: "training", fraction: (TRAINING_SHARE * done) / networks, train });
    });
    await challenger.toSaved(input.challengerDir);

    const championPoints: ForecastPoint[] = [];
    const challengerPoints: ForecastPoint[] = [];
    for (const [s, data] of series.entries()) {
      options.signal?.throwIfAborted();
      report({ phase: "scoring", fraction: TRAINING_SHARE + ((1 - TRAINING_SHARE) * s) / series.length });
      const origins = window.origins[s] ?? [];
      if (origins.length === 0) continue;
      championPoints.push(
        ...forecastPoints(data, origins, horizons, await champion.predict(data, origins, horizons)),
      );
      challengerPoints.push(
        ...forecastPoints(data, origins, horizons, await challenger.predict(data, origins, horizons)),
      );
    }
    report({ phase: "scoring", fraction: 1 });
    const scores = { champion: scorePoints(championPoints), challenger: scorePoints(challengerPoints) };
    return {
      ...decide(scores.champion, scores.challenger, summary),
      window: summary,
      ...scores,
      challengerMeta: challenger.metas[0] ?? null,
    };
  } finally {
    champion.dispose();
    challenger?.dispose();
  }
}
