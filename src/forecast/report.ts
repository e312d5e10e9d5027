import { isUserError, type UserError } from "../errors.js";
import { servedCoinRow } from "../evaluation/coin-rows.js";
import {
  coinVerdict,
  type HorizonSkill,
  horizonSkills,
  pairVerdict,
  type RangeVerdict,
  unseenCoinVerdict,
} from "../evaluation/range-verdict.js";
import type { RecordedEvaluations } from "../evaluation/recorded.js";
import {
  type ServedRecipe,
  servedFigures,
  servedRecipe,
  type UnseenCoinFigures,
} from "../evaluation/unseen-coins.js";
import type { Locale } from "../i18n/index.js";
import type { ModelVersionInfo } from "../lifecycle/model-registry.js";
import type { AciInterval } from "../model/calibration/adaptive-conformal.js";
import { MODEL_HORIZONS, MODEL_TIMEFRAMES, type ModelTimeframe } from "../model/horizons.js";
import { kindOf } from "../model/saved/forecasters.js";
import { readSavedMetas, type SavedMeta } from "../model/saved/model-io.js";
import { adaptiveIntervals } from "./adaptive-intervals.js";
import { type Forecast, resolveHorizon } from "./forecast.js";
import type { Ledger } from "./ledger.js";
import { type ModelAbout, modelAbout } from "./model-about.js";
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
  /**
   * Set when `verdict` is this pair's own row of the served recipe's global walk-forward (the coin held out
   * of training there, or trained on), not a row of the timeframe's evaluation or the held-out coins pooled.
   */
  scoredIn?: ScoredIn | undefined;
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

/** Where a pair's own out-of-sample record was measured: a global walk-forward of the served recipe. */
export interface ScoredIn {
  symbol: string;
  /** UTC years of the walk-forward's first and last origin. */
  from: number;
  to: number;
  /** The walk-forward held the coin out of every fold's training; false: it trained on the coin. */
  heldOut: boolean;
}

/** One timeframe's serving model in brief: what /model shows. */
export type ModelReport =
  | {
      timeframe: ModelTimeframe;
      champion: ModelVersionInfo;
      /** Per horizon of the timeframe (user's names), from the recorded evaluation; empty when none is. */
      skill: (HorizonSkill & { name: string })[];
      /** HAR-RV's in the same evaluation, the baseline a network must beat; empty when HAR serves or none is. */
      baseline: (HorizonSkill & { name: string })[];
      /** The evaluation's first and last origin (ms); absent when none is recorded or it does not say. */
      period?: { start: number; end: number } | undefined;
      /** The pairs whose pooled figures `skill` gives, sorted (the evaluation's, not every pair served). */
      coins: readonly string[];
      /** What the model is (kind, coins, a HAR-anchored network's ensemble and blend). */
      about: ModelAbout;
      /** The adaptive conformal levels per horizon, from the scored forecasts (see adaptive-intervals.ts). */
      adaptive: { horizon: string; intervals: AciInterval[] }[];
    }
  /** No usable model: the refusal, which each language words from its code (i18n/user-error.ts). */
  | { timeframe: ModelTimeframe; unavailable: UserError };

export interface ReportDeps {
  champion(timeframe: ModelTimeframe): Promise<ModelVersionInfo>;
  ledger: Pick<Ledger, "trackRecord" | "scored">;
  chart(forecast: Forecast, locale?: Locale): Promise<Buffer>;
  /** Absent: replies carry no out-of-sample verdict (tests, a checkout without models/evaluation/). */
  evaluations?: RecordedEvaluations | undefined;
}

/**
 * The verdict of the model that made a forecast for `symbol` at `steps`: the pair's own for a coin it
 * trained on, from the timeframe's evaluation or else from its recipe's global walk-forward (coinVerdictFor);
 * for any other, that walk-forward's row when the coin was held out there, else the coins its recipe held
 * out of training, pooled. Verdicts are recorded per architecture name, so a retrained champion quotes its
 * shipped predecessor's.
 */
async function verdictFor(
  evaluations: RecordedEvaluations | undefined,
  model: ModelVersionInfo,
  timeframe: ModelTimeframe,
  symbol: string,
  steps: number,
): Promise<Pick<ForecastReport, "verdict" | "unseen" | "scoredIn">> {
  const { meta } = model;
  const fittedOnItsOwnHistory = kindOf(meta).fitsUnseenCoinsOnTheirOwnHistory;
  if (evaluations === undefined)
    return meta.symbols.includes(symbol)
      ? { verdict: undefined }
      : { verdict: undefined, unseen: { fittedOnItsOwnHistory, leftOut: null } };
  const served = () => servedRecipeOf(model);
  if (meta.symbols.includes(symbol)) {
    const evaluation = await evaluations.evaluation(timeframe);
    const verdict = evaluation ? pairVerdict(evaluation, meta.name, symbol, steps) : undefined;
    if (verdict !== undefined) return { verdict };
    return (await coinVerdictFor(evaluations, await served(), timeframe, symbol, steps)) ?? { verdict };
  }
  const own = await coinVerdictFor(evaluations, await served(), timeframe, symbol, steps);
  // Its own row only where the run never trained on it either: one record per fact, and no contradiction
  // of "not trained on this coin".
  if (own?.scoredIn.heldOut === true) return { ...own, unseen: { fittedOnItsOwnHistory, leftOut: [symbol] } };
  const verdict = await unseenVerdictFor(evaluations, await served(), timeframe, steps);
  return { verdict, unseen: { fittedOnItsOwnHistory, leftOut: verdict?.coins ?? null } };
}

/** Every meta.json of a served network's folder, per folder and creation time: they are 80 KB each. */
const memberMetas = new Map<string, readonly SavedMeta[]>();
const KEPT_FOLDERS = 8;

/**
 * The metas of the serving model's members (a statistical model: its one meta), read once per model; null
 * when its folder cannot be read (removed since it was loaded), which is not kept, so a later call reads again.
 */
async function membersOf({ meta, dir }: ModelVersionInfo): Promise<readonly SavedMeta[] | null> {
  if (!kindOf(meta).match({ network: () => true, statistical: () => false })) return [meta];
  const key = `${dir}\u0000${meta.created}`;
  const kept = memberMetas.get(key);
  if (kept !== undefined) return kept;
  const read = await readSavedMetas(dir).catch(() => null);
  if (read === null) return null;
  if (memberMetas.size >= KEPT_FOLDERS) memberMetas.clear();
  memberMetas.set(key, read);
  return read;
}

/**
 * The recipe of the serving model (servedRecipe: a network's name, seeds, HAR anchor and market inputs, from
 * every meta.json of its folder); null when they cannot be read (no verdict, the forecast stands). A model
 * quotes only rows of its own recipe: the runs name their networks "cnn-gru" or "cnn-gru-x<seeds>" whatever
 * the recipe.
 */
async function servedRecipeOf(model: ModelVersionInfo): Promise<ServedRecipe | null> {
  const members = await membersOf(model);
  return members === null ? null : servedRecipe(members);
}

/**
 * The pair's own row of its recipe's global walk-forward (the latest run that scored the recipe), with
 * where it was measured; undefined when that run did not score the coin, or for a statistical model.
 */
async function coinVerdictFor(
  evaluations: RecordedEvaluations,
  served: ServedRecipe | null,
  timeframe: ModelTimeframe,
  symbol: string,
  steps: number,
) {
  if (served?.network === undefined) return undefined;
  const row = servedCoinRow((await evaluations.coins(timeframe)) ?? [], served, symbol, steps);
  if (row === undefined) return undefined;
  const { from, to, heldOut } = row;
  return { verdict: coinVerdict(row), scoredIn: { symbol, from, to, heldOut } };
}

/**
 * The held-out coins of a global walk-forward first; the leave-one-coin-out report only when no global run
 * scored this model, the latest run that scored its recipe. A statistical model fits each coin's own past,
 * in either report as here.
 */
async function unseenVerdictFor(
  evaluations: RecordedEvaluations,
  served: ServedRecipe | null,
  timeframe: ModelTimeframe,
  steps: number,
) {
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

/** The statistical model a served network is held against: its rows in the timeframe's evaluation. */
const HAR = "har";

/** Every timeframe's serving model in brief; a timeframe with no usable model says why (a UserError's words). */
export function modelReports(deps: ReportDeps): Promise<ModelReport[]> {
  return Promise.all(
    MODEL_TIMEFRAMES.map(async (timeframe): Promise<ModelReport> => {
      let champion: ModelVersionInfo;
      try {
        champion = await deps.champion(timeframe);
      } catch (error) {
        // One timeframe without a usable model must not hide the other's.
        if (isUserError(error)) return { timeframe, unavailable: error };
        throw error;
      }
      const horizons = Object.entries(MODEL_HORIZONS[timeframe]);
      const evaluation = await deps.evaluations?.evaluation(timeframe);
      const skillOf = (model: string) =>
        evaluation
          ? horizonSkills(
              evaluation,
              model,
              horizons.map(([, steps]) => steps),
            ).map((s, i) => ({ ...s, name: horizons[i]?.[0] ?? String(s.horizon) }))
          : [];
      const skill = skillOf(champion.meta.name);
      const coins = [
        ...new Set(
          (evaluation?.entries ?? []).filter((e) => e.model === champion.meta.name).map((e) => e.symbol),
        ),
      ].sort();
      const baseline = champion.meta.name === HAR ? [] : skillOf(HAR);
      // "1d" is served by the daily model: the 4h model's one-day horizon has no forecasts of its own.
      const served = horizons.filter(([horizon]) => resolveHorizon(horizon).timeframe === timeframe);
      const adaptive = await Promise.all(
        served.map(async ([horizon]) => ({
          horizon,
          intervals: await adaptiveIntervals(deps.ledger, horizon),
        })),
      );
      // A folder that cannot be read again still describes its first network.
      const about = modelAbout(champion.meta, (await membersOf(champion)) ?? [champion.meta]);
      return { timeframe, champion, skill, baseline, period: evaluation?.period, coins, about, adaptive };
    }),
  );
}
