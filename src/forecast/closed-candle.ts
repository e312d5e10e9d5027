import type { Logger } from "../logger.js";
import type { LoadedCandles } from "../market/history.js";
import { SETTLE_MS, TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { within } from "./first-refresh.js";
import type { SeriesCache } from "./series-cache.js";

export interface ClosedCandleDeps {
  series: SeriesCache;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
  /** How long a post waits for its refresh (a forecast's wait, FIRST_REFRESH_WAIT_MS); it goes on after. */
  waitMs: number;
}

/** The series of a symbol and timeframe with the candle that closed since its newest stored one, if it can. */
export type WithClosedCandle = (
  symbol: string,
  timeframe: ModelTimeframe,
  loaded: LoadedCandles,
) => Promise<LoadedCandles>;

/**
 * For a forecast that must not start from an older close: a daily post at a candle's close (a 4h post at 08:00
 * UTC, a 1d post at midnight) runs before the scheduled refresh two minutes later (DATA_REFRESH_CRON), and
 * would forecast "4h ahead" to a target that is now. When the stored series is exactly one candle of
 * `timeframe` behind, the symbol is refreshed first, once the exchange has settled that candle (SETTLE_MS
 * after its close: the fetch takes no candle before).
 *
 * One attempt per symbol and close, shared by the posts that ask at once: in an exchange outage the next post
 * does not pay for another refused refresh (retries and timeouts, tens of seconds) nor ask the exchange again,
 * and a series more than one candle behind (the exchange away for longer, an offline install) is not tried
 * at all. A refused or failed refresh leaves the stored candles, served marked stale with their date as
 * /forecast shows them.
 */
export function closedCandleRefresher(deps: ClosedCandleDeps): WithClosedCandle {
  /** symbol -> the close last tried and its attempt. */
  const attempts = new Map<string, { closed: number; done: Promise<void> }>();
  const attempt = (symbol: string, closed: number): Promise<void> => {
    const previous = attempts.get(symbol);
    if (previous !== undefined && previous.closed >= closed) return previous.done;
    const done = (async () => {
      const settling = closed + SETTLE_MS - deps.now();
      if (settling > 0) await deps.sleep(settling);
      // Bounded as a forecast's own refresh is: one that joins a scheduled refresh sitting out the exchange's
      // Retry-After (up to 5 minutes) must not hold this post, and every post queued after it.
      await within(deps.series.refresh(symbol, undefined, { asked: true }), deps.waitMs, deps.logger);
    })();
    attempts.set(symbol, { closed, done });
    return done;
  };
  return async (symbol, timeframe, loaded) => {
    const step = TIMEFRAME_MS[timeframe];
    const last = loaded.candles.at(-1);
    // The newest close at or before now (4h and daily candles align to UTC midnight).
    const closed = Math.floor(deps.now() / step) * step;
    if (last === undefined || closed !== last.time + 2 * step) return loaded;
    await attempt(symbol, closed);
    return deps.series.get(symbol, timeframe);
  };
}
