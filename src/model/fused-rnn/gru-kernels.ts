import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import { simdModule } from "../simd/simd-module.js";
import { BackendMatMul } from "./backend-matmul.js";
import {
  projectInputs,
  projectionGradients,
  type RecurrentAttrs,
  readFloats,
  sequenceDims,
} from "./sequence-shapes.js";
import type { BackwardInputs } from "./through-time.js";

export const FUSED_GRU = "CoincastFusedGru";
export const FUSED_GRU_GRAD = "CoincastFusedGruGrad";

export type { RecurrentAttrs } from "./sequence-shapes.js";

/** Per (step, batch row): z, r, hh and the new h, u values each. */
const GRU_CACHE = 4;

/**
 * A whole GRU sequence in one kernel, with tfjs's GRUCell semantics (gates z, r, h; reset applied before
 * the recurrent product, resetAfter false): z = g(xz + h·Rz), r = g(xr + h·Rr), hh = tanh(xh + (r⊙h)·Rh),
 * h' = z⊙h + (1-z)⊙hh, biases in x's projection. The input projection is one back-end product for all
 * steps; the recurrence is one call into Coincast's WebAssembly module (recurrence-module.ts), where the
 * layers API ran about 35 engine kernels a step. Outputs: y ([B, T, u] or the last step [B, u]) and the
 * cache the gradient reads ([T, B, 4u]: z, r, hh and the new h).
 */
export function fusedGruForward(
  inputs: { x: TensorInfo; kernel: TensorInfo; recurrentKernel: TensorInfo; bias: TensorInfo },
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, 3);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const mm = new BackendMatMul(backend, backendName);
  try {
    const xp = projectInputs(mm, backend, inputs.x, inputs.kernel, inputs.bias, d);
    const wasm = simdModule();
    const size = T * B * GRU_CACHE * u;
    const [pXp, pR, pCache, pScratch] = wasm.layout([xp.length, u * G, size, 2 * u]) as Offsets4;
    wasm.write(pXp, xp);
    wasm.write(pR, readFloats(backend, inputs.recurrentKernel));
    wasm.exports.gruForward(pXp, pR, pCache, pScratch, B, T, u, attrs.gate === "hardSigmoid");
    const cache = wasm.read(pCache, size);
    const y = new Float32Array(attrs.returnSequences ? B * T * u : B * u);
    const state = (t: number, b: number) =>
      cache.subarray((t * B + b) * GRU_CACHE * u + 3 * u, (t * B + b + 1) * GRU_CACHE * u);
    for (let b = 0; b < B; b++) {
      if (attrs.returnSequences) for (let t = 0; t < T; t++) y.set(state(t, b), (b * T + t) * u);
      else if (T > 0) y.set(state(T - 1, b), b * u);
    }
    return [
      mm.output(y, attrs.returnSequences ? [B, T, u] : [B, u]),
      mm.output(cache, [T, B, GRU_CACHE * u]),
    ];
  } finally {
    mm.dispose();
  }
}

/**
 * Backpropagation through time for fusedGruForward: the whole recurrence in one call into the WebAssembly
 * module (the pre-activation gradients dG and the recurrent kernel's gradient), then dx, dKernel and dBias
 * as one back-end product each over all B·T rows (projectionGradients). Outputs dx, dKernel,
 * dRecurrentKernel, dBias.
 */
export function fusedGruBackward(
  inputs: BackwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, 3);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const mm = new BackendMatMul(backend, backendName);
  try {
    const wasm = simdModule();
    const dy = readFloats(backend, inputs.dy);
    const cache = readFloats(backend, inputs.cache);
    const scratch = G * u + 2 * B * u + 3 * u;
    const [pDy, pR, pCache, pDG, pDR, pScratch] = wasm.layout([
      dy.length,
      u * G,
      cache.length,
      B * T * G,
      u * G,
      scratch,
    ]) as Offsets6;
    wasm.write(pDy, dy);
    wasm.write(pR, readFloats(backend, inputs.recurrentKernel));
    wasm.write(pCache, cache);
    const hard = attrs.gate === "hardSigmoid";
    wasm.exports.gruBackward(pDy, pR, pCache, pDG, pDR, pScratch, B, T, u, hard, attrs.returnSequences);
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

type Offsets4 = [number, number, number, number];
type Offsets6 = [number, number, number, number, number, number];
