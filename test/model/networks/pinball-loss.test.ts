import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createPinballLoss, pinballLoss } from "../../../src/model/networks/pinball-loss.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("pinball loss", () => {
  it("GIVEN hand-worked targets and quantiles THEN it equals the hand-computed mean", () => {
    const loss = createPinballLoss([0.1, 0.5, 0.9]);
    // Horizon 1, y = 1, q = (0, 1, 3): 0.1·1, 0, max(0.9·(−2), −0.1·(−2)) = 0.2  -> 0.3
    // Horizon 2, y = −1, q = (−2, −1, 0): 0.1·1, 0, max(0.9·(−1), −0.1·(−1)) = 0.1 -> 0.2
    // Mean over 6 (horizon, quantile) pairs: 0.5 / 6.
    const value = loss(tf.tensor2d([[1, -1]]), tf.tensor2d([[0, 1, 3, -2, -1, 0]]));
    expect(value.dataSync()[0]).toBeCloseTo(0.5 / 6, 6);
  });

  it("GIVEN a batch THEN it averages over samples as well", () => {
    const loss = createPinballLoss([0.5]);
    const value = loss(tf.tensor2d([[2], [0]]), tf.tensor2d([[0], [0]]));
    expect(value.dataSync()[0]).toBeCloseTo((0.5 * 2 + 0) / 2, 6);
  });

  it("GIVEN targets repeated to the output width (as model.fit needs) THEN the loss is unchanged", () => {
    const yPred = tf.tensor2d([[0, 1, 3, -2, -1, 0]]);
    const loss = createPinballLoss([0.1, 0.5, 0.9]);
    const narrow = loss(tf.tensor2d([[1, -1]]), yPred).dataSync()[0];
    const wide = loss(tf.tensor2d([[1, 1, 1, -1, -1, -1]]), yPred).dataSync()[0];
    expect(wide).toBeCloseTo(narrow as number, 6);
  });

  it("GIVEN the default QUANTILES THEN a perfect median with zero-width quantiles costs nothing", () => {
    const value = pinballLoss(tf.tensor2d([[0.5]]), tf.fill([1, 5], 0.5));
    expect(value.dataSync()[0]).toBe(0);
  });

  it("GIVEN it is used as a loss THEN it has a gradient and leaks no tensors", () => {
    const before = tf.memory().numTensors;
    const grad = tf.tidy(() => {
      const g = tf.grad((q: tf.Tensor) => createPinballLoss([0.1, 0.9])(tf.tensor2d([[0]]), q));
      return g(tf.tensor2d([[-1, 1]])).dataSync();
    });
    // d/dq is −τ where q < y and 1 − τ where q > y, halved by the mean over two quantiles.
    expect(grad[0]).toBeCloseTo(-0.05, 6);
    expect(grad[1]).toBeCloseTo(0.05, 6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
