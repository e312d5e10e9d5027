import {
  getKernel,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  registerKernel,
  type TensorInfo,
} from "@tensorflow/tfjs";

export const CLIPPED_ADAM = "CoincastClippedAdam";

/** One step's constants; accBeta1/2 are beta^t as tf.train.adam keeps them (float32, multiplied per step). */
export interface ClippedAdamAttrs {
  /** Variables updated: inputs g0..g{n-1} and w0..w{n-1}, then the flat moments m and v. */
  count: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: number;
  accBeta2: number;
  /** Global L2 norm the gradients are scaled down to, as Keras' clipnorm (train.ts's clipByGlobalNorm). */
  clipNorm: number;
}

const f = Math.fround;

/**
 * Gradient clipping by global norm and tf.train.adam's update for every variable, in one engine kernel
 * instead of ~17 per variable (square, sum, mul for the clip; 13 for Adam). The moments of all variables
 * are two flat buffers, in the variables' order. Written once for every back-end, like the fused recurrent
 * kernels: the values (~15k for the shipped model) move with readSync/write and the arithmetic is a JS
 * pass, each operation rounded to float32 (Math.fround) in the order tf.train.adam's kernels apply it, so
 * the result matches the unfused ops to float32 rounding. Outputs w0'..w{n-1}', m', v'.
 */
export function clippedAdam(
  inputs: Record<string, TensorInfo>,
  backend: KernelBackend,
  attrs: ClippedAdamAttrs,
): TensorInfo[] {
  const read = (name: string): Float32Array => {
    const info = inputs[name];
    if (info === undefined) throw new Error(`${CLIPPED_ADAM}: missing input ${name}`);
    return backend.readSync(info.dataId) as Float32Array;
  };
  const grads = Array.from({ length: attrs.count }, (_, i) => read(`g${i}`));
  const m = read("m");
  const v = read("v");
  // The clip's scale, maxNorm / max(norm, maxNorm), over the squares of every gradient.
  let sumSquares = 0;
  for (const g of grads) {
    let sum = 0;
    for (let k = 0; k < g.length; k++) sum += f((g[k] as number) * (g[k] as number));
    sumSquares += f(sum);
  }
  const norm = f(Math.sqrt(f(sumSquares)));
  const scale = f(attrs.clipNorm / Math.max(norm, f(attrs.clipNorm)));

  const beta1 = f(attrs.beta1);
  const beta2 = f(attrs.beta2);
  const oneMinusBeta1 = f(1 - attrs.beta1);
  const oneMinusBeta2 = f(1 - attrs.beta2);
  const correction1 = f(1 - attrs.accBeta1);
  const correction2 = f(1 - attrs.accBeta2);
  const epsilon = f(attrs.epsilon);
  const step = f(-attrs.learningRate);
  const mOut = new Float32Array(m.length);
  const vOut = new Float32Array(v.length);
  const outputs: TensorInfo[] = [];
  let offset = 0;
  grads.forEach((g, i) => {
    const w = read(`w${i}`);
    const info = inputs[`w${i}`] as TensorInfo;
    const wOut = new Float32Array(w.length);
    for (let k = 0; k < w.length; k++) {
      const j = offset + k;
      const grad = f((g[k] as number) * scale);
      const m1 = f(f((m[j] as number) * beta1) + f(grad * oneMinusBeta1));
      const v1 = f(f((v[j] as number) * beta2) + f(f(grad * grad) * oneMinusBeta2));
      mOut[j] = m1;
      vOut[j] = v1;
      const mHat = f(m1 / correction1);
      const vHat = f(v1 / correction2);
      wOut[k] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + epsilon)) * step) + (w[k] as number));
    }
    offset += w.length;
    outputs.push(write(backend, wOut, info.shape));
  });
  if (offset !== m.length || offset !== v.length) {
    throw new Error(`${CLIPPED_ADAM}: moments hold ${m.length} values, the variables ${offset}`);
  }
  outputs.push(write(backend, mOut, [m.length]), write(backend, vOut, [v.length]));
  return outputs;
}

function write(backend: KernelBackend, values: Float32Array, shape: number[]): TensorInfo {
  return { dataId: backend.write(values, shape, "float32"), shape, dtype: "float32" };
}

const NUMBER_ATTRS = [
  "count",
  "learningRate",
  "beta1",
  "beta2",
  "epsilon",
  "accBeta1",
  "accBeta2",
  "clipNorm",
] as const;

function adamAttrs(attrs: NamedAttrMap): ClippedAdamAttrs {
  for (const name of NUMBER_ATTRS) {
    if (typeof attrs[name] !== "number")
      throw new Error(`${CLIPPED_ADAM}: attribute ${name} must be a number`);
  }
  return attrs as unknown as ClippedAdamAttrs;
}

/** Registers the kernel for `backendName` (idempotent); the optimiser calls it before its first step. */
export function registerClippedAdamKernel(backendName: string): void {
  if (getKernel(CLIPPED_ADAM, backendName) !== undefined) return;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) =>
    clippedAdam(inputs as Record<string, TensorInfo>, backend as KernelBackend, adamAttrs(attrs ?? {}));
  registerKernel({ kernelName: CLIPPED_ADAM, backendName, kernelFunc });
}
