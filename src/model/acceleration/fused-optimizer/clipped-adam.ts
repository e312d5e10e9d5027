import * as tf from "@tensorflow/tfjs";
import { CLIPPED_ADAM, type ClippedAdamAttrs, registerClippedAdamKernel } from "./adam-kernel.js";

/** How trainModel applies a batch's gradients: both clip by global norm, then take an Adam step. */
export const OPTIMIZER_KINDS = ["fused", "tfjs"] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/** Gradient clipping and Adam as trainModel uses them; `learningRate` may change between steps. */
export interface ClippedOptimizer {
  readonly kind: OptimizerKind;
  learningRate: number;
  /** Clips `grads` (by variable name) by their global norm and updates `variables` in place. */
  apply(grads: tf.NamedTensorMap, variables: readonly tf.Variable[]): void;
  dispose(): void;
}

/** tf.train.adam's defaults, which the unfused path uses. */
const BETA1 = 0.9;
const BETA2 = 0.999;

/**
 * The optimiser for `kind`: "fused" is one engine kernel per step (adam-kernel.ts); "tfjs" is
 * tf.train.adam after clipping with tf ops, about 17 kernels per variable (the path before, kept to
 * compare against and for a back-end where the fused kernel would be wrong).
 */
export function createClippedAdam(
  kind: OptimizerKind,
  learningRate: number,
  clipNorm: number,
): ClippedOptimizer {
  return kind === "fused"
    ? new FusedClippedAdam(learningRate, clipNorm)
    : new TfjsClippedAdam(learningRate, clipNorm);
}

class TfjsClippedAdam implements ClippedOptimizer {
  readonly kind = "tfjs";
  private readonly adam: tf.AdamOptimizer;

  constructor(
    learningRate: number,
    private readonly clipNorm: number,
  ) {
    this.adam = tf.train.adam(learningRate, BETA1, BETA2);
  }

  /**
   * tfjs's optimizers expose no setter; Adam reads the (protected) learningRate field on every step, so
   * assigning it changes the rate while keeping the moment estimates.
   */
  get learningRate(): number {
    return (this.adam as unknown as { learningRate: number }).learningRate;
  }

  set learningRate(value: number) {
    (this.adam as unknown as { learningRate: number }).learningRate = value;
  }

  apply(grads: tf.NamedTensorMap): void {
    tf.tidy(() => this.adam.applyGradients(clipByGlobalNorm(grads, this.clipNorm)));
  }

  dispose(): void {
    this.adam.dispose();
  }
}

/** Rescales all gradients together so their global L2 norm is at most maxNorm (Keras' clipnorm). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): { name: string; tensor: tf.Tensor }[] {
  const entries = Object.entries(grads);
  const norm = tf.sqrt(tf.addN(entries.map(([, g]) => tf.sum(tf.square(g)))));
  const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
  return entries.map(([name, g]) => ({ name, tensor: tf.mul(g, scale) }));
}

/**
 * tf.train.adam with the same clipping, as one kernel a step: the first and second moments of every
 * variable live in two flat tensors (variables' order), and beta^t is kept on the host, rounded to float32
 * as Adam's accBeta variables are. Variables without a gradient in a step keep their weights and moments,
 * as tf.train.adam skips them.
 */
class FusedClippedAdam implements ClippedOptimizer {
  readonly kind = "fused";
  private moments: { m: tf.Tensor; v: tf.Tensor; names: string[] } | null = null;
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);
  private readonly epsilon = tf.backend().epsilon();

  constructor(
    public learningRate: number,
    private readonly clipNorm: number,
  ) {}

  apply(grads: tf.NamedTensorMap, variables: readonly tf.Variable[]): void {
    const updated = variables.filter((variable) => grads[variable.name] !== undefined);
    if (updated.length === 0) return;
    const moments = this.momentsFor(updated);
    registerClippedAdamKernel(tf.getBackend());
    const inputs: tf.NamedTensorMap = { m: moments.m, v: moments.v };
    updated.forEach((variable, i) => {
      inputs[`g${i}`] = grads[variable.name] as tf.Tensor;
      inputs[`w${i}`] = variable;
    });
    const attrs: ClippedAdamAttrs = {
      count: updated.length,
      learningRate: this.learningRate,
      beta1: BETA1,
      beta2: BETA2,
      epsilon: this.epsilon,
      accBeta1: this.accBeta1,
      accBeta2: this.accBeta2,
      clipNorm: this.clipNorm,
    };
    const outputs = tf
      .engine()
      .runKernel(CLIPPED_ADAM, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    updated.forEach((variable, i) => {
      variable.assign(outputs[i] as tf.Tensor);
    });
    tf.dispose(outputs.slice(0, updated.length));
    tf.dispose([moments.m, moments.v]);
    // Kept: apply runs inside trainBatch's tidy, which would otherwise free the new moments.
    moments.m = tf.keep(outputs[updated.length] as tf.Tensor);
    moments.v = tf.keep(outputs[updated.length + 1] as tf.Tensor);
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(BETA1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(BETA2));
  }

  dispose(): void {
    if (this.moments) tf.dispose([this.moments.m, this.moments.v]);
    this.moments = null;
  }

  /** Zero moments on the first step; afterwards the same variables must come in the same order. */
  private momentsFor(variables: readonly tf.Variable[]): { m: tf.Tensor; v: tf.Tensor; names: string[] } {
    const names = variables.map((variable) => variable.name);
    if (this.moments === null) {
      const size = variables.reduce((n, variable) => n + variable.size, 0);
      this.moments = { m: tf.keep(tf.zeros([size])), v: tf.keep(tf.zeros([size])), names };
    } else if (names.join("\n") !== this.moments.names.join("\n")) {
      throw new Error("fused Adam: the variables with gradients changed between steps");
    }
    return this.moments;
  }
}
