import { isUserError } from "../src/errors.js";
import { fleetStatusLines } from "../src/fleet/status-lines.js";
import type { SHIPPED_ID } from "../src/lifecycle/model-registry.js";
import { MODEL_HORIZONS, MODEL_TIMEFRAMES, type ModelTimeframe } from "../src/model/horizons.js";
import { describeKind } from "../src/model/model-kind.js";
import { isoDay, utcMinute } from "../src/time.js";
import { type CommandServices, defineCommand } from "./types.js";
import { servingVerdicts } from "./verdict.js";

// Type-checked against the registry's constant without loading the registry (and TensorFlow.js) here.
const SHIPPED: typeof SHIPPED_ID = "shipped";

/** The model card of one timeframe's serving model, in brief. */
async function describeModel(services: CommandServices, timeframe: ModelTimeframe): Promise<string[]> {
  let champion: Awaited<ReturnType<CommandServices["forecasts"]["champion"]>>;
  try {
    champion = await services.forecasts.champion(timeframe);
  } catch (error) {
    // One timeframe without a usable model must not hide the other's card.
    if (isUserError(error)) return [`${timeframe} model: ${error.message}`];
    throw error;
  }
  const { meta } = champion;
  const origin =
    champion.id === SHIPPED
      ? "shipped with Coincast"
      : `retrained, serving since ${utcMinute(champion.promotedAt)} UTC`;
  const verdicts = await servingVerdicts(services, timeframe);
  const evaluation =
    verdicts.length === 0
      ? ["No out-of-sample evaluation is recorded for it."]
      : [
          `Out of sample (recorded evaluation${champion.id === SHIPPED ? "" : " of the shipped version"}):`,
          ...verdicts.map((v) => v.text),
        ];
  const adaptive: string[] = [];
  if (services.forecasts.adaptiveIntervals) {
    for (const horizon of Object.keys(MODEL_HORIZONS[timeframe])) {
      const intervals = await services.forecasts.adaptiveIntervals(horizon);
      const learned = intervals.filter((i) => i.updates > 0);
      if (learned.length === 0) continue;
      adaptive.push(
        `Adaptive intervals at ${horizon} (from ${learned[0]?.updates} scored forecasts): ` +
          learned
            .map(
              (i) =>
                `${Math.round(i.coverage * 100)}% served at level ${(100 * (1 - i.alpha)).toFixed(1)}% ` +
                `(observed ${(100 * (i.observedCoverage ?? 0)).toFixed(0)}%)`,
            )
            .join(", "),
      );
    }
  }
  return [
    `${timeframe} model ${champion.version} (${origin}): ${describeKind(meta)}, trained until ` +
      `${isoDay(meta.trainedUntil)}, horizons ${Object.keys(MODEL_HORIZONS[timeframe]).join(", ")}, ` +
      `${fittedOn(meta)} ${meta.symbols.join(", ")}.`,
    ...evaluation,
    ...adaptive,
  ];
}

function fittedOn(meta: Awaited<ReturnType<CommandServices["forecasts"]["champion"]>>["meta"]): string {
  if (meta.kind === "statistical") return "fitted per coin on";
  return meta.pooled ? "one network for" : "one network per coin of";
}

export const modelCommand = defineCommand(
  {
    name: "model",
    description: "The serving models in brief: version, training data, out-of-sample verdict",
    options: [],
    permission: "everyone",
  },
  async (_args, { services, caller }) => {
    const cards: string[] = [];
    for (const timeframe of MODEL_TIMEFRAMES) cards.push(...(await describeModel(services, timeframe)));
    // Worker hosts and queue depth are operations detail: admins only.
    if (caller.isAdmin && services.fleetStatus !== undefined)
      cards.push(
        ...(await services.fleetStatus().then(fleetStatusLines, (error: unknown) => {
          // The queue's Redis away: the models are still described, with the reason there is no fleet line.
          if (isUserError(error)) return [error.message];
          throw error;
        })),
      );
    const where =
      services.fleetStatus === undefined
        ? "Forecasts run in a worker thread"
        : "Forecasts run on the fleet's workers (coincast worker)";
    return {
      title: "The models",
      lines: cards,
      footer: `${where}. MASE below 1 would beat "no change". /faq model explains the models.`,
    };
  },
);
