import {
  backend_util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs";

type Shape4D = [number, number, number, number];

/**
 * maxPool's input gradient on wasm. tfjs-backend-wasm 4.22 ships a native MaxPoolGrad, but it seeds each
 * window's running maximum with `std::numeric_limits<float>::min()` (the smallest *positive* float, not the
 * lowest one) and keeps the *last* of equal maxima. A window whose values are all <= 0 thus loses its
 * gradient, its "maximum" left at flat offset 0 (measured: dx off by 50-100% for a conv1d -> maxPool with
 * no ReLU between), and ties go where the cpu and tensorflow back-ends do not send them. This replaces it.
 * (Behind a ReLU the bug is mostly masked: all-zero windows get zero gradient from the ReLU anyway.)
 *
 * One JS pass, the cpu kernel's rule: each window's gradient goes to its first strict maximum in scan
 * order (rows, then columns), padding never wins. Written by hand because no wasm kernel routes by argmax
 * (MaxPoolWithArgmax has no gradient use and the native grad is the buggy one). It replaced a version built
 * from ~10 wasm kernels per filter tap (Equal, LogicalAnd, Multiply, pads and scatters): the CNN-GRU's
 * windows are [64, 60 or 30, 32] values, a few hundred thousand compares, less than the kernels' own
 * fixed costs and copies.
 */
export function maxPoolGradWasm(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: KernelBackend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
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
  const dx = new Float32Array(n * inHeight * inWidth * c);
  if (dx.length > 0 && outHeight * outWidth > 0) {
    const x = backend.readSync(input.dataId) as Float32Array;
    const g = backend.readSync(dy.dataId) as Float32Array;
    for (let b = 0; b < n; b++) {
      for (let oh = 0; oh < outHeight; oh++) {
        const top = oh * sh - padInfo.top;
        const rowFrom = Math.max(0, top);
        const rowTo = Math.min(inHeight, top + filterHeight);
        for (let ow = 0; ow < outWidth; ow++) {
          const left = ow * sw - padInfo.left;
          const colFrom = Math.max(0, left);
          const colTo = Math.min(inWidth, left + filterWidth);
          const out = ((b * outHeight + oh) * outWidth + ow) * c;
          for (let d = 0; d < c; d++) {
            let best = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let r = rowFrom; r < rowTo; r++) {
              for (let col = colFrom; col < colTo; col++) {
                const k = ((b * inHeight + r) * inWidth + col) * c + d;
                const value = x[k] as number;
                if (value > best) {
                  best = value;
                  at = k;
                }
              }
            }
            if (at >= 0) dx[at] = (dx[at] as number) + (g[out + d] as number);
          }
        }
      }
    }
  }
  return { dataId: backend.write(dx, input.shape, "float32"), shape: [...input.shape], dtype: "float32" };
}

/** Kernel registration for `tf.registerKernel`; replaces the native one (see maxPoolGradWasm). */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
