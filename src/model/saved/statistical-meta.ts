import { z } from "zod";
import { calendarTermNames } from "../../features/calendar.js";
import { RV_FEATURE_NAMES } from "../../features/realized-volatility.js";
import { TIMEFRAMES, type Timeframe } from "../../market/types.js";
import { HAR_RV_TERMS } from "../baselines/har.js";
import type { SymbolFitState } from "../baselines/volatility-forecaster.js";
import { MODEL_FORMAT_VERSION } from "./model-meta.js";

/** The volatility models a statistical model directory can hold, alone or as an equal-weight combination. */
export const STATISTICAL_MEMBERS = ["ewma", "garch", "har"] as const;
export type StatisticalMember = (typeof STATISTICAL_MEMBERS)[number];

/**
 * meta.json of a statistical model (`kind: "statistical"`): no weights, the fitted parameters are the
 * model. One member (e.g. HAR-RV) or several whose quantiles are averaged (name "har+garch+ewma"). Each
 * member keeps one fit per symbol it was fitted on; a coin it was not fitted on is fitted on the history a
 * forecast request carries (see baselines/statistical-forecaster.ts).
 */
export interface StatisticalMeta {
  version: typeof MODEL_FORMAT_VERSION;
  kind: "statistical";
  /** Members joined by "+": the model's name in reports. */
  name: string;
  members: StatisticalMember[];
  /** ISO 8601 time the model was fitted. */
  created: string;
  /** Open time (ms) of the last candle the fit read. */
  trainedUntil: number;
  /** sha256 of the candles fitted on. */
  dataHash: string;
  timeframe: Timeframe;
  /** Symbols fitted on. */
  symbols: string[];
  horizons: number[];
  quantiles: number[];
  /** member -> symbol -> fitted volatility model and standardised quantiles per horizon. */
  fits: Record<string, Record<string, SymbolFitState>>;
  /** Fit figures (milliseconds, row counts). */
  metrics: Record<string, number>;
}

const finite = z.number().finite();
const positiveInt = z.number().int().positive();

const volatilityStateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ewma"), lambda: z.number().gt(0).lt(1) }),
  z.object({
    kind: z.literal("garch"),
    omega: z.number().positive(),
    alpha: z.number().min(0),
    beta: z.number().min(0),
    nu: z.number().gt(2),
    initialVariance: z.number().positive(),
    logLikelihood: finite,
    startTime: z.number().int(),
    anchorTime: z.number().int().optional(),
    anchorVariance: z.number().positive().optional(),
  }),
  z.object({
    kind: z.literal("har"),
    perDay: positiveInt,
    horizons: z
      .array(
        z
          .object({
            horizon: positiveInt,
            terms: z.array(z.string()).min(1).optional(),
            beta: z.array(finite),
            residualVariance: z.number().min(0),
            logSmearing: finite.optional(),
          })
          .refine((h) => h.beta.length === (h.terms?.length ?? HAR_RV_TERMS.length) + 1, {
            message: "a HAR regression has one coefficient per term and an intercept",
          }),
      )
      .min(1),
  }),
]);

const symbolFitSchema = z
  .object({
    model: volatilityStateSchema,
    quantiles: z.record(z.string(), z.array(finite)),
  })
  .superRefine(({ model }, ctx) => {
    if (model.kind !== "har") return;
    // A HAR term is a realised-volatility feature or a calendar share of a series with this many candles a day.
    const known = new Set<string>([...RV_FEATURE_NAMES, ...calendarTermNames(model.perDay)]);
    model.horizons.forEach((h, i) => {
      for (const term of h.terms ?? []) {
        if (!known.has(term))
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["model", "horizons", i, "terms"],
            message: `unknown HAR term ${term}`,
          });
      }
    });
  });

export const statisticalMetaSchema = z
  .object({
    version: z.literal(MODEL_FORMAT_VERSION),
    kind: z.literal("statistical"),
    name: z.string().min(1),
    members: z.array(z.enum(STATISTICAL_MEMBERS)).min(1),
    created: z.string().datetime(),
    trainedUntil: z.number().int(),
    dataHash: z.string().min(1),
    timeframe: z.enum(TIMEFRAMES),
    symbols: z.array(z.string().min(1)).min(1),
    horizons: z.array(positiveInt).min(1),
    quantiles: z.array(z.number().gt(0).lt(1)).min(1),
    fits: z.record(z.string(), z.record(z.string(), symbolFitSchema)),
    metrics: z.record(z.string(), z.number()),
  })
  .superRefine((meta, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (meta.name !== meta.members.join("+")) issue("name", `must be the members joined by "+"`);
    for (const member of meta.members) {
      const bySymbol = meta.fits[member];
      if (bySymbol === undefined) {
        issue("fits", `no fits for member ${member}`);
        continue;
      }
      for (const symbol of meta.symbols) {
        const fit = bySymbol[symbol];
        if (fit === undefined) {
          issue("fits", `${member} has no fit for ${symbol}`);
          continue;
        }
        if (fit.model.kind !== member)
          issue("fits", `${member} fit of ${symbol} holds a ${fit.model.kind} model`);
        for (const h of meta.horizons) {
          if (fit.quantiles[String(h)]?.length !== meta.quantiles.length) {
            issue(
              "fits",
              `${member} fit of ${symbol} needs ${meta.quantiles.length} quantiles at horizon ${h}`,
            );
          }
        }
      }
    }
  }) satisfies z.ZodType<StatisticalMeta>;
