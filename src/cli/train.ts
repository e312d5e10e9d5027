import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import {
  horizonSteps,
  MODEL_TIMEFRAMES,
  type ModelTimeframe,
  parseModelTimeframe,
} from "../model/horizons.js";
import { readSavedMetas } from "../model/model-io.js";
import type { Services } from "../services.js";
import { isoDay } from "../time.js";
import { parseDate, parsePositiveInt } from "./options.js";
import { createTrainProgressBar } from "./progress.js";

/** (Re)writes models/<timeframe>/MODEL_CARD.md from the saved meta.json and the recorded evaluation. */
export async function writeModelCard(modelsDir: string, timeframe: ModelTimeframe): Promise<string> {
  const [{ renderModelCard }, { evaluationDir, readReport }] = await Promise.all([
    import("../evaluation/model-card.js"),
    import("../evaluation/report.js"),
  ]);
  const dir = join(modelsDir, timeframe);
  const [meta] = await readSavedMetas(dir);
  if (meta === undefined)
    throw new UserError(`No saved ${timeframe} model in ${dir}: run \`coincast train\`.`, {
      code: "no-model",
    });
  const file = join(dir, "MODEL_CARD.md");
  await writeFile(file, renderModelCard(meta, await readReport(evaluationDir(modelsDir, timeframe))));
  return file;
}

/** `coincast train`: reproduces the shipped models from the stored (shipped or live-extended) history. */
export function registerTrainCommand(program: Command, services: Services): void {
  program
    .command("train")
    .description(
      "train the CNN-GRU on all stored history and save it to models/<timeframe>/ with its model card",
    )
    .option("--timeframe <tf>", `${MODEL_TIMEFRAMES.join(", ")} or all`, "all")
    .option("--epochs <n>", "cap training epochs")
    .option("--until <date>", "train on candles up to this date only (UTC), to keep later data out of sample")
    .action(async (flags: { timeframe: string; epochs?: string; until?: string }) => {
      const timeframes =
        flags.timeframe === "all" ? MODEL_TIMEFRAMES : [parseModelTimeframe(flags.timeframe)];
      const options = {
        ...(flags.epochs === undefined ? {} : { epochs: parsePositiveInt(flags.epochs, "--epochs") }),
        ...(flags.until === undefined ? {} : { until: parseDate(flags.until, "--until") }),
      };
      for (const timeframe of timeframes) await trainTimeframe(services, timeframe, options);
    });
  program
    .command("model-card")
    .description(
      "rewrite models/<timeframe>/MODEL_CARD.md from the saved model and models/evaluation/<timeframe>/",
    )
    .option("--timeframe <tf>", `${MODEL_TIMEFRAMES.join(", ")} or all`, "all")
    .action(async (flags: { timeframe: string }) => {
      const timeframes =
        flags.timeframe === "all" ? MODEL_TIMEFRAMES : [parseModelTimeframe(flags.timeframe)];
      for (const timeframe of timeframes) {
        process.stdout.write(`Wrote ${await writeModelCard(services.config.modelsDir, timeframe)}\n`);
      }
    });
}

async function trainTimeframe(
  services: Services,
  timeframe: ModelTimeframe,
  { epochs, until }: { epochs?: number; until?: number },
): Promise<void> {
  const backend = await services.modelBackend();
  const series = await services.modelSeries(timeframe);
  const lastCandle = Math.min(...series.map((s) => s.candles.at(-1)?.time ?? 0));
  const trainEnd = until === undefined ? lastCandle : Math.min(until, lastCandle);
  // Imported when a command trains: TensorFlow.js is not what `coincast --help` should load.
  const { createNeuralForecaster } = await import("../model/neural-forecaster.js");
  const forecaster = createNeuralForecaster({
    name: "cnn-gru",
    architecture: "cnn-gru",
    timeframe,
    ...(epochs === undefined ? {} : { hyper: { epochs } }),
  });
  const bar = createTrainProgressBar();
  const started = Date.now();
  try {
    await forecaster.fit(series, trainEnd, horizonSteps(timeframe), (p) => bar.onTrain(p, `${timeframe} `));
  } finally {
    bar.stop();
  }
  const dir = join(services.config.modelsDir, timeframe);
  await forecaster.toSaved(dir);
  const [meta] = forecaster.networks;
  forecaster.dispose();
  if (meta === undefined) throw new Error("training produced no network");
  await writeModelCard(services.config.modelsDir, timeframe);
  process.stdout.write(
    `Saved ${dir} (${timeframe}, trained until ${isoDay(meta.trainedUntil)}, ` +
      `${backend.name}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}
