import * as tf from "@tensorflow/tfjs";

type Initializer = ReturnType<typeof tf.initializers.zeros>;

import { type GateActivation, isGateActivation } from "./gates.js";
import { FUSED_GRU, FUSED_GRU_GRAD, type RecurrentAttrs } from "./gru-kernels.js";
import { FUSED_LSTM, FUSED_LSTM_GRAD } from "./lstm-kernels.js";
import { registerFusedRecurrentKernels } from "./register-kernels.js";

/** Options of the fused layers: the subset of tf.layers.gru/lstm's that Coincast uses. */
export interface FusedRecurrentArgs {
  units: number;
  returnSequences?: boolean;
  /** Gate activation; tf.layers.gru's default is hardSigmoid, ours sigmoid (one exp, no clipping). */
  recurrentActivation?: GateActivation;
  kernelInitializer?: Initializer;
  recurrentInitializer?: Initializer;
  name?: string;
  inputShape?: number[];
  trainable?: boolean;
}

type LayerVariable = tf.LayerVariable;

/**
 * The sequence itself as one custom-gradient op: forward and backward are each a single engine kernel
 * (see gru-kernels.ts / lstm-kernels.ts), so a step records one tape node per layer instead of ~35 per
 * time step.
 */
function fusedSequence(
  forwardKernel: string,
  gradKernel: string,
  attrs: RecurrentAttrs,
): (x: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor) => tf.Tensor {
  const kernelAttrs = attrs as unknown as tf.NamedAttrMap;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias, save] = args as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.GradSaveFunc,
    ];
    const [y, cache] = tf
      .engine()
      .runKernel(forwardKernel, { x, kernel, recurrentKernel, bias }, kernelAttrs) as tf.Tensor[];
    save([x, kernel, recurrentKernel, cache as tf.Tensor]);
    return {
      value: y as tf.Tensor,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sk, sr, sc] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf
          .engine()
          .runKernel(
            gradKernel,
            { dy: dy as tf.Tensor, x: sx, kernel: sk, recurrentKernel: sr, cache: sc },
            kernelAttrs,
          ) as tf.Tensor[];
      },
    };
  }) as (x: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor) => tf.Tensor;
}

/** What the GRU and LSTM layers share; `gatesPerUnit` is 3 (z, r, h) or 4 (i, f, c, o). */
abstract class FusedRecurrent extends tf.layers.Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly recurrentActivation: GateActivation;
  private readonly kernelInitializer: Initializer;
  private readonly recurrentInitializer: Initializer;
  private kernel: LayerVariable | null = null;
  private recurrentKernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;
  private sequence: ReturnType<typeof fusedSequence> | null = null;

  protected abstract readonly gatesPerUnit: number;
  protected abstract readonly kernels: { forward: string; grad: string };

  constructor(args: FusedRecurrentArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units <= 0) {
      throw new Error(`${new.target.name}: units must be a positive integer, got ${args.units}`);
    }
    const gate = args.recurrentActivation ?? "sigmoid";
    if (!isGateActivation(gate))
      throw new Error(`${new.target.name}: unsupported recurrentActivation ${gate}`);
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.recurrentActivation = gate;
    this.kernelInitializer = args.kernelInitializer ?? tf.initializers.glorotUniform({});
    this.recurrentInitializer = args.recurrentInitializer ?? tf.initializers.glorotUniform({});
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (typeof inputDim !== "number")
      throw new Error(`${this.getClassName()}: the input's last axis must be known`);
    const width = this.gatesPerUnit * this.units;
    this.kernel = this.addWeight("kernel", [inputDim, width], "float32", this.kernelInitializer);
    this.recurrentKernel = this.addWeight(
      "recurrent_kernel",
      [this.units, width],
      "float32",
      this.recurrentInitializer,
    );
    this.bias = this.addWeight("bias", [width], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences
      ? [shape[0] ?? null, shape[1] ?? null, this.units]
      : [shape[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined || x.rank !== 3)
        throw new Error(`${this.getClassName()} expects [batch, steps, features]`);
      if (this.kernel === null || this.recurrentKernel === null || this.bias === null) {
        throw new Error(`${this.getClassName()} called before build`);
      }
      registerFusedRecurrentKernels(tf.getBackend());
      this.sequence ??= fusedSequence(this.kernels.forward, this.kernels.grad, {
        units: this.units,
        gate: this.recurrentActivation,
        returnSequences: this.returnSequences,
      });
      return this.sequence(x.toFloat(), this.kernel.read(), this.recurrentKernel.read(), this.bias.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      recurrentActivation: this.recurrentActivation,
      activation: "tanh",
    };
  }
}

/**
 * A GRU layer with tf.layers.gru's weights (kernel [in, 3u], recurrent_kernel [u, 3u], bias [3u], gates
 * z|r|h, resetAfter false) and maths, run as one fused kernel per sequence with a hand-written backward
 * pass. Weights copy one-to-one from a tf.layers.gru with the same recurrentActivation.
 */
export class FusedGru extends FusedRecurrent {
  static readonly className = "FusedGRU";
  protected readonly gatesPerUnit = 3;
  protected readonly kernels = { forward: FUSED_GRU, grad: FUSED_GRU_GRAD };
  constructor(args: FusedRecurrentArgs) {
    super(args);
  }
}

/** An LSTM layer with tf.layers.lstm's weights (gates i|f|c|o, one bias) as one fused kernel per sequence. */
export class FusedLstm extends FusedRecurrent {
  static readonly className = "FusedLSTM";
  protected readonly gatesPerUnit = 4;
  protected readonly kernels = { forward: FUSED_LSTM, grad: FUSED_LSTM_GRAD };
  constructor(args: FusedRecurrentArgs) {
    super(args);
  }
}

// Registered on import, so tf.loadLayersModel finds the classes named in a saved model.json.
tf.serialization.registerClass(FusedGru);
tf.serialization.registerClass(FusedLstm);

/**
 * The recurrent layer kind and gate of `model`, for meta.json: the first recurrent layer's class name and
 * recurrentActivation (all of a builder's recurrent layers share them); undefined without one.
 */
export function describeRecurrentLayers(
  model: tf.LayersModel,
): { layer: string; gate: GateActivation } | undefined {
  for (const layer of model.layers) {
    const gate = layer.getConfig().recurrentActivation;
    const name = gate === "hard_sigmoid" ? "hardSigmoid" : gate;
    if (isGateActivation(name)) return { layer: layer.getClassName(), gate: name };
  }
  return undefined;
}
