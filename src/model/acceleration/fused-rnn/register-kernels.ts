import {
  getKernel,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  registerKernel,
  type TensorInfo,
} from "@tensorflow/tfjs";
import { isGateActivation } from "./gates.js";
import {
  FUSED_GRU,
  FUSED_GRU_GRAD,
  fusedGruBackward,
  fusedGruForward,
  type RecurrentAttrs,
} from "./gru-kernels.js";
import { FUSED_LSTM, FUSED_LSTM_GRAD, fusedLstmBackward, fusedLstmForward } from "./lstm-kernels.js";

type SequenceKernel = (
  inputs: never,
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
) => TensorInfo[];

const KERNELS: Record<string, SequenceKernel> = {
  [FUSED_GRU]: fusedGruForward,
  [FUSED_GRU_GRAD]: fusedGruBackward,
  [FUSED_LSTM]: fusedLstmForward,
  [FUSED_LSTM_GRAD]: fusedLstmBackward,
};

function recurrentAttrs(attrs: NamedAttrMap): RecurrentAttrs {
  const { units, gate, returnSequences } = attrs as unknown as Partial<RecurrentAttrs>;
  if (typeof units !== "number" || !isGateActivation(gate) || typeof returnSequences !== "boolean") {
    throw new Error(`fused recurrent kernel: bad attributes ${JSON.stringify(attrs)}`);
  }
  return { units, gate, returnSequences };
}

/**
 * Registers the fused GRU/LSTM kernels (forward and gradient) for `backendName`. They are written once for
 * every back-end: they move data with backend.readSync/write, run the input projections with the
 * back-end's own BatchMatMul kernel, which cpu, wasm and tfjs-node all have, and the recurrence in
 * Coincast's SIMD module (simd/simd-module.ts), which runs wherever Node.js does. Idempotent; called by the layers on first use
 * on each back-end, so a model loads and runs wherever tfjs does without any set-up step.
 */
export function registerFusedRecurrentKernels(backendName: string): void {
  for (const [kernelName, body] of Object.entries(KERNELS)) {
    if (getKernel(kernelName, backendName) !== undefined) continue;
    const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) =>
      body(inputs as never, backend as KernelBackend, backendName, recurrentAttrs(attrs ?? {}));
    registerKernel({ kernelName, backendName, kernelFunc });
  }
}
