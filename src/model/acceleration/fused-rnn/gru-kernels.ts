import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import type { RecurrentAttrs } from "./sequence-shapes.js";
import {
  type BackwardInputs,
  type ForwardInputs,
  type SimdCell,
  sequenceBackward,
  sequenceForward,
} from "./through-time.js";

export const FUSED_GRU = "CoincastFusedGru";
export const FUSED_GRU_GRAD = "CoincastFusedGruGrad";

export type { RecurrentAttrs } from "./sequence-shapes.js";

/**
 * tfjs's GRUCell (gates z, r, h; reset applied before the recurrent product, resetAfter false):
 * z = g(xz + h·Rz), r = g(xr + h·Rr), hh = tanh(xh + (r⊙h)·Rh), h' = z⊙h + (1-z)⊙hh, biases in x's
 * projection. The cache keeps z, r, hh and the new h per (step, row): gruForward and gruBackward in
 * wasm/kernels.ts.
 */
const GRU_CELL: SimdCell = {
  gatesPerUnit: 3,
  cacheUnits: 4,
  forwardScratch: (d) => 2 * d.units,
  backwardScratch: (d) => 3 * d.units * d.units + 2 * d.batch * d.units + 3 * d.units,
  forward: (e) => e.gruForward,
  backward: (e) => e.gruBackward,
};

/** A whole GRU sequence in one kernel (through-time.ts): outputs y and the cache the gradient reads. */
export function fusedGruForward(
  inputs: ForwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  return sequenceForward(GRU_CELL, inputs, backend, backendName, attrs);
}

/** Backpropagation through time for fusedGruForward: dx, dKernel, dRecurrentKernel, dBias. */
export function fusedGruBackward(
  inputs: BackwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  return sequenceBackward(GRU_CELL, inputs, backend, backendName, attrs);
}
