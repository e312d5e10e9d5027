import type { Command } from "commander";
import { describeRetrainOutcome } from "../../commands/retrain.js";
import { describeFallback } from "../lifecycle/champion-fallback.js";
import type { RetrainOutcome } from "../lifecycle/retrainer.js";
import { MODEL_TIMEFRAMES, parseModelTimeframe } from "../model/horizons.js";
import type { Services } from "../services.js";
import { isoDay, utcMinute } from "../time.js";
import { parseTimeframes, TIMEFRAME_OR_ALL } from "./options.js";
import { createTrainProgressBar, retrainProgress } from "./progress.js";

/** `coincast retrain` and `coincast model list|rollback`: model versions, champion and challenger. */
export function registerModelCommands(program: Command, services: Services): void {
  program
    .command("retrain")
    .description(
      "train a challenger on the latest data; it replaces the serving model only if it scores no worse on the newest held-out data",
    )
    .option("--timeframe <tf>", TIMEFRAME_OR_ALL, "all")
    .action(async (flags: { timeframe: string }) => {
      const service = await services.forecastService();
      for (const timeframe of parseTimeframes(flags.timeframe)) {
        const bar = createTrainProgressBar();
        let outcomes: RetrainOutcome[];
        try {
          outcomes = await service.retrainer.retrain({ timeframe }, retrainProgress(bar, timeframe));
        } finally {
          bar.stop();
        }
        for (const outcome of outcomes) process.stdout.write(`${describeRetrainOutcome(outcome)}\n`);
      }
    });

  const model = program
    .command("model")
    .description("list or roll back the model versions that serve forecasts");
  model
    .command("list")
    .description("the kept versions of each model, the serving one marked")
    .option("--timeframe <tf>", TIMEFRAME_OR_ALL, "all")
    .action(async (flags: { timeframe: string }) => {
      // Reading only: no fleet to tell, so no Redis connection to open.
      const registry = await services.modelVersions();
      for (const timeframe of parseTimeframes(flags.timeframe)) {
        process.stdout.write(`${timeframe}:\n`);
        const versions = await registry.versions(timeframe);
        const { fallback, id } = versions.find((v) => v.champion) ?? {};
        if (fallback !== undefined && id !== undefined)
          process.stdout.write(`  ! ${describeFallback(id, fallback)}\n`);
        for (const v of versions) {
          const promoted =
            v.promotedAt === null
              ? "shipped with Coincast"
              : v.neverServed
                ? "staged, never served (its promotion stopped before the switch)"
                : `promoted ${utcMinute(v.promotedAt)} UTC`;
          process.stdout.write(
            `  ${v.champion ? "*" : " "} ${v.id.padEnd(22)} trained until ${isoDay(v.meta.trainedUntil)}, ${promoted}\n`,
          );
        }
      }
    });
  model
    .command("rollback")
    .description("serve an earlier version again (default: the one before the current champion)")
    .argument("[id]", "a version id from `coincast model list`, or shipped")
    .option("--timeframe <tf>", MODEL_TIMEFRAMES.join(" or "), "1d")
    .action(async (id: string | undefined, flags: { timeframe: string }) => {
      const timeframe = parseModelTimeframe(flags.timeframe);
      const restored = await (await services.modelRegistry()).rollback(timeframe, id);
      process.stdout.write(
        `${timeframe}: ${restored.id} serves again (trained until ${isoDay(restored.meta.trainedUntil)}). ` +
          (services.config.redisUrl === undefined
            ? "A running bot on this DATA_DIR serves it from its first forecast a minute after it last checked.\n"
            : "Every bot replica of the fleet serves it now.\n"),
      );
    });
}
