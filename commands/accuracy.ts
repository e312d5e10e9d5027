import { allHorizons, resolveHorizon } from "../src/forecast/forecast.js";
import type { LedgerFilter } from "../src/forecast/ledger.js";
import type { TrackRecord } from "../src/forecast/track-record.js";
import { resolveSymbol } from "../src/market/symbols.js";
import { isoDay } from "../src/time.js";
import { percent } from "./format.js";
import { defineCommand } from "./types.js";

/** The live track record in two lines: error against persistence first, because that is the honest bar. */
export function describeTrackRecord(record: TrackRecord, label: string): string[] {
  if (record.count === 0) {
    return [`${label}: no scored forecasts yet (${record.pending} waiting for their target candle).`];
  }
  const skill = record.skill ?? 0;
  const verdict =
    skill > 0
      ? `beats "no change" by ${percent(skill)}`
      : `does not beat "no change" (skill ${percent(skill)})`;
  return [
    `${label}: ${record.count} forecasts scored since ${isoDay(record.since ?? 0)}, ${record.pending} pending.`,
    `Median error ${record.mae?.toFixed(2)} vs ${record.naiveMae?.toFixed(2)} for "no change": ${verdict}; ` +
      `direction right ${percent(record.hitRate)}; inside the 80% interval ${percent(record.coverage80)}, ` +
      `the 95% ${percent(record.coverage95)}.`,
  ];
}

/** Which ledger entries `symbol` and `horizon` select, and how to name them. */
export function trackRecordFilter(
  symbols: readonly string[],
  symbol: string | undefined,
  horizon: string | undefined,
): { filter: LedgerFilter; label: string } {
  const filter: LedgerFilter = {
    ...(symbol === undefined ? {} : { symbol: resolveSymbol(symbol, symbols) }),
    ...(horizon === undefined ? {} : { horizon: resolveHorizon(horizon).horizon }),
  };
  return { filter, label: `${filter.symbol ?? "All symbols"} ${filter.horizon ?? "all horizons"}` };
}

export const accuracyCommand = defineCommand(
  {
    name: "accuracy",
    description: 'How the forecasts served here have fared, against "no change"',
    options: [
      { name: "symbol", description: "A coin, e.g. BTC (default: all)", autocomplete: "symbol" },
      { name: "horizon", description: "e.g. 1d (default: all)", choices: allHorizons() },
    ],
    permission: "everyone",
  },
  async ({ symbol, horizon }, { services }) => {
    const { filter, label } = trackRecordFilter(services.symbols, symbol, horizon);
    const record = await services.forecasts.trackRecord(filter);
    const mixed =
      filter.symbol === undefined && record.count > 0
        ? [
            "Errors of several coins are mixed here, so the dearest dominates: name one coin for a fair figure.",
          ]
        : [];
    return {
      title: "Track record",
      lines: [...describeTrackRecord(record, label), ...mixed],
      footer:
        'Each served forecast is scored once its target candle has closed. Skill above 0% beats "no change".',
    };
  },
);
