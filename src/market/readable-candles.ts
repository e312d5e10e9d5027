import type { Logger } from "../logger.js";
import { formatTimestamp, parseCandlesCsv } from "./csv.js";
import type { Candle } from "./types.js";
import { validateCandle } from "./validate.js";

/**
 * A candle file's candles as a series can use them, whatever happened to the file (edited by hand, a row cut
 * short by a full disk): rows that do not parse or hold no valid candle are dropped, and the rest sorted
 * by time with one candle per time (the later row wins), each drop logged with the file and line. The one
 * rule for the files Coincast keeps itself: the store's series and the training corpus.
 */
export function readableCandles(
  text: string,
  file: string,
  logger: Logger,
): { candles: Candle[]; dropped: number } {
  let count = 0;
  const dropped = (line: number | undefined, reason: string) => {
    count += 1;
    logger.warn({ file, line, reason }, "stored candle row dropped");
  };
  const candles: Candle[] = [];
  let ordered = true;
  for (const candle of parseCandlesCsv(text, file, dropped)) {
    const invalid = validateCandle(candle);
    if (invalid !== null) dropped(undefined, `${formatTimestamp(candle.time)}: ${invalid}`);
    else {
      ordered &&= candles.length === 0 || (candles.at(-1) as Candle).time < candle.time;
      candles.push(candle);
    }
  }
  if (ordered) return { candles, dropped: count };
  logger.warn({ file }, "stored candles out of order or repeated: sorted, one per time");
  const byTime = new Map(candles.map((c) => [c.time, c]));
  return { candles: [...byTime.values()].sort((a, b) => a.time - b.time), dropped: count };
}
