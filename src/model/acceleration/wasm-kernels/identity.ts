import {
  Identity,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs";

/**
 * Identity on wasm as a new reference to the same buffer, as the cpu back-end's Identity and wasm's own
 * Reshape already are; wasm 4.22's copies the data. Identity is what the engine runs to clone every input a
 * gradient function saves for the tape (Engine.saveTensorsForBackwardMode): 87 of a training step's 233
 * engine kernels for the shipped model, each a copy of an activation or weight. Sharing is safe because
 * tensors are immutable and a variable's assign swaps its buffer rather than writing into it.
 */
export function identityWasm(args: { inputs: { x: TensorInfo }; backend: KernelBackend }): TensorInfo {
  const { x } = args.inputs;
  (args.backend as KernelBackend & { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export const identityWasmConfig: KernelConfig = {
  kernelName: Identity,
  backendName: "wasm",
  kernelFunc: identityWasm as unknown as KernelFunc,
};
