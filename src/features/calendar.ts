import type { Candle } from "../market/types.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { stepsPerDay } from "./realized-volatility.js";

/*
 * Calendar terms of a forecast span: what share of the h candles after an origin fall on a weekend, and, for
 * intraday candles, in each block of the UTC day. Both are known at the origin (the calendar, not the data),
 * and both move crypto volatility: trading thins out on Saturdays and Sundays, and the hours of the US and
 * Asian sessions are busier than the rest (Andersen & Bollerslev 1997 on intraday periodicity).
 */

/** Name of the weekend share. */
export const WEEKEND = "weekend";
/** Name of the share of the span in block `k` of the UTC day (k = 1 .. perDay - 1; block 0 is the reference). */
export const dayBlock = (k: number): string => `utc_block_${k}`;

const DAY_MS = TIMEFRAME_MS["1d"];

/** Names of the calendar terms of a series with `perDay` candles a day, in column order. */
export function calendarTermNames(perDay: number): string[] {
  return [WEEKEND, ...Array.from({ length: Math.max(0, perDay - 1) }, (_, i) => dayBlock(i + 1))];
}

/**
 * The calendar terms for every origin t of `candles`: the share of candles t+1 .. t+h (open times
 * time(t) + k x step) that open on a Saturday or Sunday (UTC), and the share that open in each block of the
 * UTC day. Reads no prices: row t is defined for every t, including the last candle.
 */
export function calendarShares(candles: readonly Candle[], horizon: number): Record<string, Float64Array> {
  const perDay = stepsPerDay(candles);
  const step = DAY_MS / perDay;
  const names = calendarTermNames(perDay);
  const out: Record<string, Float64Array> = Object.fromEntries(
    names.map((name) => [name, new Float64Array(candles.length)]),
  );
  const weekend = out[WEEKEND] as Float64Array;
  const blocks = names.slice(1).map((name) => out[name] as Float64Array);
  candles.forEach((candle, t) => {
    // Counted, then divided: equal counts give bit-equal shares, so a constant term is seen as constant.
    let weekendCount = 0;
    const blockCounts = new Array<number>(perDay).fill(0);
    for (let k = 1; k <= horizon; k++) {
      const time = candle.time + k * step;
      const weekday = new Date(time).getUTCDay();
      if (weekday === 0 || weekday === 6) weekendCount++;
      const block = Math.floor((((time % DAY_MS) + DAY_MS) % DAY_MS) / step);
      blockCounts[block] = (blockCounts[block] ?? 0) + 1;
    }
    weekend[t] = weekendCount / horizon;
    blocks.forEach((column, i) => {
      column[t] = (blockCounts[i + 1] as number) / horizon;
    });
  });
  return out;
}
