import { buildAlertPost } from "../../commands/alert-post.js";
import type { Forecast } from "../../src/contracts/forecast.js";
import { UserError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { resolveSymbol } from "../../src/market/symbols.js";
import { createAlertChecker } from "../../src/schedule/alert-checker.js";
import { type AlertForecasts, createObserver } from "../../src/schedule/alert-observe.js";
import { createAlerts } from "../../src/schedule/alerts.js";
import { channelMoves } from "../../src/schedule/follow-move.js";
import type { SubscriptionStore } from "../../src/schedule/store.js";
import { FAKE_PNG, SYMBOLS } from "./fake-command-services.js";
import { recordingTarget } from "./posts.js";

const H4 = 4 * 3_600_000;
const DAY = 86_400_000;
/** The first scripted candle opens here (a day's last 4h candle, so day values line up). */
export const T0 = Date.UTC(2026, 5, 1, 20);

/** One scripted 4h close and the 4h forecast made from it. */
export interface Step {
  close: number;
  /** The 80% interval for the next close; default close ± 2%. */
  low?: number;
  high?: number;
  pup?: number;
  /** The model's forecast volatility now. */
  vol?: number;
}

/** The forecast a step gives: asOf = T0 + i × 4h, target the next close. */
export function scriptedForecast(symbol: string, i: number, step: Step, stale = false): Forecast {
  const asOf = T0 + i * H4;
  const low = step.low ?? step.close * 0.98;
  const high = step.high ?? step.close * 1.02;
  return {
    symbol,
    horizon: "4h",
    timeframe: "4h",
    asOf,
    targetTime: asOf + 2 * H4,
    lastPrice: step.close,
    median: step.close,
    interval80: { low, high },
    interval95: { low: low * 0.98, high: high * 1.02 },
    probabilityUp: step.pup ?? 0.5,
    expectedVolatility: step.vol ?? 0.01,
    modelVersion: "cnn-gru@test",
    data: { source: "live", asOf, stale },
    madeAt: asOf + H4 + 60_000,
  };
}

/**
 * The forecast core as alerts see it, over a scripted candle sequence per symbol: `at(i)` moves every
 * symbol to step i (stale when the script has ended, as when the exchange is down). A year of daily forecast
 * volatility, 0.01 to 0.02 evenly (p80 ≈ 0.0180, p90 ≈ 0.0190), precedes T0. Counts model runs.
 */
export function scriptedMarket(
  scripts: Record<string, readonly Step[]>,
  symbols: readonly string[] = SYMBOLS,
) {
  let index = 0;
  const calls = { forecast: 0, volatilityRuns: 0, chart: 0 };
  const year = Array.from({ length: 365 }, (_, d) => ({
    asOf: T0 - (365 - d) * DAY,
    volatility: 0.01 + d / 36_500,
  }));
  const current = (symbol: string) => {
    const script = scripts[symbol];
    if (script === undefined || script.length === 0)
      throw new UserError(`no script for ${symbol}`, { code: "no-candles" });
    const i = Math.min(index, script.length - 1);
    return scriptedForecast(symbol, i, script[i] as Step, index >= script.length);
  };
  const forecasts: AlertForecasts = {
    async forecast(input) {
      calls.forecast += 1;
      return current(resolveSymbol(input, symbols));
    },
    async chart() {
      calls.chart += 1;
      return FAKE_PNG;
    },
    async volatilityHistory(input, _horizon, since) {
      const symbol = resolveSymbol(input, symbols);
      const now = current(symbol);
      const days = year.filter((d) => d.asOf >= since && d.asOf < now.asOf);
      calls.volatilityRuns += days.length + 1;
      return { days, latest: { asOf: now.asOf, volatility: now.expectedVolatility } };
    },
  };
  return {
    forecasts,
    calls,
    at(i: number) {
      index = i;
    },
  };
}

/**
 * A bot's alert side over `store` and the scripted market: the alert service, the checker (posting to a
 * recording Telegram target, following chat moves) and what it sent.
 */
export function alertBot(
  store: SubscriptionStore,
  market: ReturnType<typeof scriptedMarket>,
  fail?: (channelId: string) => Error | undefined,
) {
  const observer = createObserver({ store: store.alerts, forecasts: market.forecasts });
  const alerts = createAlerts({ store: store.alerts, observer, logger: silentLogger() });
  const { target, sent } = recordingTarget({ fail });
  const checker = createAlertChecker({
    store: store.alerts,
    observer,
    targets: { telegram: target },
    moves: channelMoves(store, silentLogger()),
    compose: (firing) => buildAlertPost(market.forecasts, firing, silentLogger()),
    logger: silentLogger(),
  });
  return { store, alerts, checker, sent };
}
