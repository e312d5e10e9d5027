import { TIMEFRAME_MS } from "./market/types.js";
import { utcMinute } from "./time.js";

/** Wording of numbers shared by every surface: chat replies, posts, the command line and the picture. */

/** A signed change: "+0.9%", "-2.3%". A tiny fall that rounds to zero reads "+0.0%", not a fall. */
export function signedPercent(ratio: number, digits = 1): string {
  const fixed = (ratio * 100).toFixed(digits);
  const pct = Number(fixed) === 0 ? fixed.replace("-", "") : fixed;
  return `${pct.startsWith("-") ? "" : "+"}${pct}%`;
}

/**
 * The warning every surface shows with a forecast built from stale data: a refresh failed, or the newest
 * stored candle closed long ago (a first answer while the start-up refresh runs). Always with its date.
 */
export function staleNotice(data: { asOf: number }, timeframe: "4h" | "1d"): string {
  const closed = utcMinute(data.asOf + TIMEFRAME_MS[timeframe]);
  return `STALE: the newest candle closed ${closed} UTC; newer ones could not be fetched yet, so this uses the last stored candles.`;
}

/** Human "1m 05s" for an ETA. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
}
