import {
  backend_util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs";
import { simdModule } from "../simd/simd-module.js";

type Shape4D = [number, number, number, number];

/**
 * maxPool's input gradient on wasm. tfjs-backend-wasm 4.22 ships a native MaxPoolGrad, but it seeds each
 * window's running maximum with `std::numeric_limits<float>::min()` (the smallest *positive* float, not the
 * lowest one) and keeps the *last* of equal maxima. A window whose values are all <= 0 thus loses its
 * gradient, its "maximum" left at flat offset 0 (measured: dx off by 50-100% for a conv1d -> maxPool with
 * no ReLU between), and ties go where the cpu and tensorflow back-ends do not send them. This replaces it.
 * (Behind a ReLU the bug is mostly masked: all-zero windows get zero gradient from the ReLU anyway.)
 *
 * One pass of Coincast's SIMD module (maxPoolGrad in wasm/kernels.ts, four channels at a time), the cpu
 * kernel's rule: each window's gradient goes to its first strict maximum in scan order (rows, then columns),
 * padding never wins. Written by hand because no wasm kernel routes by argmax (MaxPoolWithArgmax has no
 * gradient use and the native grad is the buggy one). It replaced a JS pass (1.4-2.0 ms of a 15-21 ms
 * CNN-GRU step), which had replaced a version built from ~10 wasm kernels per filter tap (Equal,
 * LogicalAnd, Multiply, pads and scatters).
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
  const size = n * inHeight * inWidth * c;
  let dx: Float32Array = new Float32Array(size);
  if (size > 0 && outHeight * outWidth > 0) {
    const wasm = simdModule();
    const gradients = n * outHeight * outWidth * c;
    const [pX, pDy, pDx] = wasm.layout([size, gradients, size]) as [number, number, number];
    wasm.write(pX, backend.readSync(input.dataId) as Float32Array);
    wasm.write(pDy, backend.readSync(dy.dataId) as Float32Array);
    wasm.exports.maxPoolGrad(
      pX,
      pDy,
      pDx,
      n,
      inHeight,
      inWidth,
      c,
      outHeight,
      outWidth,
      sh,
      sw,
      filterHeight,
      filterWidth,
      padInfo.top,
      padInfo.left,
    );
    dx = wasm.read(pDx, size);
  }
  return { dataId: backend.write(dx, input.shape, "float32"), shape: [...input.shape], dtype: "float32" };
}

/** Kernel registration for `tf.registerKernel`; replaces the native one (see maxPoolGradWasm). */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
