import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { LEAVE_ONE_COIN_OUT_SUFFIX, servedRecipe, servedRow } from "../evaluation/unseen-coins.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { kindOf } from "../model/saved/forecasters.js";
import { readSavedMetas } from "../model/saved/model-io.js";
import type { Services } from "../services.js";
import { parseTimeframes, TIMEFRAME_OR_ALL } from "./options.js";

/**
 * (Re)writes models/<timeframe>/MODEL_CARD.md from the saved meta.json and the recorded evaluations: a global
 * network anchored on HAR quotes the latest global walk-forward (models/evaluation/<tf>-global*) that scored
 * its recipe (seeds, anchor, market inputs), not the leave-one-coin-out run.
 */
export async function writeModelCard(modelsDir: string, timeframe: ModelTimeframe): Promise<string> {
  const [{ renderModelCard }, { evaluationDir, readReport }, { globalRuns }] = await Promise.all([
    import("../evaluation/model-card.js"),
    import("../evaluation/report.js"),
    import("../evaluation/recorded.js"),
  ]);
  const dir = join(modelsDir, timeframe);
  const metas = await readSavedMetas(dir);
  const [meta] = metas;
  const recipe = servedRecipe(metas);
  if (meta === undefined || recipe === null)
    throw new UserError(`No saved ${timeframe} model in ${dir}: run \`coincast train\`.`, {
      code: "no-model",
      params: { timeframe },
    });
  const file = join(dir, "MODEL_CARD.md");
  const anchored = kindOf(meta).match({
    network: (m) => m.targetScaling === "har",
    statistical: () => false,
  });
  const ownGlobalRun = async () => {
    // One report at a time, newest run first: the 4h reports are 13 MB each.
    for (const run of (await globalRuns(modelsDir, timeframe)).reverse()) {
      const result = await readReport(evaluationDir(modelsDir, run));
      if (result !== null && servedRow(result, recipe) !== undefined) return { run, result };
    }
    return null;
  };
  const [evaluation, unseen, global] = await Promise.all([
    readReport(evaluationDir(modelsDir, timeframe)),
    anchored ? null : readReport(evaluationDir(modelsDir, `${timeframe}${LEAVE_ONE_COIN_OUT_SUFFIX}`)),
    anchored ? ownGlobalRun() : null,
  ]);
  await writeFile(file, renderModelCard(meta, evaluation, unseen, global, metas));
  return file;
}

/** `coincast model-card`: rewrites the cards of the saved models (train does too after each save). */
export function registerModelCardCommand(program: Command, services: Services): void {
  program
    .command("model-card")
    .description(
      "rewrite models/<timeframe>/MODEL_CARD.md from the saved model and models/evaluation/<timeframe>/",
    )
    .option("--timeframe <tf>", TIMEFRAME_OR_ALL, "all")
    .action(async (flags: { timeframe: string }) => {
      for (const timeframe of parseTimeframes(flags.timeframe)) {
        process.stdout.write(`Wrote ${await writeModelCard(services.config.modelsDir, timeframe)}\n`);
      }
    });
}
