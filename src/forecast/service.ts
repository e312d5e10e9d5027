import { UserError } from "../errors.js";
import type { RecordedEvaluations } from "../evaluation/recorded.js";
import { stepsPerDay } from "../features/realized-volatility.js";
import type { Locale } from "../i18n/index.js";
import type { ModelRegistry, ModelVersionInfo } from "../lifecycle/model-registry.js";
import type { Retrainer } from "../lifecycle/retrainer.js";
import type { Logger } from "../logger.js";
import type { MarketData } from "../market/market-data.js";
import type { AciInterval } from "../model/calibration/adaptive-conformal.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { kindOf } from "../model/saved/forecasters.js";
import { adaptiveIntervals } from "./adaptive-intervals.js";
import type { ForecastCache } from "./cache.js";
import { createChampions } from "./champions.js";
import { trackRecordSource } from "./close-at.js";
import { closedCandleRefresher } from "./closed-candle.js";
import { catchUp, createFirstRefresh } from "./first-refresh.js";
import { type Forecast, resolveHorizon } from "./forecast.js";
import { INFERENCE_CANDLES } from "./forecast-job-input.js";
import { withLatestClose } from "./latest-close.js";
import type { Ledger, LedgerFilter, ScoredFilter } from "./ledger.js";
import { marketInputsFor } from "./market-inputs.js";
import { type ForecastReport, type ModelReport, modelReports, type ReportDeps, reportOf } from "./report.js";
import { runForecastModel } from "./run-model.js";
import type { ModelRunner } from "./runner.js";
import { nextClose, type SeriesCache } from "./series-cache.js";
import { createSingleFlight } from "./single-flight.js";
import type { ScoredEntry, TrackRecord } from "./track-record.js";
import { anchorCandlesNeeded, type VolatilityPoint, volatilityHistory } from "./volatility-history.js";

export type { ForecastReport, ModelReport } from "./report.js";
export type { VolatilityPoint } from "./volatility-history.js";

/** Who asked for a forecast; the ledger keeps it with the entry. */
export type ForecastSource = "command" | "post" | "alert" | "cli";

/**
 * The one core every chat platform, command and scheduled post calls; nothing else touches the model.
 * Forecasts come from the cache when the same symbol, horizon, candle and model version were forecast
 * before; otherwise one computation per key runs in a worker thread, however many callers ask at once.
 */
export interface ForecastService {
  /**
   * What a reply about one forecast shows, in one call: the latest forecast (see `forecast`), the serving
   * model's recorded verdict for it, the pair's track record and a handle on its chart. Nothing in it is
   * scored or written but the forecast's own ledger entry.
   * @throws UserError as `forecast` does.
   */
  report(symbol: string, horizon: string, options?: ForecastOptions): Promise<ForecastReport>;
  /**
   * The latest forecast of `symbol` at `horizon`, written to the ledger (once per forecast). A pair outside
   * SYMBOLS that the exchange lists is backfilled first (see MarketData.ensure); `onFetching` is told when a
   * caller has to wait for that.
   * @throws UserError for an unknown symbol or horizon (with suggestions), or when the workers are saturated.
   */
  forecast(symbol: string, horizon: string, options?: ForecastOptions): Promise<Forecast>;
  /**
   * The forecast's picture (PNG), rendered in a worker once per forecast and cached beside it, so a
   * cached forecast's chart costs no rendering. One picture per language: `locale` (default English)
   * sets its words, numbers and dates, and is part of the cache key.
   */
  chart(forecast: Forecast, locale?: Locale): Promise<Buffer>;
  /** The served forecasts' record against naive persistence, as scored so far (see scoreDue). */
  trackRecord(filter?: LedgerFilter): Promise<TrackRecord>;
  /** Every pair with a served forecast on record: the configured ones and any served on demand. */
  recordedSymbols(): Promise<string[]>;
  /** The pair `forecast` would serve for `input`, resolved as it does, nothing fetched; or its refusal. */
  resolvePair(input: string): Promise<string>;
  /** Scored entries, newest target first ("yesterday's forecasts"), as scored so far. */
  scored(filter?: ScoredFilter): Promise<ScoredEntry[]>;
  /**
   * Scores every served forecast whose target candle is stored; resolves how many. refreshData calls it
   * once new candles are in; reads never do.
   */
  scoreDue(): Promise<number>;
  /**
   * Fetches new candles for every symbol, then scores what became due (also when the exchange refused
   * some: what is stored is scored); what the exchange refused stays stale. `signal` stops it between
   * requests (shutting down), rejecting with its reason.
   */
  refreshData(options?: { signal?: AbortSignal }): Promise<void>;
  /** See volatility-history.ts. */
  volatilityHistory(
    symbol: string,
    horizon: string,
    since: number,
  ): Promise<{ days: VolatilityPoint[]; latest: VolatilityPoint }>;
  /** The serving model of a timeframe. */
  champion(timeframe: ModelTimeframe): Promise<ModelVersionInfo>;
  /** Every timeframe's serving model in brief, with its recorded skill and adaptive interval levels. */
  models(): Promise<ModelReport[]>;
  /** The adaptive conformal levels the next forecast at `horizon` uses (see adaptive-intervals.ts). */
  adaptiveIntervals?(horizon: string): Promise<AciInterval[]>;
  readonly retrainer: Retrainer;
}

/** Who asked, and whom to tell when the pair's history must be fetched first. */
export interface ForecastOptions {
  source?: ForecastSource;
  onFetching?: (symbol: string) => Promise<void> | void;
  /** From the candle closed last, refreshed first if it is not stored yet (a post at a close; closed-candle.ts). */
  fresh?: boolean;
}

export interface ForecastServiceDeps {
  market: MarketData;
  series: SeriesCache;
  registry: Pick<ModelRegistry, "champion">;
  runner: Pick<ModelRunner, "forecast" | "chart">;
  cache: ForecastCache<Forecast>;
  /** PNG bytes, base64 (every keyv store takes strings). */
  chartCache: ForecastCache<string>;
  ledger: Ledger;
  retrainer: Retrainer;
  /** The evaluations recorded beside the models, quoted as verdicts; absent: replies carry none. */
  evaluations?: RecordedEvaluations;
  logger: Logger;
  now?: () => number;
  /**
   * How long a forecast waits on the exchange (ms): for the first refresh still running, and for its own
   * refresh of a pair behind; default FIRST_REFRESH_WAIT_MS.
   */
  firstRefreshWaitMs?: number;
  /** How a `fresh` forecast waits for a candle just closed to settle; default a timer. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A forecast asked while the process's first refresh is still running waits this long for it: the stored
 * candles may be a year old (a fresh install), a refresh usually takes a second or two, and Discord defers
 * an answer at 1.5 s anyway. Past it the forecast is answered from what is stored, marked stale with its
 * date; later refreshes are never waited for (the data are then at most one period behind).
 */
export const FIRST_REFRESH_WAIT_MS = 5_000;

export function createForecastService(deps: ForecastServiceDeps): ForecastService {
  const { market, series, registry, runner, cache, chartCache, ledger, logger } = deps;
  const now = deps.now ?? Date.now;
  const flights = createSingleFlight<Forecast>();
  const chartFlights = createSingleFlight<Buffer>();
  // Ledger keys already written by this process: serving a cached forecast again costs no database write.
  const recorded = new Set<string>();
  const waitMs = deps.firstRefreshWaitMs ?? FIRST_REFRESH_WAIT_MS;
  const firstRefresh = createFirstRefresh(waitMs);
  const withClosedCandle = closedCandleRefresher({
    series,
    now,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    logger,
    waitMs,
  });
  const champion = createChampions({
    registry,
    retrainer: deps.retrainer,
    caches: [cache, chartCache],
    logger,
    now,
  });

  const record = async (forecast: Forecast, source: ForecastSource): Promise<void> => {
    const key = `${forecast.symbol}|${forecast.horizon}|${forecast.asOf}|${forecast.modelVersion}`;
    if (recorded.has(key)) return;
    recorded.add(key);
    try {
      await ledger.record(forecast, source);
    } catch (error) {
      // The forecast still goes out; the track record misses one entry, which the log says.
      recorded.delete(key);
      logger.error({ err: error, key }, "could not write a forecast to the ledger");
    }
  };

  /** The forecast, and the model and steps it was made with (a report quotes that model's verdict). */
  const serve = async (input: string, horizonInput: string, options: ForecastOptions = {}) => {
    const { horizon, timeframe, steps } = resolveHorizon(horizonInput);
    const ensured = await market.ensure(
      input,
      options.onFetching === undefined ? {} : { onFetching: options.onFetching },
    );
    const { symbol } = ensured;
    const late = await catchUp({ series, firstRefresh, waitMs, logger, now }, ensured, !options.fresh);
    const [model, stored] = await Promise.all([champion(timeframe), series.get(symbol, timeframe)]);
    const asServed = late ? { ...stored, provenance: { ...stored.provenance, stale: true } } : stored;
    const loaded = options.fresh ? await withClosedCandle(symbol, timeframe, asServed) : asServed;
    const last = loaded.candles.at(-1);
    if (last === undefined) throw new Error(`no ${timeframe} candles for ${symbol}`);
    // A young pair fetched on demand may lack the history the model reads (configured pairs ship theirs).
    // A network anchored on HAR also fits a coin it never trained on its own HAR from that history.
    const perDay = stepsPerDay(loaded.candles);
    const needed = Math.max(
      kindOf(model.meta).historyNeeded(perDay) + 1,
      anchorCandlesNeeded(model.meta, symbol, perDay),
    );
    if (ensured.onDemand && loaded.candles.length < needed) {
      throw new UserError(
        `${symbol} has ${loaded.candles.length} ${timeframe} candles of history; the ${timeframe} model needs ` +
          `${needed} (its window, the indicators' warm-up and the history its HAR scale is fitted on).` +
          (timeframe === "1d" ? " Try a shorter horizon, such as 4h." : ""),
        {
          code: "history-too-short",
          params: {
            context: timeframe === "1d" ? "candles_daily" : "candles",
            symbol,
            candles: loaded.candles.length,
            timeframe,
            needed,
          },
        },
      );
    }
    // By the model's version, not its registry id: the shipped folder retrained in place (`coincast train`)
    // keeps the id "shipped", and its forecasts must not meet the old model's cached answers.
    const key = `${symbol}|${horizon}|${last.time}|${model.version}`;

    // Every caller of a key joins one flight, which looks in the cache before it runs the model: so a caller
    // arriving just after a flight ended finds its result cached instead of starting a second run.
    const result = await flights.run(key, async () => {
      const cached = await cache.get(key);
      if (cached !== undefined) return cached;
      const candles = loaded.candles.slice(-INFERENCE_CANDLES);
      const inputs = await marketInputsFor(
        { series, symbols: market.symbols },
        model.meta,
        timeframe,
        candles[0]?.time ?? 0,
      );
      const made = await runForecastModel(
        { runner, ledger, logger, now },
        { symbol, horizon, timeframe, steps, model, loaded, candles, market: inputs, lastPrice: last.close },
      );
      await cache.set(key, made, nextClose(timeframe, now()) - now());
      return made;
    });
    await record(result, options.source ?? "command");
    // The data may have turned stale (a failed refresh) since the forecast was cached: say so now.
    const current =
      result.data.stale === loaded.provenance.stale
        ? result
        : { ...result, data: { ...result.data, stale: loaded.provenance.stale } };
    // A daily forecast's newest price moves every 4 hours: looked up per answer, never cached with it.
    const served = await withLatestClose({ series, logger }, current);
    return { forecast: served, model, steps };
  };

  const chart: ForecastService["chart"] = (forecast, locale = "en") => {
    const key = chartCacheKey(forecast, locale);
    return chartFlights.run(key, async () => {
      const cached = await chartCache.get(key);
      if (cached !== undefined) return Buffer.from(cached, "base64");
      const { candles } = await series.get(forecast.symbol, forecast.timeframe);
      let end = candles.length - 1;
      while (end >= 0 && (candles[end]?.time ?? 0) > forecast.asOf) end -= 1;
      // Everything up to the origin: the chart job picks its own window, so the core needs no chart constant.
      const history = candles.slice(0, end + 1);
      const png = Buffer.from((await runner.chart({ forecast, history, locale })).png);
      await chartCache.set(key, png.toString("base64"), nextClose(forecast.timeframe, now()) - now());
      return png;
    });
  };

  const scoring = trackRecordSource(ledger, market, series, now);
  const { scoreDue } = scoring;
  const reportDeps: ReportDeps = { champion, ledger, chart, evaluations: deps.evaluations };

  return {
    report: async (input, horizon, options) => {
      const served = await serve(input, horizon, options);
      return reportOf(reportDeps, served.forecast, served.model, served.steps);
    },
    forecast: async (input, horizon, options) => (await serve(input, horizon, options)).forecast,
    chart,
    volatilityHistory: async (input, horizonInput, since) => {
      const { timeframe, steps } = resolveHorizon(horizonInput);
      const symbol = market.resolve(input);
      return volatilityHistory({ series, runner, symbols: market.symbols }, await champion(timeframe), {
        symbol,
        timeframe,
        steps,
        since,
      });
    },
    trackRecord: scoring.trackRecord,
    recordedSymbols: scoring.recordedSymbols,
    resolvePair: scoring.resolvePair,
    scored: (filter = {}) => ledger.scored(filter),
    scoreDue,
    refreshData: async ({ signal } = {}) => {
      const run = (async () => {
        for (const symbol of market.symbols) await series.refresh(symbol, signal);
      })();
      firstRefresh.track(run);
      // What did arrive is scored even when the exchange refused the rest; a stop skips scoring.
      const failed = await run.then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      signal?.throwIfAborted();
      const scored = await scoreDue();
      if (scored > 0) logger.info({ scored }, "forecasts scored against what happened");
      if (failed !== undefined) throw failed.error;
    },
    champion,
    models: () => modelReports(reportDeps),
    adaptiveIntervals: (horizon) => adaptiveIntervals(ledger, horizon),
    retrainer: deps.retrainer,
  };
}

/** A picture's key in the chart cache: one per forecast and language. */
export function chartCacheKey(forecast: Forecast, locale: Locale): string {
  // A daily forecast's picture shows its newest 4h close too: a newer one is a new picture.
  const latest = forecast.latest === undefined ? "" : `|${forecast.latest.time}`;
  return `${forecast.symbol}|${forecast.horizon}|${forecast.asOf}|${forecast.modelVersion}|${locale}${latest}`;
}
