import { allHorizons, resolveHorizon } from "../src/forecast/forecast.js";
import type { LedgerFilter } from "../src/forecast/ledger.js";
import type { TrackRecord } from "../src/forecast/track-record.js";
import { formatDay, formatNumber, formatPercent } from "../src/format.js";
import { ENGLISH, type I18n } from "../src/i18n/index.js";
import { tryResolveSymbol } from "../src/market/offline-pairs.js";
import { type CommandServices, defineCommand } from "./types.js";

/** The live track record in two lines: error against persistence first, because that is the honest bar. */
export function describeTrackRecord(
  record: TrackRecord,
  label: string,
  { t, locale }: Pick<I18n, "t" | "locale"> = ENGLISH,
): string[] {
  // `count` picks the plural form; the numbers shown are grouped as the language groups them.
  const whole = (value: number) => formatNumber(value, 0, locale);
  const pending = record.pending;
  if (record.count === 0) return [t("track.none", { label, count: pending, pending: whole(pending) })];
  const na = t("accuracy.notAvailable");
  const share = (value: number | null) => (value === null ? na : formatPercent(value, 0, locale));
  const skill = share(record.skill ?? 0);
  const number = (value: number | null) => (value === null ? na : formatNumber(value, 2, locale));
  return [
    t("track.scored", {
      label,
      count: record.count,
      scored: whole(record.count),
      since: formatDay(record.since ?? 0, locale),
      pending: t("track.pending", { count: pending, pending: whole(pending) }),
    }),
    t("track.errors", {
      mae: number(record.mae),
      naive: number(record.naiveMae),
      verdict: t((record.skill ?? 0) > 0 ? "track.beats" : "track.doesNotBeat", { skill }),
      direction: directionText(record, t, share, whole),
      in80: share(record.coverage80),
      in95: share(record.coverage95),
    }),
  ];
}

/**
 * The hit rate counts the forecasts that made a direction call only (the rule: evaluation/direction.ts), and
 * says how many made none; with no call at all there is no hit rate to give.
 */
function directionText(
  record: TrackRecord,
  t: I18n["t"],
  share: (value: number | null) => string,
  whole: (value: number) => string,
): string {
  const none = record.count - record.calls;
  if (record.calls === 0) return t("track.directionNone");
  const hits = share(record.hitRate);
  return none === 0
    ? t("track.direction", { hits })
    : t("track.directionSome", { hits, count: none, none: whole(none) });
}

/**
 * The pair /accuracy reads for what was typed: a configured one or one with a forecast on record (served on
 * demand, perhaps no longer kept), else any pair /forecast can serve, resolved as /forecast resolves it (the
 * exchange's listing, or offline the shipped corpus), whose record may be empty; else /forecast's refusal.
 */
export async function accuracySymbol(
  typed: string,
  configured: readonly string[],
  forecasts: Pick<CommandServices["forecasts"], "recordedSymbols" | "resolvePair">,
): Promise<string> {
  const known = [...new Set([...configured, ...(await forecasts.recordedSymbols())])];
  return tryResolveSymbol(typed, known) ?? (await forecasts.resolvePair(typed));
}

/** Which ledger entries `symbol` and `horizon` select, and how to name them. */
export function trackRecordFilter(
  symbol: string | undefined,
  horizon: string | undefined,
  { t }: Pick<I18n, "t"> = ENGLISH,
): { filter: LedgerFilter; label: string } {
  const filter: LedgerFilter = {
    ...(symbol === undefined ? {} : { symbol }),
    ...(horizon === undefined ? {} : { horizon: resolveHorizon(horizon).horizon }),
  };
  const label = t("accuracy.label", {
    symbol: filter.symbol ?? t("accuracy.allSymbols"),
    horizon: filter.horizon ?? t("accuracy.allHorizons"),
  });
  return { filter, label };
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
  async ({ symbol, horizon }, { services, i18n = ENGLISH }) => {
    const { t } = i18n;
    const pair =
      symbol === undefined ? undefined : await accuracySymbol(symbol, services.symbols, services.forecasts);
    const { filter, label } = trackRecordFilter(pair, horizon, i18n);
    const record = await services.forecasts.trackRecord(filter);
    const mixed = filter.symbol === undefined && record.count > 0 ? [t("accuracy.mixed")] : [];
    return {
      title: t("accuracy.title"),
      lines: [...describeTrackRecord(record, label, i18n), ...mixed],
      footer: t("accuracy.footer"),
    };
  },
);
