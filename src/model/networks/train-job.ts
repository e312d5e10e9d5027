import type { Timeframe } from "../../market/types.js";
import type { ModelMeta } from "../saved/model-io.js";
import type { SeriesData, TrainProgress } from "../types.js";
import type { ArchitectureName, Hyperparameters } from "./architectures.js";
import { createNeuralForecaster, type Pooling } from "./neural-forecaster.js";

/** One training run as a worker-thread job: plain data in (structured clone), the saved model's metas out. */
export interface TrainJobInput {
  name: string;
  architecture: ArchitectureName;
  timeframe: Timeframe;
  series: SeriesData[];
  /** Open time (ms) of the last candle training may read. */
  trainEnd: number;
  horizons: number[];
  /** Where the fitted forecaster is saved (atomically, see toSaved). */
  dir: string;
  hyper?: Partial<Hyperparameters>;
  window?: number;
  pooling?: Pooling;
  seed?: number;
}

export interface TrainJobOutput {
  metas: ModelMeta[];
  /** Wall time of fit + save inside the worker. */
  ms: number;
}

/**
 * Fits a neural forecaster and saves it to `input.dir`, reporting each epoch. Runs on whatever back-end the
 * calling thread selected: in a training worker that is the worker's own wasm instance, so two workers
 * train on two cores.
 */
export async function runTrainJob(
  input: TrainJobInput,
  context?: { progress(value: TrainProgress): void },
): Promise<TrainJobOutput> {
  const started = performance.now();
  const forecaster = createNeuralForecaster({
    name: input.name,
    architecture: input.architecture,
    timeframe: input.timeframe,
    ...(input.hyper === undefined ? {} : { hyper: input.hyper }),
    ...(input.window === undefined ? {} : { window: input.window }),
    ...(input.pooling === undefined ? {} : { pooling: input.pooling }),
    ...(input.seed === undefined ? {} : { seed: input.seed }),
  });
  try {
    await forecaster.fit(input.series, input.trainEnd, input.horizons, (p) => context?.progress(p));
    await forecaster.toSaved(input.dir);
    return { metas: [...forecaster.networks], ms: performance.now() - started };
  } finally {
    forecaster.dispose();
  }
}
