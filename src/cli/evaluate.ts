import type { Command } from "commander";
import { UserError } from "../errors.js";
import type { WalkForwardResult } from "../evaluation/walk-forward-result.js";
import { buildMarketInputs, withMarket } from "../features/market-inputs.js";
import { TIMEFRAME_MS } from "../market/types.js";
import { parseModelTimeframe } from "../model/horizons.js";
import type { Hyperparameters } from "../model/networks/architectures.js";
import type { Pooling } from "../model/networks/neural-forecaster.js";
import { BASELINE_NAMES, MODEL_NAMES } from "../model/saved/model-names.js";
import type { SeriesData } from "../model/types.js";
import type { Services } from "../services.js";
import { isoDay } from "../time.js";
import { parseDate, parsePositiveInt } from "./options.js";
import { createWalkForwardProgress } from "./progress.js";
import { createTrainingPool } from "./train.js";

interface EvaluateFlags {
  timeframe: string;
  start: string;
  end?: string;
  refitDays: string;
  models: string;
  combine?: string;
  pooling: string;
  epochs?: string;
  seeds?: string;
  out?: string;
  append?: boolean;
  frozen?: boolean;
  model?: string;
  history?: string;
  workers: string;
  leaveOneCoinOut?: boolean;
  anchor?: string;
  stride?: string;
  holdOut?: string;
  corpus?: boolean;
  market?: boolean;
  ensembleOnly?: boolean;
  ensembleWeights?: boolean;
}

/** `coincast evaluate`: walk-forward evaluation of every model, or `--frozen` scoring of a saved one. */
export function registerEvaluateCommand(program: Command, services: Services): void {
  program
    .command("evaluate")
    .description("walk-forward evaluation against the baselines (or --frozen: score a saved model)")
    .option("--timeframe <tf>", "model timeframe: 1d or 4h", "1d")
    .option("--start <date>", "first forecast origin (UTC)", "2023-01-01")
    .option("--end <date>", "last forecast origin (UTC); default: the last candle")
    .option("--refit-days <n>", "refit every N days (expanding window)", "180")
    .option("--models <list>", "comma-separated models", MODEL_NAMES.join(","))
    .option(
      "--combine <list>",
      "comma-separated equal-weight quantile averages to score too, e.g. har+garch+ewma,har+garch",
    )
    .option("--pooling <mode>", "pooled (BTC, ETH, XRP together) or per-symbol", "pooled")
    .option("--epochs <n>", "cap training epochs (quick runs)")
    .option(
      "--seeds <n>",
      "also score each network as a quantile-averaged ensemble of n seeds (<model>-x<n>)",
    )
    .option("--out <dir>", "write report.json and report.md here")
    .option("--append", "with --out: add these models to the report already there (same settings)")
    .option("--frozen", "score a saved model without retraining")
    .option("--model <dir>", "with --frozen: the saved model's folder, e.g. models/1d")
    .option("--history <dir>", "with --frozen: folder of candle CSVs in the shipped format")
    .option(
      "--leave-one-coin-out",
      "train the network on the other coins and score each coin it never saw (baselines as usual)",
    )
    .option("--anchor <kind>", "networks' target scale: ewma (default) or har (global, HAR-anchored)")
    .option("--stride <n>", "networks train on every n-th window of each coin (global 4h: subsampled)")
    .option("--hold-out <list>", "coins the networks never train on, scored as unseen, e.g. ADA,LINK")
    .option(
      "--corpus",
      "add the training corpus (data/corpus, DATA_DIR/corpus): coins with a year of history before --start are scored, every coin trains",
    )
    .option(
      "--market",
      "with --anchor har: the network also reads market-wide inputs (cross-coin volatility, BTC's return and volatility)",
    )
    .option("--ensemble-only", "with --seeds: score the seed ensemble only, not the single network too")
    .option(
      "--ensemble-weights",
      "with --anchor har and --seeds: one anchor weight per horizon chosen for each ensemble as a whole, not per member",
    )
    .option(
      "--workers <n>",
      "neural fits at once, each in its own training worker thread (1: this thread)",
      "2",
    )
    .action(async (flags: EvaluateFlags) => {
      const start = parseDate(flags.start, "--start");
      const progress = createWalkForwardProgress();
      try {
        if (flags.frozen) await runFrozen(services, flags, start, progress.onProgress);
        else await runWalkForward(services, flags, start, progress.onProgress);
      } finally {
        progress.stop();
      }
    });
}

async function runWalkForward(
  services: Services,
  flags: EvaluateFlags,
  start: number,
  onProgress: ReturnType<typeof createWalkForwardProgress>["onProgress"],
): Promise<void> {
  const timeframe = parseModelTimeframe(flags.timeframe);
  // Imported when the command runs: the models and the evaluation load TensorFlow.js.
  const [{ parseModelNames }, { evaluateModels }] = await Promise.all([
    import("../model/saved/forecasters.js"),
    import("../evaluation/evaluate.js"),
  ]);
  const models = parseModelNames(flags.models);
  const combinations = (flags.combine ?? "")
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c.length > 0)
    .map((c) => parseModelNames(c.replaceAll("+", ",")));
  const pooling = parsePooling(flags.pooling);
  const refitDays = parsePositiveInt(flags.refitDays, "--refit-days");
  const stepsPerDay = TIMEFRAME_MS["1d"] / TIMEFRAME_MS[timeframe];
  await services.modelBackend();
  const served = await services.modelSeries(timeframe);
  // The served pairs set the end: corpus series stop earlier (2025-07-15) and are scored up to their end.
  const lastCandle = Math.min(...served.map((s) => s.candles.at(-1)?.time ?? 0));
  const corpus = flags.corpus
    ? corpusForEvaluation(await services.corpusSeries(timeframe), start, stepsPerDay)
    : { scored: [], trainOnly: [] };
  const hyper = networkHyper(flags);
  const seeds = flags.seeds ? parsePositiveInt(flags.seeds, "--seeds") : undefined;
  if (hyper.ensembleWeights && (seeds ?? 1) < 2)
    throw new UserError("--ensemble-weights needs --seeds 2 or more (an ensemble).", { code: "bad-option" });
  // The market-wide inputs come from every coin a network may train on (held-out coins stay unseen).
  const held = new Set(hyper.holdOut ?? []);
  const market = flags.market
    ? buildMarketInputs([...served, ...corpus.scored, ...corpus.trainOnly].filter((s) => !held.has(s.symbol)))
    : undefined;
  const attach = (list: readonly SeriesData[]) =>
    market === undefined ? [...list] : withMarket(list, market);
  const series = attach([...served, ...corpus.scored]);
  const end = flags.end === undefined ? lastCandle : parseDate(flags.end, "--end");
  if (start >= end)
    throw new UserError(`--start ${isoDay(start)} is not before the end ${isoDay(end)}.`, {
      code: "bad-date-range",
    });
  const workers = parsePositiveInt(flags.workers, "--workers");
  const pool = workers > 1 ? createTrainingPool(services, workers) : undefined;
  try {
    const result = await evaluateModels({
      series,
      ...(corpus.trainOnly.length > 0 ? { trainOnly: attach(corpus.trainOnly) } : {}),
      ...(flags.ensembleOnly ? { ensembleOnly: true } : {}),
      timeframe,
      models,
      ...(combinations.length > 0 ? { combinations } : {}),
      start,
      end,
      refitEvery: refitDays * stepsPerDay,
      pooling,
      ...(flags.leaveOneCoinOut ? { leaveOneCoinOut: true } : {}),
      hyper,
      ...(seeds === undefined ? {} : { seeds }),
      ...(pool === undefined
        ? {}
        : {
            training: { run: (input, onTrain) => pool.run("train", input, { onProgress: onTrain }), workers },
          }),
      onProgress,
      // Each fold's common weights beside the members' own, for the run's log (the members' metas are not kept).
      onEnsembleWeights: ({ model, trainEnd, weights, members }) =>
        process.stderr.write(
          `${model} fold to ${isoDay(trainEnd)}: ensemble weights [${weights.join(", ")}], members' own ${members.map((m) => `[${m.join(", ")}]`).join(" ")}\n`,
        ),
    });
    // The report says which coins no network trained on and with which recipe, so a forecast for a coin
    // outside training can quote the held-out rows of its own recipe only.
    await printAndWrite({ ...result, config: { ...result.config, ...recipeConfig(hyper) } }, flags);
  } finally {
    await pool?.close();
  }
}

async function runFrozen(
  services: Services,
  flags: EvaluateFlags,
  start: number,
  onProgress: ReturnType<typeof createWalkForwardProgress>["onProgress"],
): Promise<void> {
  if (!flags.model || !flags.history)
    throw new UserError("--frozen needs --model DIR (a saved model) and --history DIR (candle CSVs).", {
      code: "missing-option",
    });
  await services.modelBackend();
  const history = flags.history;
  const [{ evaluateFrozen }, { loadCsvFolder }] = await Promise.all([
    import("../evaluation/evaluate.js"),
    import("../market/csv-folder.js"),
  ]);
  const frozen = await evaluateFrozen({
    modelDir: flags.model,
    loadSeries: async (timeframe) =>
      (await loadCsvFolder(history, timeframe, services.logger)).map(({ symbol, candles }) => ({
        symbol,
        candles,
      })),
    start,
    ...(flags.end === undefined ? {} : { end: parseDate(flags.end, "--end") }),
    baselines: BASELINE_NAMES,
    onProgress,
  });
  if (frozen.overlapsTraining) {
    process.stdout.write(
      `Note: the model was trained on data up to ${isoDay(frozen.trainedUntil)}; origins from ${isoDay(start)} ` +
        "overlap its training data, so these figures are in-sample, not a fair test.\n\n",
    );
  }
  await printAndWrite(frozen.result, flags);
}

/** Prints the report; with --out writes report.json and report.md there (merged into it with --append). */
async function printAndWrite(result: WalkForwardResult, flags: EvaluateFlags): Promise<void> {
  const [{ mergeResults }, { formatConsoleReport, readReport, writeReport }] = await Promise.all([
    import("../evaluation/merge.js"),
    import("../evaluation/report.js"),
  ]);
  process.stdout.write(`${formatConsoleReport(result)}\n`);
  if (!flags.out) return;
  const previous = flags.append ? await readReport(flags.out) : null;
  const files = await writeReport(previous ? mergeResults(previous, result) : result, flags.out);
  process.stdout.write(`\nWrote ${files.json} and ${files.markdown}${previous ? " (merged)" : ""}\n`);
}

/** The networks' recipe as the report's config records it (what isServedRow matches a served model on). */
export function recipeConfig(hyper: Partial<Hyperparameters>): Partial<WalkForwardResult["config"]> {
  return {
    ...(hyper.holdOut === undefined ? {} : { holdOut: [...hyper.holdOut] }),
    ...(hyper.marketInputs ? { marketInputs: true } : {}),
    ...(hyper.ensembleWeights ? { ensembleWeights: true } : {}),
    ...(hyper.anchor === undefined ? {} : { anchor: hyper.anchor }),
    ...(hyper.epochs === undefined ? {} : { epochs: hyper.epochs }),
    ...(hyper.trainStride === undefined ? {} : { trainStride: hyper.trainStride }),
  };
}

/**
 * Training knobs of the networks from the flags (issue 27: anchor, stride, held-out coins, market inputs,
 * ensemble weights).
 */
export function networkHyper(
  flags: Pick<EvaluateFlags, "anchor" | "holdOut" | "market" | "epochs" | "stride" | "ensembleWeights">,
): Partial<Hyperparameters> {
  const anchor = flags.anchor;
  if (anchor !== undefined && anchor !== "ewma" && anchor !== "har")
    throw new UserError(`--anchor expects ewma or har, got "${anchor.slice(0, 20)}".`, {
      code: "bad-option",
    });
  const holdOut = (flags.holdOut ?? "")
    .split(",")
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c.length > 0)
    .map((c) => (c.includes("/") ? c : `${c}/USDT`));
  if (flags.market && anchor !== "har")
    throw new UserError("--market needs --anchor har (the global network).", { code: "bad-option" });
  if (flags.ensembleWeights && anchor !== "har")
    throw new UserError("--ensemble-weights needs --anchor har (the global network).", {
      code: "bad-option",
    });
  return {
    ...(flags.epochs ? { epochs: parsePositiveInt(flags.epochs, "--epochs") } : {}),
    ...(flags.market ? { marketInputs: true } : {}),
    ...(flags.ensembleWeights ? { ensembleWeights: true } : {}),
    ...(anchor === undefined ? {} : { anchor }),
    ...(flags.stride ? { trainStride: parsePositiveInt(flags.stride, "--stride") } : {}),
    ...(holdOut.length > 0 ? { holdOut } : {}),
  };
}

/**
 * The corpus series a walk-forward can score: a year of history before `start` (HAR and the baselines need
 * it at the first refit). Coins listed later only train the networks (issue 27: they enter the panel when
 * listed, each window once the coin has the history it needs); nothing is scored on them.
 */
function corpusForEvaluation(
  corpus: readonly SeriesData[],
  start: number,
  perDay: number,
): { scored: SeriesData[]; trainOnly: SeriesData[] } {
  const scorable = (s: SeriesData) => s.candles.filter((c) => c.time < start).length >= 365 * perDay;
  return { scored: corpus.filter(scorable), trainOnly: corpus.filter((s) => !scorable(s)) };
}

function parsePooling(input: string): Pooling {
  if (input === "pooled" || input === "per-symbol") return input;
  throw new UserError(`--pooling expects pooled or per-symbol, got "${input.slice(0, 20)}".`, {
    code: "bad-option",
  });
}
