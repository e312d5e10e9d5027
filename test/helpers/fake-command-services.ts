import type { Caller, CommandContext, CommandServices, RecordedEvaluation } from "../../commands/types.js";
import { type Forecast, resolveHorizon, toForecast } from "../../src/forecast/forecast.js";
import type { TrackRecord } from "../../src/forecast/track-record.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import { modelVersion } from "../../src/lifecycle/model-version.js";
import type { Retrainer, RetrainOutcome } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import { resolveSymbol } from "../../src/market/symbols.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import type { ModelMeta } from "../../src/model/model-meta.js";
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
  hitRate: null,
  coverage80: null,
  coverage95: null,
  since: null,
  until: null,
};

/** The shipped daily model's recorded verdict on BTC at one day, as README quotes it. */
export const RECORDED: RecordedEvaluation = {
  entries: [
    handMadeEntry({
      model: "cnn-gru",
      symbol: "BTC/USDT",
      horizon: 1,
      mase: 1.005,
      pBetter: 0.965,
      coverage80: 0.822,
    }),
    handMadeEntry({ model: "persistence", symbol: "BTC/USDT", horizon: 1, mase: 1, pBetter: null }),
  ],
};

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
  forecast?: CommandServices["forecasts"]["forecast"];
  record?: TrackRecord;
  stale?: boolean;
  chart?: CommandServices["chart"];
  retrain?: Retrainer["retrain"];
  evaluation?: RecordedEvaluation | null;
}

export interface FakeCommandServices extends CommandServices {
  calls: { forecast: string[][]; trackRecord: unknown[]; retrain: unknown[] };
}

/** CommandServices over a hand-made forecast core: no model, no data, no worker. */
export function fakeCommandServices(options: FakeOptions = {}): FakeCommandServices {
  const calls: FakeCommandServices["calls"] = { forecast: [], trackRecord: [], retrain: [] };
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
  return {
    calls,
    forecasts: {
      forecast: async (symbol, horizon, opts) => {
        calls.forecast.push([symbol, horizon, opts?.source ?? ""]);
        return options.forecast
          ? options.forecast(symbol, horizon, opts)
          : handMadeForecast(symbol, horizon, options.stale);
      },
      trackRecord: async (filter) => {
        calls.trackRecord.push(filter);
        return options.record ?? EMPTY_RECORD;
      },
      champion: async (timeframe) => championOf(timeframe),
      retrainer,
    },
    chart: options.chart ?? (async () => FAKE_PNG),
    symbols: SYMBOLS,
    logger: silentLogger(),
    evaluation: async () => (options.evaluation === undefined ? RECORDED : options.evaluation),
  };
}

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
