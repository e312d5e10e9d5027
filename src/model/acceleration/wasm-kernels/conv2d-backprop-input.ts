import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs";
import { withKernelScope } from "./kernel-scope.js";

type Shape4D = [number, number, number, number];

/** The back-end's own Conv2DBackpropInput, kept for the cases the fast path does not cover. */
let native: KernelConfig | undefined;

/**
 * conv2d's input gradient on wasm, for unit strides and dilations in NHWC (every conv1d of the shipped
 * networks), as one forward convolution of the back-end's own XNNPACK Conv2D:
 *
 *   dx = conv2d(dy padded by (f - 1 - padBefore, in - out + padBefore), W rotated 180° with in/out swapped)
 *
 * tfjs-backend-wasm 4.22's native Conv2DBackpropInput is a scalar loop; on the CNN-GRU's second conv layer
 * (batch 64, 30 steps, 32 -> 32 channels) it took about 12 ms where the same layer's forward Conv2D took
 * under 1 ms (tf.profile, same run). Other strides, dilations and NCHW go to the native kernel.
 */
export function conv2DBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: KernelBackend;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as Shape4D,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth, padInfo } = info;
  const pads = {
    top: filterHeight - 1 - padInfo.top,
    bottom: inHeight - outHeight + padInfo.top,
    left: filterWidth - 1 - padInfo.left,
    right: inWidth - outWidth + padInfo.left,
  };
  const empty = attrs.inputShape.some((n) => n === 0) || dy.shape.some((n) => n === 0);
  const fast =
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dataFormat === "channelsLast" &&
    Object.values(pads).every((p) => p >= 0) &&
    !empty;
  if (!fast) {
    if (native === undefined) throw new Error("Conv2DBackpropInput: the native wasm kernel is missing");
    return native.kernelFunc(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  return withKernelScope(backend, (s) => {
    // W [fh, fw, in, out] -> rotated 180° in (fh, fw), channels swapped: [fh, fw, out, in].
    const rotated = s.run("Reverse", { x: filter }, { dims: [0, 1] });
    const swapped = s.run("Transpose", { x: rotated }, { perm: [0, 1, 3, 2] });
    return s.run(
      "Conv2D",
      { x: dy, filter: swapped },
      {
        strides: 1,
        dilations: 1,
        dataFormat: "NHWC",
        pad: [
          [0, 0],
          [pads.top, pads.bottom],
          [pads.left, pads.right],
          [0, 0],
        ],
      },
    );
  });
}

/**
 * Kernel registration for `tf.registerKernel`. Its setup step is the native kernel's (which binds the wasm
 * function the fallback calls): registered before the back-end initialises, only this one's runs.
 */
export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: "wasm",
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelFunc,
  setupFunc: (backend) => native?.setupFunc?.(backend),
};

/** Remembers the native kernel this one falls back to (registerWasmTrainingKernels calls it). */
export function keepNativeConv2DBackpropInput(kernel: KernelConfig): void {
  native = kernel;
}
