import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { renderModelCard } from "../evaluation/model-card.js";
import { readReport } from "../evaluation/report.js";
import type { Services } from "../main.js";
import {
  horizonSteps,
  MODEL_TIMEFRAMES,
  type ModelTimeframe,
  parseModelTimeframe,
} from "../model/horizons.js";
import { createNeuralForecaster } from "../model/neural-forecaster.js";
import { parsePositiveInt } from "./options.js";
import { createTrainProgressBar } from "./progress.js";

/** Where `coincast evaluate --out` is pointed for the shipped models, and where the model card reads it. */
export function evaluationDir(modelsDir: string, timeframe: ModelTimeframe): string {
  return join(modelsDir, "evaluation", timeframe);
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
    .action(async (flags: { timeframe: string; epochs?: string }) => {
      const timeframes =
        flags.timeframe === "all" ? MODEL_TIMEFRAMES : [parseModelTimeframe(flags.timeframe)];
      const epochs = flags.epochs === undefined ? undefined : parsePositiveInt(flags.epochs, "--epochs");
      for (const timeframe of timeframes) await trainTimeframe(services, timeframe, epochs);
    });
}

async function trainTimeframe(services: Services, timeframe: ModelTimeframe, epochs?: number): Promise<void> {
  const backend = await services.modelBackend();
  const series = await services.modelSeries(timeframe);
  const trainEnd = Math.min(...series.map((s) => s.candles.at(-1)?.time ?? 0));
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
  const evaluation = await readReport(evaluationDir(services.config.modelsDir, timeframe));
  await writeFile(join(dir, "MODEL_CARD.md"), renderModelCard(meta, evaluation));
  process.stdout.write(
    `Saved ${dir} (${timeframe}, trained until ${new Date(meta.trainedUntil).toISOString().slice(0, 10)}, ` +
      `${backend.name}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}
