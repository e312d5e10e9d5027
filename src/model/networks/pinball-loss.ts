import * as tf from "@tensorflow/tfjs";
import { QUANTILES } from "../types.js";

/** A loss with the (yTrue, yPred) => scalar shape both model.compile and a custom loop accept. */
export type QuantileLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/**
 * Pinball (quantile) loss, averaged over batch, horizons and quantiles.
 * yTrue: [batch, H] targets; yPred: [batch, H·Q], horizon-major (yPred[b, h·Q + j] is quantile j of horizon h).
 * Per element: max(τ·(y − q), (τ − 1)·(y − q)), which is minimised in expectation by the τ-quantile.
 * A yTrue already shaped [batch, H·Q] (as model.fit may pass it) is accepted when each horizon's target
 * is repeated Q times; only its first copy per horizon is read.
 */
export function createPinballLoss(quantiles: readonly number[] = QUANTILES): QuantileLoss {
  const q = quantiles.length;
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const batch = yPred.shape[0] ?? -1;
      const horizons = (yPred.shape[1] ?? 0) / q;
      const pred = yPred.reshape([batch, horizons, q]);
      const target =
        yTrue.shape[1] === horizons
          ? yTrue.reshape([batch, horizons, 1])
          : yTrue.reshape([batch, horizons, q]).slice([0, 0, 0], [batch, horizons, 1]);
      const diff = tf.sub(target, pred);
      const tau = tf.tensor1d(quantiles as number[]);
      const loss = tf.maximum(tf.mul(tau, diff), tf.mul(tf.sub(tau, 1), diff));
      return tf.mean(loss) as tf.Scalar;
    });
}

/** Pinball loss over the shared QUANTILES. */
export const pinballLoss: QuantileLoss = createPinballLoss();
