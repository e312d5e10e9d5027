import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from "@tensorflow/tfjs";
import { conv2DBackpropFilterWasmConfig } from "./conv2d-backprop-filter.js";
import { conv2DBackpropInputWasmConfig, keepNativeConv2DBackpropInput } from "./conv2d-backprop-input.js";
import { identityWasmConfig } from "./identity.js";
import { maxPoolGradWasmConfig } from "./max-pool-grad.js";

/** A kernel Coincast supplies for wasm: `replaces` when the back-end has one, but a wrong one. */
export interface WasmTrainingKernel {
  config: KernelConfig;
  replaces: boolean;
  /** Handed the kernel it replaces, for the cases it passes back to it. */
  keepsNative?: (kernel: KernelConfig) => void;
}

/**
 * What training a Conv1D/Conv2D + GRU/LSTM network needs on wasm that tfjs-backend-wasm 4.22 lacks or gets
 * wrong. Found by fitting conv1d ('same'/'valid', strides 1-3) + maxPooling1d + GRU, LSTM, bidirectional
 * GRU, simpleRNN, batch/layer normalisation and average-pooling models on wasm, then comparing gradients
 * with the cpu back-end's: Conv2DBackpropFilter is missing; MaxPoolGrad is present but routes the gradient
 * of windows with no positive value to the wrong element (see max-pool-grad.ts). Conv2DBackpropInput is
 * right but a scalar loop, replaced by one XNNPACK convolution where it can be (conv2d-backprop-input.ts).
 * Identity is right but copies, once for every tensor the tape saves; it shares the buffer instead (identity.ts).
 */
export const WASM_TRAINING_KERNELS: readonly WasmTrainingKernel[] = [
  { config: conv2DBackpropFilterWasmConfig, replaces: false },
  { config: maxPoolGradWasmConfig, replaces: true },
  { config: conv2DBackpropInputWasmConfig, replaces: true, keepsNative: keepNativeConv2DBackpropInput },
  { config: identityWasmConfig, replaces: true },
];

/**
 * Registers WASM_TRAINING_KERNELS with the kernel registry: a missing kernel only while the back-end still
 * lacks it (a later tfjs that ships one stays in charge), a replacement always. Idempotent; safe before or
 * after the wasm back-end initialises (the only setup step, Conv2DBackpropInput's, is the native one's). Returns the names of the
 * kernels it registered in this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  for (const { config, replaces, keepsNative } of WASM_TRAINING_KERNELS) {
    const current = getKernel(config.kernelName, config.backendName) as KernelConfig | undefined;
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current !== undefined) {
      if (!replaces) continue;
      keepsNative?.(current);
      unregisterKernel(config.kernelName, config.backendName);
    }
    registerKernel(config);
    registered.push(config.kernelName);
  }
  return registered;
}
