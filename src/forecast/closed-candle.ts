import type { LoadedCandles } from "../market/history.js";
import { SETTLE_MS, TIMEFRAME_MS } from "../market/types.js";
import type { ModelTimeframe } from "../model/horizons.js";
import type { SeriesCache } from "./series-cache.js";

/**
 * The series with the candle closed since its newest stored one, for a forecast that must not start from an
 * older close: a daily post at a candle's close (a 4h post at 08:00 UTC, a 1d post at midnight) runs before
 * the scheduled refresh two minutes later (DATA_REFRESH_CRON), and would forecast "4h ahead" to a target
 * that is now. When a candle of `timeframe` has closed since the newest stored one, the symbol is refreshed
 * first, once the exchange has settled that candle (SETTLE_MS after its close: the fetch takes no candle
 * before). Offline-tolerant as every refresh: one the exchange refuses leaves the stored candles, which the
 * series cache then serves marked stale with their date (as /forecast shows them).
 */
export async function withClosedCandle(
  deps: { series: SeriesCache; now: () => number; sleep: (ms: number) => Promise<void> },
  symbol: string,
  timeframe: ModelTimeframe,
  loaded: LoadedCandles,
): Promise<LoadedCandles> {
  const step = TIMEFRAME_MS[timeframe];
  const last = loaded.candles.at(-1);
  // The newest close at or before now (4h and daily candles align to UTC midnight).
  const closed = Math.floor(deps.now() / step) * step;
  if (last === undefined || closed < last.time + 2 * step) return loaded;
  const settling = closed + SETTLE_MS - deps.now();
  if (settling > 0) await deps.sleep(settling);
  await deps.series.refresh(symbol, undefined, { asked: true });
  return deps.series.get(symbol, timeframe);
}
