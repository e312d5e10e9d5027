// AssemblyScript, not TypeScript: compiled to WebAssembly (SIMD) by `npm run build:wasm` into
// src/model/acceleration/simd/kernels-wasm.generated.ts. Coincast's own training kernels where TensorFlow.js's
// back-ends have none that fits: the recurrences of the fused GRU and LSTM layers
// (src/model/acceleration/fused-rnn/), forward and backward through time in one call per sequence, the transposes and
// column sums around their projections' products, and max-pooling's gradient
// (src/model/acceleration/wasm-kernels/max-pool-grad.ts).
//
// Every argument is a byte offset into this module's memory, laid out by the caller
// (src/model/acceleration/simd/simd-module.ts); all values are float32, row-major. The module allocates nothing.
// Shapes: B batch rows, T steps, u units, G gate columns (3u for the GRU, 4u for the LSTM). Sums run in a
// different order than tfjs's matMul, and exp is a polynomial: results agree with tfjs to float32 rounding.

// The gates' maths, the products and the GRU and LSTM recurrences live in wasm/kernels/; this file holds the
// rest and names the module's exports in one list, in the order the built module has always had them. asc names
// a function after its file and binaryen's -O3 orders functions by those names where their use counts tie:
// columnSums, maxPoolGrad and heapBase stay here because moving them reorders the built bytes (checked with
// `npm run build:wasm -- --check`, which the simd-module test also runs).

import { gateInPlace, tanhInPlace } from "./kernels/maths";
import { gruBackward, gruForward } from "./kernels/gru";
import { lstmBackward, lstmForward } from "./kernels/lstm";
import { axpy, transpose, zero } from "./kernels/products";

export {
  gateInPlace,
  tanhInPlace,
  gruForward,
  gruBackward,
  lstmForward,
  lstmBackward,
  columnSums,
  transpose,
  maxPoolGrad,
  heapBase,
};

// ---- helpers of the projections' gradients ----------------------------------------------------------------

// out[c] = Σ_r src[r, c] for a [rows, cols] matrix (the bias gradient from the pre-activation gradients).
function columnSums(src: usize, rows: i32, cols: i32, out: usize): void {
  zero(out, cols);
  for (let r = 0; r < rows; r++) axpy(1, src + (<usize>(r * cols) << 2), out, cols);
}

// ---- max-pooling's gradient -------------------------------------------------------------------------------

// dx [n, inH, inW, c] (zeroed here) receives each window's dy [n, outH, outW, c] at the window's first strict
// maximum in scan order (rows, then columns), the cpu back-end's rule; windows may overhang the input
// (padding, which never wins). Four channels at a time.
function maxPoolGrad(
  x: usize,
  dy: usize,
  dx: usize,
  n: i32,
  inH: i32,
  inW: i32,
  c: i32,
  outH: i32,
  outW: i32,
  strideH: i32,
  strideW: i32,
  filterH: i32,
  filterW: i32,
  padTop: i32,
  padLeft: i32,
): void {
  zero(dx, n * inH * inW * c);
  const lanes = i32x4(0, 1, 2, 3);
  for (let b = 0; b < n; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const top = oh * strideH - padTop;
      const rowFrom = max(0, top);
      const rowTo = min(inH, top + filterH);
      for (let ow = 0; ow < outW; ow++) {
        const left = ow * strideW - padLeft;
        const colFrom = max(0, left);
        const colTo = min(inW, left + filterW);
        const out = ((b * outH + oh) * outW + ow) * c;
        let d = 0;
        for (; d + 4 <= c; d += 4) {
          let best = f32x4.splat(-Infinity);
          let at = i32x4.splat(-1);
          for (let r = rowFrom; r < rowTo; r++) {
            for (let col = colFrom; col < colTo; col++) {
              const k = ((b * inH + r) * inW + col) * c + d;
              const v = v128.load(x + (<usize>k << 2));
              const wins = f32x4.gt(v, best);
              best = v128.bitselect(v, best, wins);
              at = v128.bitselect(i32x4.add(i32x4.splat(k), lanes), at, wins);
            }
          }
          const g = dy + (<usize>(out + d) << 2);
          scatterAdd(dx, i32x4.extract_lane(at, 0), load<f32>(g));
          scatterAdd(dx, i32x4.extract_lane(at, 1), load<f32>(g, 4));
          scatterAdd(dx, i32x4.extract_lane(at, 2), load<f32>(g, 8));
          scatterAdd(dx, i32x4.extract_lane(at, 3), load<f32>(g, 12));
        }
        for (; d < c; d++) {
          let best: f32 = -Infinity;
          let at = -1;
          for (let r = rowFrom; r < rowTo; r++) {
            for (let col = colFrom; col < colTo; col++) {
              const k = ((b * inH + r) * inW + col) * c + d;
              const v = load<f32>(x + (<usize>k << 2));
              if (v > best) {
                best = v;
                at = k;
              }
            }
          }
          scatterAdd(dx, at, load<f32>(dy + (<usize>(out + d) << 2)));
        }
      }
    }
  }
}

@inline
function scatterAdd(dx: usize, at: i32, g: f32): void {
  if (at < 0) return;
  const p = dx + (<usize>at << 2);
  store<f32>(p, load<f32>(p) + g);
}

// Where the caller may start laying out buffers.
function heapBase(): usize {
  return __heap_base;
}
