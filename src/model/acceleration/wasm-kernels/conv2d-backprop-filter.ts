import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs";
import { withKernelScope } from "./kernel-scope.js";
import { tapReader } from "./tap-windows.js";

type Shape4D = [number, number, number, number];

/**
 * The filter gradient of conv2d (and so of conv1d, which runs as a conv2d of height 1) on wasm, which
 * tfjs-backend-wasm 4.22 lacks. Built from the back-end's own kernels so that every byte moves in
 * C++ or typed-array copies, never in a JS loop per element:
 *
 *   dW[fh, fw, ci, co] = sum over n, oh, ow of xPadded[n, oh*sh + fh*dh, ow*sw + fw*dw, ci] * dy[n, oh, ow, co]
 *
 * x is first made channel-major, [Cin, N, H, W], so that each filter tap's (strided) window is already a
 * block of rows of the transposed im2col matrix (tap-windows.ts); the T taps stack along axis 0 (one
 * contiguous copy each) into cols^T [T*Cin, N*outH*outW]; and a single matMul with dy [N*outH*outW, Cout]
 * gives dW. Neither matMul operand is transposed, on purpose: that is the only case the wasm BatchMatMul
 * hands to XNNPACK's SIMD fully-connected operator; with transposeA it falls back to a scalar blocked loop
 * (the NHWC im2col + transposeA variant measured 5-6x slower on the CNN-GRU's shapes).
 *
 * Supports NHWC and NCHW, any strides, 'same', 'valid', numeric and explicit padding, dimRoundingMode, and
 * dilations (conv2d's gradient never asks for them today, but they cost nothing here).
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: KernelBackend;
  attrs: Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4D,
    attrs.filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  const { batchSize, inChannels, outChannels, inHeight, inWidth, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } =
    info;
  const channelsLast = info.dataFormat === "channelsLast";
  const taps = filterHeight * filterWidth;
  const rows = batchSize * outHeight * outWidth;

  if (rows === 0 || inChannels === 0 || outChannels === 0) {
    // Nothing to sum over: the gradient is all zeros (the kernels below reject empty shapes).
    return withKernelScope(backend, (s) =>
      s.run("Fill", {}, { shape: attrs.filterShape, value: 0, dtype: "float32" }),
    );
  }

  // The last window may reach past the padded input when dimRoundingMode is 'ceil'; pad it with zeros too.
  const spanHeight = (outHeight - 1) * strideHeight + (filterHeight - 1) * dilationHeight + 1;
  const spanWidth = (outWidth - 1) * strideWidth + (filterWidth - 1) * dilationWidth + 1;
  const padBottom = Math.max(padInfo.bottom, spanHeight - inHeight - padInfo.top);
  const padRight = Math.max(padInfo.right, spanWidth - inWidth - padInfo.left);

  return withKernelScope(backend, (s) => {
    // Channel-major, so that each tap's windows are already rows of the transposed im2col matrix.
    const xChannelMajor = s.run("Transpose", { x }, { perm: channelsLast ? [3, 0, 1, 2] : [1, 0, 2, 3] });
    const padded =
      padInfo.top === 0 && padInfo.left === 0 && padBottom === 0 && padRight === 0
        ? xChannelMajor
        : s.run(
            "PadV2",
            { x: xChannelMajor },
            {
              paddings: [
                [0, 0],
                [0, 0],
                [padInfo.top, padBottom],
                [padInfo.left, padRight],
              ],
              constantValue: 0,
            },
          );
    const [, , paddedHeight, paddedWidth] = padded.shape as Shape4D;
    const planes = s.run(
      "Reshape",
      { x: padded },
      { shape: [inChannels * batchSize, paddedHeight, paddedWidth, 1] },
    );
    const tap = tapReader(s, planes, {
      outHeight,
      outWidth,
      strideHeight,
      strideWidth,
      maxTop: (filterHeight - 1) * dilationHeight,
      maxLeft: (filterWidth - 1) * dilationWidth,
    });
    const windows: TensorInfo[] = [];
    for (let fh = 0; fh < filterHeight; fh++) {
      for (let fw = 0; fw < filterWidth; fw++) windows.push(tap(fh * dilationHeight, fw * dilationWidth));
    }
    // Row t*Cin + ci of cols^T is tap t of input channel ci over every (n, oh, ow): dW's [fH, fW, Cin] order.
    const stacked = windows.length === 1 ? (windows[0] as TensorInfo) : s.run("Concat", windows, { axis: 0 });
    const colsT = s.run("Reshape", { x: stacked }, { shape: [taps * inChannels, rows] });

    const dyChannelsLast = channelsLast ? dy : s.run("Transpose", { x: dy }, { perm: [0, 2, 3, 1] });
    const dyRows = s.run("Reshape", { x: dyChannelsLast }, { shape: [rows, outChannels] });

    const dW = s.run("BatchMatMul", { a: colsT, b: dyRows }, { transposeA: false, transposeB: false });
    return s.run("Reshape", { x: dW }, { shape: attrs.filterShape });
  });
}

/** Kernel registration for `tf.registerKernel`. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
};
