import type { UserErrorCode } from "../errors.js";

/**
 * What a translated refusal may quote: per code, and per i18next context ("" for none), the params its
 * throwers pass (besides `context`; `{{hint}}` is userErrorLines' own and always there). A code's "" entry
 * names what every thrower of the code passes, the command line's too, so that a refusal without a context
 * never reads an absent value; a thrower that names more passes a context, whose variant `<code>_<context>`
 * every language must translate (catalogue.ts). The English message says the same at the line that throws;
 * test/i18n/catalogues.test.ts holds every translation to this table, test/i18n/refusal-params.test.ts
 * each thrower. A code not listed passes nothing.
 */
export const REFUSAL_PARAMS = {
  "alert-exists": { "": ["id"] },
  "alert-limit": { "": ["limit"] },
  "backfill-failed": {
    "": ["symbol", "exchange", "reason"],
    // While the exchange cools down (market/cooldown.ts): when to try again, not a fault's words.
    rateLimited: ["symbol", "exchange", "until"],
    coolingDown: ["symbol", "exchange", "until"],
  },
  // The examples are two, "100000 or 2.05": each language joins them with its own "or".
  "bad-number": {
    "": [],
    level: ["example", "otherExample"],
    level_named: ["input", "example", "otherExample"],
    probability: ["example", "otherExample"],
    percent: ["example", "otherExample"],
    positive: ["example", "otherExample"],
  },
  "bad-option": { "": [], coinOnly: ["kind"], oneId: ["first", "second", "ids"], removeOnly: [] },
  "bad-time": { "": [], named: ["input"] },
  busy: { "": ["queued"] },
  "exchange-unavailable": { "": ["servable"], named: ["asked", "servable"] },
  "history-too-short": {
    "": [],
    candles: ["symbol", "candles", "timeframe", "needed"],
    // The daily model's refusal also suggests a horizon the 4h model serves.
    candles_daily: ["symbol", "candles", "timeframe", "needed"],
    volatility: ["symbol", "days"],
  },
  "input-too-long": { "": [], listed: ["symbols"] },
  "missing-option": { "": [], level: ["kind", "example"], direction: ["kind", "example"] },
  "missing-symbol": { "": [], alert: ["example"] },
  "no-candles": { "": ["timeframe", "symbol", "exchange"] },
  "no-model": { "": ["timeframe"] },
  "on-demand-off": { "": ["symbol", "configured"] },
  "retrain-running": { "": ["fraction", "timeframe", "started"] },
  "unknown-alert": { "": [], named: ["input"], missing: [], id: ["id"] },
  "unknown-horizon": { "": ["horizons"], named: ["input", "horizons"] },
  "unknown-symbol": { "": [], named: ["input"], listed: ["symbols"], named_listed: ["input", "symbols"] },
  "unknown-time-zone": { "": [], named: ["input"] },
  "worker-timeout": { "": ["seconds"] },
} as const satisfies { [C in UserErrorCode]?: Record<string, readonly string[]> };

type Listed = typeof REFUSAL_PARAMS;

/** A code's variants (context → the params its throwers pass); a code the table leaves out: the plain one, quoting nothing. */
export function refusalVariants(code: string): Readonly<Record<string, readonly string[]>> {
  return (REFUSAL_PARAMS as Record<string, Record<string, readonly string[]>>)[code] ?? { "": [] };
}

/** Every `<code>_<context>` key the table declares: each language's catalogue must have them all. */
export type RefusalVariant = {
  [C in keyof Listed]: `${C}_${Exclude<keyof Listed[C], ""> & string}`;
}[keyof Listed];
