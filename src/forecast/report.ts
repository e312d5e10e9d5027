import { isUserError } from "../errors.js";
import {
  type HorizonSkill,
  horizonSkills,
  pairVerdict,
  type RangeVerdict,
  unseenCoinVerdict,
} from "../evaluation/range-verdict.js";
import type { RecordedEvaluations } from "../evaluation/recorded.js";
import { servedFigures, servedRecipe, type UnseenCoinFigures } from "../evaluation/unseen-coins.js";
import type { Locale } from "../i18n/index.js";
import type { ModelVersionInfo } from "../lifecycle/model-registry.js";
import type { AciInterval } from "../model/calibration/adaptive-conformal.js";
import { MODEL_HORIZONS, MODEL_TIMEFRAMES, type ModelTimeframe } from "../model/horizons.js";
import { kindOf } from "../model/saved/forecasters.js";
import { readSavedMetas } from "../model/saved/model-io.js";
import { adaptiveIntervals } from "./adaptive-intervals.js";
import { type Forecast, resolveHorizon } from "./forecast.js";
import type { Ledger } from "./ledger.js";
import type { TrackRecord } from "./track-record.js";

/** One answer to "where may this coin be?": everything a reply shows, from one call into the core. */
export interface ForecastReport {
  forecast: Forecast;
  /**
   * How the serving model did out of sample: on this pair, or (for a coin outside its training, see
   * `unseen`) on coins left out of its training. Undefined when no evaluation is recorded for it.
   */
  verdict: RangeVerdict | undefined;
  /** Set when the serving model never trained on this coin. */
  unseen?: UnseenCoin | undefined;
  /** The forecasts served here of this pair and horizon, as scored so far (reading never scores). */
  record: TrackRecord;
  /** The forecast's picture in `locale` (default English), rendered on first call, once per forecast and language. */
  chart(locale?: Locale): Promise<Buffer>;
}

/** A coin outside the serving model's meta.json `symbols`. */
export interface UnseenCoin {
  /** A statistical model fits each coin's own history on first use: nothing is carried across coins. */
  fittedOnItsOwnHistory: boolean;
  /** The coins its unseen-coin verdict was measured on (held out or left out of training); null when none is recorded. */
  leftOut: readonly string[] | null;
}

/** One timeframe's serving model in brief: what /model shows. */
export type ModelReport =
  | {
      timeframe: ModelTimeframe;
      champion: ModelVersionInfo;
      /** Per horizon of the timeframe (user's names), from the recorded evaluation; empty when none is. */
      skill: (HorizonSkill & { name: string })[];
      /** The adaptive conformal levels per horizon, from the scored forecasts (see adaptive-intervals.ts). */
      adaptive: { horizon: string; intervals: AciInterval[] }[];
    }
  | { timeframe: ModelTimeframe; unavailable: string };

export interface ReportDeps {
  champion(timeframe: ModelTimeframe): Promise<ModelVersionInfo>;
  ledger: Pick<Ledger, "trackRecord" | "scored">;
  chart(forecast: Forecast, locale?: Locale): Promise<Buffer>;
  /** Absent: replies carry no out-of-sample verdict (tests, a checkout without models/evaluation/). */
  evaluations?: RecordedEvaluations | undefined;
}

/**
 * The verdict of the model that made a forecast for `symbol` at `steps`: the pair's own for a coin it
 * trained on; for any other, the coins its recipe held out of training. Verdicts are recorded per
 * architecture name, so a retrained champion quotes its shipped predecessor's.
 */
async function verdictFor(
  evaluations: RecordedEvaluations | undefined,
  model: ModelVersionInfo,
  timeframe: ModelTimeframe,
  symbol: string,
  steps: number,
): Promise<Pick<ForecastReport, "verdict" | "unseen">> {
  const { meta } = model;
  if (meta.symbols.includes(symbol)) {
    const evaluation = await evaluations?.evaluation(timeframe);
    return { verdict: evaluation ? pairVerdict(evaluation, meta.name, symbol, steps) : undefined };
  }
  const verdict = await unseenVerdictFor(evaluations, model, timeframe, steps);
  return {
    verdict,
    unseen: {
      fittedOnItsOwnHistory: kindOf(meta).fitsUnseenCoinsOnTheirOwnHistory,
      leftOut: verdict?.coins ?? null,
    },
  };
}

/**
 * The held-out coins of a global walk-forward first; the leave-one-coin-out report only when no global run
 * scored this model. A model quotes only rows of its own recipe (servedRecipe: a network's name, seeds,
 * HAR anchor and market inputs, from every meta.json of its folder), the latest run that scored it: the
 * runs name their networks "cnn-gru" or "cnn-gru-x<seeds>" whatever the recipe. A statistical model fits
 * each coin's own past, in either report as here. Unreadable meta.json: no verdict (the forecast stands).
 */
async function unseenVerdictFor(
  evaluations: RecordedEvaluations | undefined,
  { meta, dir }: ModelVersionInfo,
  timeframe: ModelTimeframe,
  steps: number,
) {
  if (evaluations === undefined) return undefined;
  const members = kindOf(meta).match({
    network: () => readSavedMetas(dir).catch(() => []),
    statistical: async () => [meta],
  });
  const served = servedRecipe(await members);
  if (served === null) return undefined;
  const verdict = (figures: readonly UnseenCoinFigures[] | null) => {
    const own = servedFigures(figures ?? [], served);
    const row = own.find((f) => f.horizon === steps)?.model;
    return row === undefined ? undefined : unseenCoinVerdict(own, row, steps);
  };
  return (
    verdict(await evaluations.heldOutCoins(timeframe)) ?? verdict(await evaluations.unseenCoins(timeframe))
  );
}

/** The report of a forecast the core has just made (or found cached) with `model`. */
export async function reportOf(
  deps: ReportDeps,
  forecast: Forecast,
  model: ModelVersionInfo,
  steps: number,
): Promise<ForecastReport> {
  const [found, record] = await Promise.all([
    verdictFor(deps.evaluations, model, forecast.timeframe, forecast.symbol, steps),
    deps.ledger.trackRecord({ symbol: forecast.symbol, horizon: forecast.horizon }),
  ]);
  const pictures = new Map<Locale, Promise<Buffer>>();
  return {
    forecast,
    ...found,
    record,
    chart: (locale = "en") => {
      let picture = pictures.get(locale);
      if (picture === undefined) {
        picture = deps.chart(forecast, locale);
        pictures.set(locale, picture);
      }
      return picture;
    },
  };
}

/** Every timeframe's serving model in brief; a timeframe with no usable model says why (a UserError's words). */
export function modelReports(deps: ReportDeps): Promise<ModelReport[]> {
  return Promise.all(
    MODEL_TIMEFRAMES.map(async (timeframe): Promise<ModelReport> => {
      let champion: ModelVersionInfo;
      try {
        champion = await deps.champion(timeframe);
      } catch (error) {
        // One timeframe without a usable model must not hide the other's.
        if (isUserError(error)) return { timeframe, unavailable: error.message };
        throw error;
      }
      const horizons = Object.entries(MODEL_HORIZONS[timeframe]);
      const evaluation = await deps.evaluations?.evaluation(timeframe);
      const skill = evaluation
        ? horizonSkills(
            evaluation,
            champion.meta.name,
            horizons.map(([, steps]) => steps),
          ).map((s, i) => ({ ...s, name: horizons[i]?.[0] ?? String(s.horizon) }))
        : [];
      // "1d" is served by the daily model: the 4h model's one-day horizon has no forecasts of its own.
      const served = horizons.filter(([horizon]) => resolveHorizon(horizon).timeframe === timeframe);
      const adaptive = await Promise.all(
        served.map(async ([horizon]) => ({
          horizon,
          intervals: await adaptiveIntervals(deps.ledger, horizon),
        })),
      );
      return { timeframe, champion, skill, adaptive };
    }),
  );
}
