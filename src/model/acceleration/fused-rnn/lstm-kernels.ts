import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import type { RecurrentAttrs } from "./sequence-shapes.js";
import {
  type BackwardInputs,
  type ForwardInputs,
  type SimdCell,
  sequenceBackward,
  sequenceForward,
} from "./through-time.js";

export const FUSED_LSTM = "CoincastFusedLstm";
export const FUSED_LSTM_GRAD = "CoincastFusedLstmGrad";

/**
 * tfjs's LSTMCell (gate order i, f, c, o; one bias): a = x·K + h·R + b, c' = f⊙c + i⊙tanh(a_c),
 * h' = o⊙tanh(c'). The cache keeps i, f, the tanh candidate, o, the new c and the new h per (step, row):
 * lstmForward and lstmBackward in wasm/kernels.ts.
 */
const LSTM_CELL: SimdCell = {
  gatesPerUnit: 4,
  cacheUnits: 6,
  forwardScratch: (d) => d.units,
  backwardScratch: (d) => 4 * d.units * d.units + 2 * d.batch * d.units + 2 * d.units,
  forward: (e) => e.lstmForward,
  backward: (e) => e.lstmBackward,
};

/** A whole LSTM sequence in one kernel (through-time.ts): outputs y and the cache the gradient reads. */
export function fusedLstmForward(
  inputs: ForwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  return sequenceForward(LSTM_CELL, inputs, backend, backendName, attrs);
}

/** Backpropagation through time for fusedLstmForward: dx, dKernel, dRecurrentKernel, dBias. */
export function fusedLstmBackward(
  inputs: BackwardInputs,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  return sequenceBackward(LSTM_CELL, inputs, backend, backendName, attrs);
}
