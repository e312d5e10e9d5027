import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import { simdModule } from "../simd/simd-module.js";
import type { BackendMatMul, ResidentMatrix } from "./backend-matmul.js";
import type { GateActivation } from "./gates.js";

/** The attributes every fused recurrent kernel takes. */
export interface RecurrentAttrs {
  units: number;
  gate: GateActivation;
  returnSequences: boolean;
}

/** Sizes of one fused recurrent call: batch, time steps, input width, units, gate columns (3u or 4u). */
export interface SequenceDims {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  gates: number;
}

export function sequenceDims(x: TensorInfo, units: number, gatesPerUnit: number): SequenceDims {
  const [batch, steps, inputDim] = x.shape as [number, number, number];
  return { batch, steps, inputDim, units, gates: gatesPerUnit * units };
}

export function readFloats(backend: KernelBackend, info: TensorInfo): Float32Array {
  return backend.readSync(info.dataId) as Float32Array;
}

/**
 * x·kernel + bias for every (batch, step) row in one product: [B·T, gates], rows ordered as x's (b, t).
 * Empty inputs skip the product (the back-ends reject zero-sized matMuls).
 */
export function projectInputs(
  mm: BackendMatMul,
  backend: KernelBackend,
  x: TensorInfo,
  kernel: TensorInfo,
  bias: TensorInfo,
  d: SequenceDims,
): Float32Array {
  const rows = d.batch * d.steps;
  const projected =
    rows === 0 || d.inputDim === 0
      ? new Float32Array(rows * d.gates)
      : mm.multiply(mm.view(x, rows, d.inputDim), rows, mm.view(kernel, d.inputDim, d.gates));
  const b = readFloats(backend, bias);
  for (let row = 0; row < rows; row++) {
    const base = row * d.gates;
    for (let g = 0; g < d.gates; g++)
      projected[base + g] = (projected[base + g] as number) + (b[g] as number);
  }
  return projected;
}

/** Gradients of the input projection from the pre-activation gradients dG [B·T, gates]. */
export function projectionGradients(
  mm: BackendMatMul,
  backend: KernelBackend,
  x: TensorInfo,
  kernel: TensorInfo,
  dG: Float32Array,
  d: SequenceDims,
): { dx: Float32Array; dKernel: Float32Array; dBias: Float32Array } {
  const rows = d.batch * d.steps;
  const wasm = simdModule();
  const dBias = wasm.columnSums(dG, rows, d.gates);
  if (rows === 0 || d.inputDim === 0) {
    return {
      dx: new Float32Array(rows * d.inputDim),
      dKernel: new Float32Array(d.inputDim * d.gates),
      dBias,
    };
  }
  const grads: ResidentMatrix = mm.upload(dG, rows, d.gates);
  const xT = wasm.transpose(readFloats(backend, x), rows, d.inputDim);
  const dKernel = mm.multiply(xT, d.inputDim, grads);
  const kernelT = mm.upload(
    wasm.transpose(readFloats(backend, kernel), d.inputDim, d.gates),
    d.gates,
    d.inputDim,
  );
  const dx = mm.multiply(grads, rows, kernelT);
  return { dx, dKernel, dBias };
}
