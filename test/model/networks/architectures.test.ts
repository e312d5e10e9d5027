import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ARCHITECTURES,
  BUILDERS,
  DEFAULT_HYPERPARAMETERS,
  decodeMatrix,
  type ModelShape,
} from "../../../src/model/networks/architectures.js";
import { QUANTILES } from "../../../src/model/types.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const daily: ModelShape = { window: 60, features: 14, horizons: 3, quantiles: QUANTILES };

describe("architectures", () => {
  it.each(ARCHITECTURES)("GIVEN %s THEN it maps [T, F] windows to H×Q non-crossing quantiles", (name) => {
    const model = BUILDERS[name](daily, DEFAULT_HYPERPARAMETERS, 7);
    const out = tf.tidy(() =>
      (model.predict(tf.randomNormal([8, 60, 14], 0, 3, "float32", 1)) as tf.Tensor).arraySync(),
    );
    const rows = out as number[][];
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row).toHaveLength(3 * QUANTILES.length);
      for (let h = 0; h < 3; h++) {
        const q = row.slice(h * 5, h * 5 + 5);
        for (let j = 1; j < 5; j++) expect(q[j] as number).toBeGreaterThanOrEqual(q[j - 1] as number);
      }
    }
    model.dispose();
  });

  it.each(ARCHITECTURES)(
    "GIVEN %s with default hyperparameters THEN it stays under 25k parameters",
    (name) => {
      const model = BUILDERS[name](daily, DEFAULT_HYPERPARAMETERS, 7);
      expect(model.countParams()).toBeLessThan(25_000);
      model.dispose();
    },
  );

  it("GIVEN the same seed THEN the initial weights are identical, and a different seed changes them", () => {
    const weights = (seed: number) => {
      const model = BUILDERS["cnn-gru"](daily, DEFAULT_HYPERPARAMETERS, seed);
      const flat = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
      model.dispose();
      return flat;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  });

  it("GIVEN an untrained model THEN its quantile spacing starts near a standard normal's", () => {
    const model = BUILDERS["cnn-gru"](daily, { ...DEFAULT_HYPERPARAMETERS, dropout: 0 }, 1);
    // Zero input: every relu/GRU output is ~0, so the head shows its biases.
    const row = tf.tidy(() => (model.predict(tf.zeros([1, 60, 14])) as tf.Tensor).arraySync()) as number[][];
    const q = (row[0] as number[]).slice(0, 5);
    expect((q[3] as number) - (q[2] as number)).toBeCloseTo(1.29, 1);
    expect((q[4] as number) - (q[0] as number)).toBeCloseTo(2 * 2.15, 1);
    model.dispose();
  });

  it("GIVEN the decode matrix THEN median + gaps (0.5, 1, 2, 3) give quantiles m−1.5, m−1, m, m+2, m+5", () => {
    const matrix = decodeMatrix(1, QUANTILES);
    const raw = [10, 0.5, 1, 2, 3];
    const quantiles = QUANTILES.map((_, j) => raw.reduce((sum, v, i) => sum + v * (matrix[i]?.[j] ?? 0), 0));
    expect(quantiles).toEqual([8.5, 9, 10, 12, 15]);
  });

  it("GIVEN a window too short for the pooling blocks THEN building refuses with a clear error", () => {
    expect(() => BUILDERS.cnn({ ...daily, window: 3 }, DEFAULT_HYPERPARAMETERS, 1)).toThrow(/too short/);
  });
});
