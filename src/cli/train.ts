import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { buildMarketInputs, withMarket } from "../features/market-inputs.js";
import { horizonSteps, type ModelTimeframe } from "../model/horizons.js";
import type { Hyperparameters } from "../model/networks/architectures.js";
import { kindOf } from "../model/saved/forecasters.js";
import { type ModelMeta, readSavedMetas, writeDirectoryAtomic } from "../model/saved/model-io.js";
import type { StatisticalMember } from "../model/saved/statistical-meta.js";
import type { SeriesData } from "../model/types.js";
import type { Services } from "../services.js";
import { isoDay } from "../time.js";
import { TRAINING_NICE } from "../workers/worker.js";
import { createWorkerPool, type WorkerPool } from "../workers/worker-pool.js";
import { writeModelCard } from "./model-card.js";
import { parseDate, parsePositiveInt, parseTimeframes, TIMEFRAME_OR_ALL } from "./options.js";
import { createTrainProgressBar } from "./progress.js";

/** `coincast train`: reproduces the shipped models from the stored (shipped or live-extended) history. */
export function registerTrainCommand(program: Command, services: Services): void {
  program
    .command("train")
    .description(
      "train (or, for a statistical model, refit) the model kind on all stored history and save it to " +
        "models/<timeframe>/ with its model card",
    )
    .option("--timeframe <tf>", TIMEFRAME_OR_ALL, "all")
    .option("--epochs <n>", "cap training epochs")
    .option("--until <date>", "train on candles up to this date only (UTC), to keep later data out of sample")
    .option("--workers <n>", "timeframes trained at once, each in its own worker thread", "2")
    .option(
      "--global",
      "the network is one global network anchored on HAR, trained on SYMBOLS and the corpus (issue 27)",
    )
    .option(
      "--stride <n>",
      "with --global: train on every n-th window of each coin (default 4 at 1d, 24 at 4h)",
    )
    .option(
      "--market",
      "with --global: the network also reads market-wide inputs (cross-coin volatility, BTC's return and volatility)",
    )
    .option(
      "--seeds <n>",
      "with --global: a seed ensemble of n networks (seeds 42, 43, ...) in one model folder, quantiles averaged",
    )
    .option(
      "--ensemble-weights",
      "with --seeds: one anchor weight per horizon chosen for the whole ensemble on its members' averaged output",
    )
    .option(
      "--kind <kind>",
      "network, or a statistical model: har, garch, ewma or a combination such as har+garch+ewma " +
        "(default: the kind models/<timeframe> holds)",
    )
    .action(
      async (flags: {
        timeframe: string;
        epochs?: string;
        until?: string;
        workers: string;
        kind?: string;
        global?: boolean;
        stride?: string;
        market?: boolean;
        seeds?: string;
        ensembleWeights?: boolean;
      }) => {
        if ((flags.market || flags.seeds !== undefined || flags.stride !== undefined) && !flags.global)
          throw new UserError("--market, --seeds and --stride need --global.", { code: "bad-option" });
        const seeds = flags.seeds === undefined ? 1 : parsePositiveInt(flags.seeds, "--seeds");
        if (flags.ensembleWeights && seeds < 2)
          throw new UserError("--ensemble-weights needs --global --seeds 2 or more.", { code: "bad-option" });
        const timeframes = parseTimeframes(flags.timeframe);
        const options = {
          ...(flags.epochs === undefined ? {} : { epochs: parsePositiveInt(flags.epochs, "--epochs") }),
          ...(flags.until === undefined ? {} : { until: parseDate(flags.until, "--until") }),
          workers: parsePositiveInt(flags.workers, "--workers"),
          ...(flags.global ? { global: true } : {}),
          ...(flags.stride === undefined ? {} : { stride: parsePositiveInt(flags.stride, "--stride") }),
          ...(flags.market ? { market: true } : {}),
          ...(flags.ensembleWeights ? { ensembleWeights: true } : {}),
          seeds,
        };
        const kinds = new Map<ModelTimeframe, StatisticalMember[] | "network">();
        for (const timeframe of timeframes) {
          kinds.set(timeframe, await chosenKind(join(services.config.modelsDir, timeframe), flags.kind));
        }
        const statistical = timeframes.filter((tf) => kinds.get(tf) !== "network");
        for (const timeframe of statistical) {
          await refitStatistical(
            services,
            timeframe,
            kinds.get(timeframe) as StatisticalMember[],
            options.until,
          );
        }
        const networks = timeframes.filter((tf) => kinds.get(tf) === "network");
        if (networks.length > 0) await trainTimeframes(services, networks, options);
      },
    );
}

/** The kind `--kind` names, or the kind the saved model in `dir` is (a network when there is none). */
async function chosenKind(dir: string, kind: string | undefined): Promise<StatisticalMember[] | "network"> {
  const { statisticalMembers } = await import("../model/baselines/statistical-forecaster.js");
  if (kind === undefined) {
    const [meta] = await readSavedMetas(dir).catch(() => []);
    if (meta === undefined) return "network";
    return kindOf(meta).match<StatisticalMember[] | "network">({
      network: () => "network",
      statistical: (m) => m.members,
    });
  }
  if (kind.trim().toLowerCase() === "network") return "network";
  const members = statisticalMembers(kind);
  if (members === undefined) {
    throw new UserError(
      `--kind expects network, har, garch, ewma or a combination such as har+garch+ewma, got "${kind.slice(0, 40)}".`,
      { code: "bad-option" },
    );
  }
  return members;
}

/** Refits a statistical model on all stored history (seconds, on this thread) and saves it with its card. */
async function refitStatistical(
  services: Services,
  timeframe: ModelTimeframe,
  members: StatisticalMember[],
  until: number | undefined,
): Promise<void> {
  const { createStatisticalForecaster } = await import("../model/baselines/statistical-forecaster.js");
  const started = Date.now();
  const series = await services.modelSeries(timeframe);
  const lastCandle = Math.min(...series.map((s) => s.candles.at(-1)?.time ?? 0));
  const trainEnd = until === undefined ? lastCandle : Math.min(until, lastCandle);
  const model = createStatisticalForecaster({ members, timeframe });
  await model.fit(series, trainEnd, [...horizonSteps(timeframe)]);
  const dir = join(services.config.modelsDir, timeframe);
  await model.toSaved(dir);
  await writeModelCard(services.config.modelsDir, timeframe);
  process.stdout.write(
    `Saved ${dir} (${timeframe}, ${model.name}, fitted until ${isoDay(model.metas[0]?.trainedUntil ?? trainEnd)}, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}

/**
 * What `train` trains a timeframe's network on: the served pairs, plus with `global` the corpus (ending
 * earlier, it trains the global network up to its own end); `lastCandle` is the served pairs' common end.
 */
export async function trainingSeries(
  services: Pick<Services, "modelSeries" | "corpusSeries">,
  timeframe: ModelTimeframe,
  global: boolean,
  market = false,
): Promise<{ series: SeriesData[]; lastCandle: number }> {
  const served = await services.modelSeries(timeframe);
  // The served pairs set the end; the corpus (ending earlier) trains the global network up to its end.
  const lastCandle = Math.min(...served.map((s) => s.candles.at(-1)?.time ?? 0));
  const panel = global ? [...served, ...(await services.corpusSeries(timeframe))] : served;
  // The market-wide inputs from the same panel; serving rebuilds them from the pairs it refreshes.
  return { series: market ? withMarket(panel, buildMarketInputs(panel)) : panel, lastCandle };
}

/** The network's hyperparameters from `train`'s flags (the global recipe: HAR anchor, stride, options). */
export function trainHyper(
  timeframe: ModelTimeframe,
  flags: {
    epochs?: number | undefined;
    global?: boolean | undefined;
    stride?: number | undefined;
    market?: boolean | undefined;
    ensembleWeights?: boolean | undefined;
  },
): Partial<Hyperparameters> {
  const { epochs, global, stride, market, ensembleWeights } = flags;
  return {
    ...(epochs === undefined ? {} : { epochs }),
    ...(global ? { anchor: "har" as const, trainStride: stride ?? defaultGlobalStride(timeframe) } : {}),
    ...(market ? { marketInputs: true } : {}),
    ...(ensembleWeights ? { ensembleWeights: true } : {}),
  };
}

/** Every n-th training window of each coin a global network trains on unless `--stride` says otherwise. */
export function defaultGlobalStride(timeframe: ModelTimeframe): number {
  return timeframe === "1d" ? 4 : 24;
}

/**
 * `size` training worker threads (lower priority, each with its own TensorFlow.js back-end); jobs past the
 * busy workers wait their turn.
 */
export function createTrainingPool(services: Services, size: number): WorkerPool {
  const { config, logger } = services;
  return createWorkerPool({
    name: "training",
    size,
    queueLimit: Number.MAX_SAFE_INTEGER,
    workerData: {
      tfBackend: config.tfBackend,
      logLevel: config.logLevel,
      ...(config.logFile === undefined ? {} : { logFile: config.logFile }),
      nice: TRAINING_NICE,
    },
    logger,
  });
}

/**
 * Trains every timeframe in training worker threads (lower priority, each with its own TensorFlow.js
 * back-end), `workers` of them at once: with two cores, two timeframes train side by side.
 */
async function trainTimeframes(
  services: Services,
  timeframes: readonly ModelTimeframe[],
  {
    epochs,
    until,
    workers,
    global,
    stride,
    market,
    ensembleWeights,
    seeds,
  }: {
    epochs?: number;
    until?: number;
    workers: number;
    global?: boolean;
    stride?: number;
    market?: boolean;
    ensembleWeights?: boolean;
    seeds: number;
  },
): Promise<void> {
  const { config } = services;
  const jobs = Math.min(workers, timeframes.length * seeds);
  const pool = createTrainingPool(services, jobs);
  const bar = createTrainProgressBar(process.stderr, { lines: jobs > 1 });
  try {
    await Promise.all(
      timeframes.map(async (timeframe) => {
        const { series, lastCandle } = await trainingSeries(services, timeframe, global === true, market);
        const trainEnd = until === undefined ? lastCandle : Math.min(until, lastCandle);
        const dir = join(config.modelsDir, timeframe);
        const hyper = trainHyper(timeframe, { epochs, global, stride, market, ensembleWeights });
        const started = Date.now();
        const job = (seed: number | undefined, into: string) =>
          pool.run(
            "train",
            {
              name: "cnn-gru",
              architecture: "cnn-gru",
              timeframe,
              series,
              trainEnd,
              horizons: [...horizonSteps(timeframe)],
              dir: into,
              ...(Object.keys(hyper).length === 0 ? {} : { hyper }),
              ...(seed === undefined ? {} : { seed }),
            },
            {
              onProgress: (p) => bar.onTrain(p, `${timeframe}${seed === undefined ? "" : ` seed ${seed}`} `),
            },
          );
        let metas: ModelMeta[] = [];
        if (seeds > 1) {
          // Imported here: the network module loads TensorFlow.js.
          const { DEFAULT_NETWORK_SEED, seedDirName } = await import(
            "../model/networks/neural-forecaster.js"
          );
          // A seed ensemble: each member in its own folder of one model folder, trained `workers` at a time.
          await writeDirectoryAtomic(dir, async (staging) => {
            const outputs = await Promise.all(
              Array.from({ length: seeds }, (_, i) => DEFAULT_NETWORK_SEED + i).map((seed) =>
                job(seed, join(staging, seedDirName(seed))),
              ),
            );
            metas = outputs.flatMap((o) => o.metas);
            if (!ensembleWeights) return;
            // The members trained apart: one weight per horizon for all of them, chosen here on their average.
            await services.modelBackend();
            const { rewriteWithEnsembleWeights } = await import("../model/networks/ensemble-weights.js");
            metas = await rewriteWithEnsembleWeights(staging, series, trainEnd, [...horizonSteps(timeframe)]);
          });
        } else {
          metas = (await job(undefined, dir)).metas;
        }
        const [meta] = metas;
        if (meta === undefined) throw new Error("training produced no network");
        await writeModelCard(config.modelsDir, timeframe);
        process.stdout.write(
          `Saved ${dir} (${timeframe}, trained until ${isoDay(meta.trainedUntil)}, ` +
            `${meta.backend}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
        );
      }),
    );
  } finally {
    bar.stop();
    await pool.close();
  }
}
