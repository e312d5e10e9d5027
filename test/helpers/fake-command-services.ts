import { join } from "node:path";
import type { Caller, CommandContext, CommandServices } from "../../commands/types.js";
import type { CoinFigures } from "../../src/evaluation/coin-rows.js";
import type { RecordedEvaluation, RecordedEvaluations } from "../../src/evaluation/recorded.js";
import type { CrpsSkillRow } from "../../src/evaluation/skill.js";
import type { UnseenCoinFigures } from "../../src/evaluation/unseen-coins.js";
import { type Forecast, resolveHorizon, toForecast } from "../../src/forecast/forecast.js";
import { modelReports, type ReportDeps, reportOf } from "../../src/forecast/report.js";
import type { ForecastService } from "../../src/forecast/service.js";
import type { ScoredEntry, TrackRecord } from "../../src/forecast/track-record.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import { modelVersion } from "../../src/lifecycle/model-version.js";
import type { Retrainer, RetrainOutcome } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import { resolveSymbol } from "../../src/market/symbols.js";
import { horizonSteps, type ModelTimeframe } from "../../src/model/horizons.js";
import { readSavedMetas } from "../../src/model/saved/model-io.js";
import type { ModelMeta } from "../../src/model/saved/model-meta.js";
import type { StatisticalMeta } from "../../src/model/saved/statistical-meta.js";
import { handMadeEntry } from "../evaluation/hand-made-entries.js";

export const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"] as const;
/** The last daily candle the fake forecasts are made from: it opened 2025-12-08 00:00 UTC. */
export const AS_OF = Date.UTC(2025, 11, 8);
const LAST_PRICE: Record<string, number> = { "BTC/USDT": 97_120, "ETH/USDT": 3_456.78, "XRP/USDT": 2.0412 };
/** Log-return quantiles at 0.025, 0.1, 0.5, 0.9, 0.975. */
const Q = [-0.06, -0.03, 0.009, 0.045, 0.07];
/** Not a real picture: the console only writes the bytes it is given. */
export const FAKE_PNG = Buffer.from("\x89PNG fake chart");

export const EMPTY_RECORD: TrackRecord = {
  count: 0,
  pending: 2,
  mae: null,
  naiveMae: null,
  skill: null,
  calls: 0,
  hitRate: null,
  coverage80: null,
  coverage95: null,
  since: null,
  until: null,
};

/** The recorded walk-forward of the fake model on BTC: per horizon its MASE, CRPS against persistence, 80% band. */
const FIGURES = [
  // A median a little worse than "no change", a range significantly better.
  { mase: 1.005, pBetter: 0.965, crps: 0.974, crpsP: 0.001, coverage80: 0.822 },
  // The median is "no change" itself; the range better, within noise.
  { mase: 1, pBetter: null, crps: 0.989, crpsP: 0.066, coverage80: 0.808 },
  // The range worse, within noise.
  { mase: 1, pBetter: null, crps: 1.013, crpsP: 0.909, coverage80: 0.846 },
];

function skillRow(symbol: string, horizon: number, ratio: number, pBetter: number): CrpsSkillRow {
  const dm = { statistic: -1, pValue: 2 * Math.min(pBetter, 1 - pBetter), pValueBetter: pBetter };
  return {
    symbol,
    horizon,
    model: "cnn-gru",
    n: 200,
    crps: 0.02 * ratio,
    vsPersistence: ratio,
    dmPersistence: { ...dm, meanDifferential: -1, loss: "absolute", lags: 0, n: 200 },
    vsPersistenceDaily: null,
    dmPersistenceDaily: null,
    vsEwma: null,
    dmEwma: null,
  };
}

/** The recorded evaluation of a timeframe's fake model (BTC/USDT only), with persistence's own entries. */
export function recordedOf(timeframe: ModelTimeframe): RecordedEvaluation {
  const horizons = horizonSteps(timeframe);
  return {
    entries: horizons.flatMap((horizon, i) => {
      const f = FIGURES[i] ?? FIGURES[0];
      if (f === undefined) return [];
      return [
        handMadeEntry({
          model: "cnn-gru",
          horizon,
          mase: f.mase,
          pBetter: f.pBetter,
          coverage80: f.coverage80,
        }),
        handMadeEntry({ model: "persistence", horizon, mase: 1, pBetter: null }),
      ];
    }),
    skill: horizons.flatMap((horizon, i) => {
      const f = FIGURES[i] ?? FIGURES[0];
      if (f === undefined) return [];
      return [skillRow("BTC/USDT", horizon, f.crps, f.crpsP), skillRow("pooled", horizon, f.crps, f.crpsP)];
    }),
  };
}

/** What commands read of a meta.json; the rest of ModelMeta never reaches a reply. */
function meta(timeframe: ModelTimeframe): ModelMeta {
  return {
    name: "cnn-gru",
    architecture: "cnn-gru",
    timeframe,
    trainedUntil: AS_OF,
    dataHash: "sha256:a1b2c3d4e5f60718",
    pooled: true,
    symbols: [...SYMBOLS],
  } as ModelMeta;
}

export function championOf(timeframe: ModelTimeframe, id = "shipped"): ModelVersionInfo {
  const m = meta(timeframe);
  return {
    id,
    dir: `/models/${timeframe}`,
    meta: m,
    version: modelVersion(m),
    promotedAt: null,
    reason: null,
  };
}

/** The shipped model of a timeframe as the registry gives it: its folder and its first meta.json. */
export async function shippedChampion(timeframe: ModelTimeframe): Promise<ModelVersionInfo> {
  const dir = join("models", timeframe);
  const [first] = await readSavedMetas(dir);
  if (first === undefined) throw new Error(`no shipped ${timeframe} model`);
  return { id: "shipped", dir, meta: first, version: modelVersion(first), promotedAt: null, reason: null };
}

/** A statistical model of `members` serving 1d, fitted on BTC/USDT alone, with no folder behind it. */
export function statisticalChampion(members: readonly string[]): () => Promise<ModelVersionInfo> {
  const meta = {
    kind: "statistical",
    name: members.join("+"),
    members,
    symbols: ["BTC/USDT"],
    timeframe: "1d",
    trainedUntil: 0,
  } as unknown as StatisticalMeta;
  return async () => ({
    id: "shipped",
    dir: "/nowhere",
    meta,
    version: meta.name,
    promotedAt: null,
    reason: null,
  });
}

/** A hand-made forecast like the service's: the real symbol and horizon rules, fixed quantiles. */
export function handMadeForecast(input: string, horizonInput: string, stale = false): Forecast {
  const symbol = resolveSymbol(input, SYMBOLS);
  const { horizon, timeframe, steps } = resolveHorizon(horizonInput);
  return toForecast(Q, {
    symbol,
    horizon,
    timeframe,
    steps,
    lastPrice: LAST_PRICE[symbol] ?? 1,
    data: { source: "shipped", asOf: AS_OF, stale },
    modelVersion: modelVersion(meta(timeframe)),
    madeAt: AS_OF + 86_400_000,
  });
}

export interface FakeOptions {
  forecast?: ForecastService["forecast"];
  record?: TrackRecord;
  stale?: boolean;
  chart?: ForecastService["chart"];
  champion?: ForecastService["champion"];
  retrain?: Retrainer["retrain"];
  /** The recorded evaluation, or each timeframe's; default recordedOf(timeframe), null for none. */
  evaluation?: RecordedEvaluation | null | RecordedEvaluations["evaluation"];
  /** The leave-one-coin-out figures; default none. */
  unseenCoins?: readonly UnseenCoinFigures[];
  /** The held-out coins' figures of the global walk-forward; default none. */
  heldOutCoins?: readonly UnseenCoinFigures[];
  /** Every scored coin's own rows of the global walk-forward; default none. */
  coins?: readonly CoinFigures[];
  /** The scored forecasts the ledger holds (every filter gets them all); default none. */
  scored?: readonly ScoredEntry[];
  /** Pairs with a forecast on record besides the configured ones (served on demand); default none. */
  recordedSymbols?: readonly string[];
}

/** The parts of the forecast core the fakes stand in for. */
export type FakeCore = Pick<
  ForecastService,
  | "report"
  | "forecast"
  | "chart"
  | "trackRecord"
  | "recordedSymbols"
  | "resolvePair"
  | "models"
  | "champion"
  | "retrainer"
>;

export interface FakeCommandServices extends CommandServices {
  /** The core itself, not counted: for tests that drive posts or alerts over it. */
  core: FakeCore;
  calls: {
    forecast: string[][];
    trackRecord: unknown[];
    retrain: unknown[];
    /** Every call a command made into the core (`forecasts`), by method name, in order. */
    core: string[];
  };
}

/**
 * `target` with every method call recorded in `entered` by name before it runs: a count of how often a
 * caller entered the core, and with what.
 */
export function countingProxy<T extends object>(target: T, entered: string[]): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        entered.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/**
 * CommandServices over a hand-made forecast core: no model, no data, no worker. The report and the model
 * summaries are the real ones (src/forecast/report.ts) over hand-made forecasts, records and evaluations.
 */
export function fakeCommandServices(options: FakeOptions = {}): FakeCommandServices {
  const calls: FakeCommandServices["calls"] = { forecast: [], trackRecord: [], retrain: [], core: [] };
  const outcomes: RetrainOutcome[] = [
    { timeframe: "1d", decision: "failed", reason: "no retrain in this fake", championId: "shipped" },
  ];
  const retrainer: Retrainer = {
    retrain: async (scope, onProgress) => {
      calls.retrain.push(scope);
      return options.retrain ? options.retrain(scope, onProgress) : outcomes;
    },
    status: () => null,
    rollback: async (timeframe) => championOf(timeframe),
    onChampionChange: () => {},
  };
  const forecast: ForecastService["forecast"] = async (symbol, horizon, opts) => {
    calls.forecast.push([symbol, horizon, opts?.source ?? ""]);
    return options.forecast
      ? options.forecast(symbol, horizon, opts)
      : handMadeForecast(symbol, horizon, options.stale);
  };
  const trackRecord: ForecastService["trackRecord"] = async (filter) => {
    calls.trackRecord.push(filter);
    return options.record ?? EMPTY_RECORD;
  };
  const champion = options.champion ?? (async (timeframe: ModelTimeframe) => championOf(timeframe));
  const evaluations: RecordedEvaluations = {
    evaluation: async (timeframe) => {
      const { evaluation } = options;
      if (typeof evaluation === "function") return evaluation(timeframe);
      return evaluation === undefined ? recordedOf(timeframe) : evaluation;
    },
    unseenCoins: async () => options.unseenCoins ?? null,
    heldOutCoins: async () => options.heldOutCoins ?? null,
    coins: async () => options.coins ?? null,
  };
  const chart = options.chart ?? (async () => FAKE_PNG);
  const deps: ReportDeps = {
    champion,
    ledger: { trackRecord, scored: async () => [...(options.scored ?? [])] },
    chart,
    evaluations,
  };
  const core: FakeCore = {
    report: async (symbol, horizon, opts) => {
      const made = await forecast(symbol, horizon, opts);
      return reportOf(deps, made, await champion(made.timeframe), resolveHorizon(made.horizon).steps);
    },
    forecast,
    chart,
    trackRecord,
    recordedSymbols: async () => [...(options.recordedSymbols ?? [])],
    // As /forecast resolves: the configured pairs and those it served (a fake has no exchange listing).
    resolvePair: async (input) => resolveSymbol(input, [...SYMBOLS, ...(options.recordedSymbols ?? [])]),
    models: () => modelReports(deps),
    champion,
    retrainer,
  };
  return {
    calls,
    core,
    forecasts: countingProxy(core, calls.core),
    symbols: SYMBOLS,
    logger: silentLogger(),
  };
}

/** A 1d retrain whose challenger beat the champion on 150 held-out forecasts and was promoted. */
export const PROMOTED_OUTCOME: RetrainOutcome = {
  timeframe: "1d",
  decision: "promote",
  reason: "challenger pinball loss 0.0102 vs champion 0.0104: not worse, promoted",
  why: {
    code: "not-worse",
    challenger: 0.0102,
    champion: 0.0104,
    origins: 150,
    start: Date.UTC(2026, 0, 1),
    end: Date.UTC(2026, 1, 20),
  },
  window: { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 1, 20), origins: 150 },
  scores: {
    champion: { pinball: 0.0104, mae: 1200, naiveMae: 1190 },
    challenger: { pinball: 0.0102, mae: 1195, naiveMae: 1190 },
  },
  championId: "shipped",
  promotedId: "20260301T030000Z-a1b2",
};

/** A chat user in a group, not an admin. */
export const MEMBER: Caller = {
  platform: "telegram",
  userId: "42",
  userName: "member",
  channelId: "-100",
  channelKind: "group",
  isAdmin: false,
};

/** A handler's context with a recorded progress line list. */
export function commandContext(
  services: CommandServices,
  caller: Caller = { ...MEMBER, isAdmin: true },
): CommandContext & { progressLines: string[] } {
  const progressLines: string[] = [];
  return {
    caller,
    services,
    progressLines,
    progress: async (text) => {
      progressLines.push(text);
    },
  };
}
