import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ModelTimeframe } from "../model/horizons.js";
import type { Hyperparameters } from "../model/networks/architectures.js";
import {
  type NetworkHolder,
  type NeuralForecaster,
  neuralForecasterFromSaved,
  type Pooling,
} from "../model/networks/neural-forecaster.js";
import type { TrainJobInput, TrainJobOutput } from "../model/networks/train-job.js";
import type { QuantileVector, SeriesData, TrainProgress } from "../model/types.js";

/**
 * Runs one train job somewhere else, typically `pool.run("train", …)` on the training worker pool: the
 * caller wires it up, so the evaluation does not depend on how threads are made.
 */
export type TrainJobRunner = (
  input: TrainJobInput,
  onProgress: (progress: TrainProgress) => void,
) => Promise<TrainJobOutput>;

export interface WorkerFitSettings {
  name: string;
  architecture: TrainJobInput["architecture"];
  timeframe: ModelTimeframe;
  pooling?: Pooling;
  hyper?: Partial<Hyperparameters>;
  seed?: number;
}

/**
 * A neural forecaster whose fit() trains in a training worker (its own thread and wasm back-end) and saves
 * to a temporary folder, which this thread then loads to predict. The network, scaler and calibration are
 * exactly what the same settings fitted in this thread would give (same train job, same seed); only the
 * training leaves the thread, so walkForward's `concurrency` can keep two workers busy on two cores.
 * dispose() frees the loaded network and deletes the folder.
 */
export function createWorkerFitForecaster(run: TrainJobRunner, settings: WorkerFitSettings): NetworkHolder {
  let dir: string | undefined;
  let loaded: NeuralForecaster | undefined;
  const release = () => {
    loaded?.dispose();
    loaded = undefined;
    if (dir !== undefined) void rm(dir, { recursive: true, force: true });
    dir = undefined;
  };
  return {
    name: settings.name,
    async fit(
      series: readonly SeriesData[],
      trainEnd: number,
      horizons: readonly number[],
      onProgress?: (progress: TrainProgress) => void,
    ): Promise<void> {
      release();
      dir = await mkdtemp(join(tmpdir(), `coincast-fit-${settings.name}-`));
      await run(
        {
          name: settings.name,
          architecture: settings.architecture,
          timeframe: settings.timeframe,
          series: [...series],
          trainEnd,
          horizons: [...horizons],
          dir,
          ...(settings.hyper === undefined ? {} : { hyper: settings.hyper }),
          ...(settings.pooling === undefined ? {} : { pooling: settings.pooling }),
          ...(settings.seed === undefined ? {} : { seed: settings.seed }),
        },
        (p) => onProgress?.(p),
      );
      loaded = await neuralForecasterFromSaved(dir);
    },
    predict(
      series: SeriesData,
      origins: readonly number[],
      horizons: readonly number[],
    ): Promise<QuantileVector[][]> {
      if (loaded === undefined) return Promise.reject(new Error(`${settings.name}: predict() before fit()`));
      return loaded.predict(series, origins, horizons);
    },
    dispose: release,
    fittedNetwork: () => loaded,
  };
}
