import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import { BackendMatMul } from "./backend-matmul.js";
import {
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

/** What a cell's backward pass reads: the products, the sizes, the forward cache and the recurrent weights. */
export interface CellContext {
  mm: BackendMatMul;
  d: SequenceDims;
  cache: Float32Array;
  recurrentKernel: Float32Array;
  /** Pre-activation gradients [B·T, gates], rows in x's (b, t) order: the cell fills them step by step. */
  dG: Float32Array;
}

/** One cell's part of backpropagation through time (GRU or LSTM). */
export interface CellBackward {
  /** Step t: from dh, the gradient into h at t (dy already added), fill dG's rows of t; return dh at t-1. */
  step(t: number, dh: Float32Array): Float32Array;
  /** After every step: the recurrent kernel's gradient [units, gates]. */
  recurrentGradient(): Float32Array;
}

/**
 * The scaffolding the fused GRU and LSTM gradients share: read the inputs, run the cell's steps from the
 * last to the first with dy added into the gradient of h at each returned step, then dx, dKernel and dBias
 * as one product each over all B·T rows (projectionGradients). Outputs dx, dKernel, dRecurrentKernel,
 * dBias, and every back-end intermediate freed on success and on error alike.
 */
export function backpropThroughTime(
  inputs: BackwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
  gatesPerUnit: number,
  cell: (context: CellContext) => CellBackward,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, gatesPerUnit);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const mm = new BackendMatMul(backend, backendName);
  try {
    const dy = readFloats(backend, inputs.dy);
    const dG = new Float32Array(B * T * G);
    const pass = cell({
      mm,
      d,
      cache: readFloats(backend, inputs.cache),
      recurrentKernel: readFloats(backend, inputs.recurrentKernel),
      dG,
    });
    let dh: Float32Array = new Float32Array(B * u);
    for (let t = T - 1; t >= 0 && B > 0; t--) {
      addOutputGradient(dh, dy, t, d, attrs.returnSequences);
      dh = pass.step(t, dh);
    }
    const { dx, dKernel, dBias } = projectionGradients(mm, backend, inputs.x, inputs.kernel, dG, d);
    const dRecurrent = pass.recurrentGradient();
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

/** dh += the output gradient of step t: dy [B, T, u] at every step, or dy [B, u] at the last one only. */
function addOutputGradient(
  dh: Float32Array,
  dy: Float32Array,
  t: number,
  d: SequenceDims,
  returnSequences: boolean,
): void {
  const { batch: B, steps: T, units: u } = d;
  if (!returnSequences) {
    if (t === T - 1) for (let k = 0; k < B * u; k++) dh[k] = (dh[k] as number) + (dy[k] as number);
    return;
  }
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < u; j++)
      dh[b * u + j] = (dh[b * u + j] as number) + (dy[(b * T + t) * u + j] as number);
  }
}
