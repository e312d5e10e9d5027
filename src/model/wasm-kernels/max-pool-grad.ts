import {
  backend_util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs";
import { type WasmKernelScope, withKernelScope } from "./kernel-scope.js";
import { scatterTaps, type TapValues, tapReader } from "./tap-windows.js";

type Shape4D = [number, number, number, number];

/**
 * maxPool's input gradient on wasm. tfjs-backend-wasm 4.22 ships a native MaxPoolGrad, but it seeds each
 * window's running maximum with `std::numeric_limits<float>::min()` (the smallest *positive* float, not the
 * lowest one) and keeps the *last* of equal maxima. A window whose values are all <= 0 thus loses its
 * gradient, its "maximum" left at flat offset 0 (measured: dx off by 50-100% for a conv1d -> maxPool with
 * no ReLU between), and ties go where the cpu and tensorflow back-ends do not send them. This replaces it.
 * (Behind a ReLU the bug is mostly masked: all-zero windows get zero gradient from the ReLU anyway.)
 *
 * Vectorised with the back-end's own kernels, nothing per element in JS. For each of the T window taps,
 * in the cpu kernel's scan order (rows, then columns):
 *   window_t = the input seen through that tap at every output position (padding is -Infinity)
 *   first_t  = (window_t == output) and no earlier tap matched: the first maximum wins, as on cpu
 *   dx      += dy * first_t, scattered back to the positions the tap read (tap-windows.ts: native PadV2,
 *              AddN and, for strides, one inverse space-to-batch transpose).
 * Every window uses the forward pass's `output`, which is bit-identical to the maximum it selected.
 */
export function maxPoolGradWasm(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: KernelBackend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, input, output } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as Shape4D,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize: n, inChannels: c, inHeight, inWidth, outHeight, outWidth, padInfo } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight, filterWidth } = info;

  if (n * c * outHeight * outWidth === 0) {
    return withKernelScope(backend, (s) =>
      s.run("Fill", {}, { shape: input.shape, value: 0, dtype: "float32" }),
    );
  }

  // Padded with -Infinity so that padding never wins a window; large enough for 'ceil' rounding too.
  const paddedHeight = Math.max(inHeight + padInfo.top + padInfo.bottom, (outHeight - 1) * sh + filterHeight);
  const paddedWidth = Math.max(inWidth + padInfo.left + padInfo.right, (outWidth - 1) * sw + filterWidth);
  const grid = {
    outHeight,
    outWidth,
    strideHeight: sh,
    strideWidth: sw,
    maxTop: filterHeight - 1,
    maxLeft: filterWidth - 1,
  };

  return withKernelScope(backend, (s) => {
    const padded =
      paddedHeight === inHeight && paddedWidth === inWidth
        ? input
        : s.run(
            "PadV2",
            { x: input },
            {
              paddings: [
                [0, 0],
                [padInfo.top, paddedHeight - inHeight - padInfo.top],
                [padInfo.left, paddedWidth - inWidth - padInfo.left],
                [0, 0],
              ],
              constantValue: Number.NEGATIVE_INFINITY,
            },
          );
    const tap = tapReader(s, padded, grid);
    const routedTaps: TapValues[] = [];
    let claimed: TensorInfo | null = null;
    for (let fh = 0; fh < filterHeight; fh++) {
      for (let fw = 0; fw < filterWidth; fw++) {
        const isMax = s.run("Equal", { a: tap(fh, fw), b: output });
        const first: TensorInfo =
          claimed === null
            ? isMax
            : s.run("LogicalAnd", { a: isMax, b: s.run("LogicalNot", { x: claimed }) });
        const isLastTap = fh === filterHeight - 1 && fw === filterWidth - 1;
        if (!isLastTap) claimed = claimed === null ? isMax : s.run("LogicalOr", { a: claimed, b: isMax });
        const routed = s.run("Multiply", { a: dy, b: s.run("Cast", { x: first }, { dtype: "float32" }) });
        routedTaps.push({ values: routed, top: fh, left: fw });
      }
    }
    const canvas = scatterTaps(s, routedTaps, grid, paddedHeight, paddedWidth);
    return cropTo(s, canvas, padInfo.top, padInfo.left, input.shape as Shape4D);
  });
}

/** The input-sized region of the canvas, as one contiguous run per (n, row). */
function cropTo(
  s: WasmKernelScope,
  canvas: TensorInfo,
  top: number,
  left: number,
  shape: Shape4D,
): TensorInfo {
  const [n, height, width, c] = shape;
  const [, canvasHeight = 0, canvasWidth = 0] = canvas.shape;
  if (top === 0 && left === 0 && canvasHeight === height && canvasWidth === width) return canvas;
  const rows = s.run("Reshape", { x: canvas }, { shape: [n, canvasHeight, canvasWidth * c] });
  const cut = s.run("Slice", { x: rows }, { begin: [0, top, left * c], size: [n, height, width * c] });
  return s.run("Reshape", { x: cut }, { shape });
}

/** Kernel registration for `tf.registerKernel`; replaces the native one (see maxPoolGradWasm). */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
