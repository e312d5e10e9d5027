import type { Candle } from "../../src/market/types.js";

/**
 * The clustered series with every close-to-close log return from candle `from` on times `factor`, its
 * realised variance (what HAR forecasts from) left as it was: from there its standardised returns are
 * `factor` times as wide as the other coins'.
 */
export function widened(candles: readonly Candle[], from: number, factor: number): Candle[] {
  const out: Candle[] = [];
  candles.forEach((c, t) => {
    const previous = candles[t - 1];
    const prior = out[t - 1];
    if (previous === undefined || prior === undefined) {
      out.push({ ...c });
      return;
    }
    const r = Math.log(c.close / previous.close) * (t >= from ? factor : 1);
    const open = prior.close;
    const close = open * Math.exp(r);
    const up = c.high / Math.max(c.open, c.close);
    const down = c.low / Math.min(c.open, c.close);
    out.push({ ...c, open, close, high: Math.max(open, close) * up, low: Math.min(open, close) * down });
  });
  return out;
}
