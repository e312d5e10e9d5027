import type { Command } from "commander";
import { resolveHorizon } from "../forecast/forecast.js";
import type { TrackRecord } from "../forecast/track-record.js";
import type { Services } from "../main.js";
import { isoDay } from "../time.js";

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(0)}%`);

/** The live track record in two lines: error against persistence first, because that is the honest bar. */
export function describeTrackRecord(record: TrackRecord, label: string): string {
  if (record.count === 0) {
    return `${label}: no scored forecasts yet (${record.pending} waiting for their target candle).`;
  }
  const skill = record.skill ?? 0;
  const verdict =
    skill > 0 ? `beats "no change" by ${pct(skill)}` : `does not beat "no change" (skill ${pct(skill)})`;
  return [
    `${label}: ${record.count} forecasts scored since ${isoDay(record.since ?? 0)}, ${record.pending} pending.`,
    `  median error ${record.mae?.toFixed(2)} vs ${record.naiveMae?.toFixed(2)} for "no change": ${verdict}; ` +
      `direction right ${pct(record.hitRate)}; inside the 80% interval ${pct(record.coverage80)}, the 95% ${pct(record.coverage95)}.`,
  ].join("\n");
}

/** `coincast accuracy [symbol] [horizon]`: how the served forecasts fared, from the ledger. */
export function registerAccuracyCommand(program: Command, services: Services): void {
  program
    .command("accuracy")
    .description("the track record of the forecasts served so far, against naive persistence")
    .argument("[symbol]", "e.g. BTC; default: every symbol (errors then mix price levels: prefer one symbol)")
    .argument("[horizon]", "e.g. 1d; default: every horizon")
    .action(async (symbol: string | undefined, horizon: string | undefined) => {
      const service = await services.forecastService();
      const filter = {
        ...(symbol === undefined ? {} : { symbol: services.marketData().resolve(symbol) }),
        ...(horizon === undefined ? {} : { horizon: resolveHorizon(horizon).horizon }),
      };
      const label = `${filter.symbol ?? "all symbols"} ${filter.horizon ?? "all horizons"}`;
      process.stdout.write(`${describeTrackRecord(await service.trackRecord(filter), label)}\n`);
    });
}
