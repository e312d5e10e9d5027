import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import { type SimdExports, simdModule } from "../simd/simd-module.js";
import { BackendMatMul } from "./backend-matmul.js";
import {
  projectInputs,
  projectionGradients,
  type RecurrentAttrs,
  readFloats,
  type SequenceDims,
  sequenceDims,
} from "./sequence-shapes.js";

/** The gradient kernels' inputs: the output gradient, the forward inputs and the forward kernel's cache. */
export interface BackwardInputs {
  dy: TensorInfo;
  x: TensorInfo;
  kernel: TensorInfo;
  recurrentKernel: TensorInfo;
  cache: TensorInfo;
}

export interface ForwardInputs {
  x: TensorInfo;
  kernel: TensorInfo;
  recurrentKernel: TensorInfo;
  bias: TensorInfo;
}

/** A recurrent cell as Coincast's SIMD module runs it (wasm/kernels.ts): its sizes and its two entries. */
export interface SimdCell {
  /** Gate columns per unit: 3 (GRU: z, r, h) or 4 (LSTM: i, f, c, o). */
  gatesPerUnit: number;
  /** Values the cache keeps per (step, row), in units; the new h is always the last u of them. */
  cacheUnits: number;
  /** Scratch floats of the forward and the backward entry. */
  forwardScratch(d: SequenceDims): number;
  backwardScratch(d: SequenceDims): number;
  forward: (e: SimdExports) => SimdExports["gruForward"];
  backward: (e: SimdExports) => SimdExports["gruBackward"];
}

/**
 * A whole sequence forward in one kernel: the input projection x·kernel + bias for all steps as one
 * back-end product, then the recurrence in one call into the SIMD module, where the layers API ran about
 * 35 engine kernels a step. Outputs y ([B, T, u], or the last step's [B, u]) and the cache the gradient
 * reads ([T, B, cacheUnits·u]).
 */
export function sequenceForward(
  cell: SimdCell,
  inputs: ForwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, cell.gatesPerUnit);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const width = cell.cacheUnits * u;
  const mm = new BackendMatMul(backend, backendName);
  try {
    const xp = projectInputs(mm, backend, inputs.x, inputs.kernel, inputs.bias, d);
    const wasm = simdModule();
    const size = T * B * width;
    const [pXp, pR, pCache, pScratch] = wasm.layout([xp.length, u * G, size, cell.forwardScratch(d)]) as [
      number,
      number,
      number,
      number,
    ];
    wasm.write(pXp, xp);
    wasm.write(pR, readFloats(backend, inputs.recurrentKernel));
    cell.forward(wasm.exports)(pXp, pR, pCache, pScratch, B, T, u, attrs.gate === "hardSigmoid");
    const cache = wasm.read(pCache, size);
    const y = new Float32Array(attrs.returnSequences ? B * T * u : B * u);
    const state = (t: number, b: number) =>
      cache.subarray((t * B + b + 1) * width - u, (t * B + b + 1) * width);
    for (let b = 0; b < B; b++) {
      if (attrs.returnSequences) for (let t = 0; t < T; t++) y.set(state(t, b), (b * T + t) * u);
      else if (T > 0) y.set(state(T - 1, b), b * u);
    }
    return [mm.output(y, attrs.returnSequences ? [B, T, u] : [B, u]), mm.output(cache, [T, B, width])];
  } finally {
    mm.dispose();
  }
}

/**
 * Backpropagation through time for sequenceForward: the whole recurrence in one call into the SIMD module
 * (the pre-activation gradients dG [B·T, G] and the recurrent kernel's gradient), then dx, dKernel and
 * dBias as one back-end product each over all B·T rows (projectionGradients). Outputs dx, dKernel,
 * dRecurrentKernel, dBias.
 */
export function sequenceBackward(
  cell: SimdCell,
  inputs: BackwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, cell.gatesPerUnit);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const mm = new BackendMatMul(backend, backendName);
  try {
    const wasm = simdModule();
    const dy = readFloats(backend, inputs.dy);
    const cache = readFloats(backend, inputs.cache);
    const [pDy, pR, pCache, pDG, pDR, pScratch] = wasm.layout([
      dy.length,
      u * G,
      cache.length,
      B * T * G,
      u * G,
      cell.backwardScratch(d),
    ]) as [number, number, number, number, number, number];
    wasm.write(pDy, dy);
    wasm.write(pR, readFloats(backend, inputs.recurrentKernel));
    wasm.write(pCache, cache);
    const hard = attrs.gate === "hardSigmoid";
    cell.backward(wasm.exports)(pDy, pR, pCache, pDG, pDR, pScratch, B, T, u, hard, attrs.returnSequences);
    const dG = wasm.read(pDG, B * T * G);
    const dRecurrent = wasm.read(pDR, u * G);
    const { dx, dKernel, dBias } = projectionGradients(mm, backend, inputs.x, inputs.kernel, dG, d);
    return [
      mm.output(dx, [B, T, d.inputDim]),
      mm.output(dKernel, [d.inputDim, G]),
      mm.output(dRecurrent, [u, G]),
      mm.output(dBias, [G]),
    ];
  } finally {
    mm.dispose();
  }
}
