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

// ---- f32x4 maths ----------------------------------------------------------------------------------------

// exp(x), Cephes' expf: x = n·ln2 + r, a degree-5 polynomial in r, then 2^n through the exponent bits.
// test/model/acceleration/simd-module.test.ts bounds the gates built on it against Math.exp and Math.tanh.
@inline
function vexp(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504)), f32x4.splat(0.5)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

@inline
function vsigmoid(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

// tfjs's hardSigmoid: clip(0.2·x + 0.5, 0, 1).
@inline
function vhardSigmoid(x: v128): v128 {
  const y = f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.min(f32x4.max(y, f32x4.splat(0.0)), f32x4.splat(1.0));
}

// tanh(x) = 1 - 2 / (1 + exp(2x)): saturates to ±1.
@inline
function vtanh(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const e = vexp(f32x4.add(x, x));
  return f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(one, e)));
}

@inline
function sigmoid1(x: f32): f32 {
  return f32x4.extract_lane(vsigmoid(f32x4.splat(x)), 0);
}

@inline
function tanh1(x: f32): f32 {
  return f32x4.extract_lane(vtanh(f32x4.splat(x)), 0);
}

@inline
function hardSigmoid1(x: f32): f32 {
  return f32x4.extract_lane(vhardSigmoid(f32x4.splat(x)), 0);
}

// The gate (sigmoid or hardSigmoid) over n values in place.
export function gateInPlace(p: usize, n: i32, hard: bool): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = p + (<usize>j << 2);
    v128.store(at, hard ? vhardSigmoid(v128.load(at)) : vsigmoid(v128.load(at)));
  }
  for (; j < n; j++) {
    const at = p + (<usize>j << 2);
    store<f32>(at, hard ? hardSigmoid1(load<f32>(at)) : sigmoid1(load<f32>(at)));
  }
}

export function tanhInPlace(p: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = p + (<usize>j << 2);
    v128.store(at, vtanh(v128.load(at)));
  }
  for (; j < n; j++) {
    const at = p + (<usize>j << 2);
    store<f32>(at, tanh1(load<f32>(at)));
  }
}

// The gate's derivative from its output s: s·(1-s) for sigmoid, 0.2 where hardSigmoid is not clipped.
@inline
function gateSlope(s: f32, hard: bool): f32 {
  if (hard) return s > 0 && s < 1 ? <f32>0.2 : <f32>0;
  return s * (1 - s);
}

// ---- products -------------------------------------------------------------------------------------------

// out[j] = init[j] + Σ_i v[i] · m[i·stride + j] for j < n (a row vector times k rows of a matrix whose rows
// are `stride` floats apart). out may be init. 16 columns at a time in four accumulators, then 4, then 1.
function vecMat(v: usize, m: usize, stride: i32, k: i32, n: i32, init: usize, out: usize): void {
  const rowBytes = <usize>stride << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const off = <usize>j << 2;
    let a0 = v128.load(init + off);
    let a1 = v128.load(init + off, 16);
    let a2 = v128.load(init + off, 32);
    let a3 = v128.load(init + off, 48);
    let row = m + off;
    for (let i = 0; i < k; i++) {
      const s = f32x4.splat(load<f32>(v + (<usize>i << 2)));
      a0 = f32x4.add(a0, f32x4.mul(s, v128.load(row)));
      a1 = f32x4.add(a1, f32x4.mul(s, v128.load(row, 16)));
      a2 = f32x4.add(a2, f32x4.mul(s, v128.load(row, 32)));
      a3 = f32x4.add(a3, f32x4.mul(s, v128.load(row, 48)));
      row += rowBytes;
    }
    v128.store(out + off, a0);
    v128.store(out + off, a1, 16);
    v128.store(out + off, a2, 32);
    v128.store(out + off, a3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const off = <usize>j << 2;
    let a = v128.load(init + off);
    let row = m + off;
    for (let i = 0; i < k; i++) {
      a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(v + (<usize>i << 2))), v128.load(row)));
      row += rowBytes;
    }
    v128.store(out + off, a);
  }
  for (; j < n; j++) {
    const off = <usize>j << 2;
    let a = load<f32>(init + off);
    let row = m + off;
    for (let i = 0; i < k; i++) {
      a += load<f32>(v + (<usize>i << 2)) * load<f32>(row);
      row += rowBytes;
    }
    store<f32>(out + off, a);
  }
}

// acc[j] += s · v[j] for j < n.
@inline
function axpy(s: f32, v: usize, acc: usize, n: i32): void {
  const sv = f32x4.splat(s);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const off = <usize>j << 2;
    v128.store(acc + off, f32x4.add(v128.load(acc + off), f32x4.mul(sv, v128.load(v + off))));
  }
  for (; j < n; j++) {
    const off = <usize>j << 2;
    store<f32>(acc + off, load<f32>(acc + off) + s * load<f32>(v + off));
  }
}

function zero(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n << 2);
}

// dh [B, u] += the output gradient of step t: dy [B, T, u] at every step, or dy [B, u] at the last one only.
function addOutputGradient(dy: usize, dh: usize, t: i32, B: i32, T: i32, u: i32, sequences: bool): void {
  if (sequences) {
    for (let b = 0; b < B; b++) axpy(1, dy + (<usize>((b * T + t) * u) << 2), dh + (<usize>(b * u) << 2), u);
  } else if (t == T - 1) {
    axpy(1, dy, dh, B * u);
  }
}

// ---- GRU --------------------------------------------------------------------------------------------------

// Forward through T steps from h = 0. xp [B, T, G]: x·kernel + bias, rows in (b, t) order. rk [u, G]: the
// recurrent kernel. cache [T, B, 4u] receives, per (step, row), z | r | hh | h (h the new state).
// scratch: 2u floats.
export function gruForward(xp: usize, rk: usize, cache: usize, scratch: usize, B: i32, T: i32, u: i32, hard: bool): void {
  const G = 3 * u;
  const C = 4 * u;
  const zeros = scratch;
  const rh = scratch + (<usize>u << 2);
  zero(zeros, u);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const x0 = xp + (<usize>((b * T + t) * G) << 2);
      const c0 = cache + (<usize>((t * B + b) * C) << 2);
      const hp = t > 0 ? cache + (<usize>(((t - 1) * B + b) * C + 3 * u) << 2) : zeros;
      // z | r = gate(x_zr + h·R_zr), written where the cache keeps them.
      vecMat(hp, rk, G, u, 2 * u, x0, c0);
      gateInPlace(c0, 2 * u, hard);
      const r0 = c0 + (<usize>u << 2);
      for (let k = 0; k < u; k++) {
        const at = <usize>k << 2;
        store<f32>(rh + at, load<f32>(r0 + at) * load<f32>(hp + at));
      }
      // hh = tanh(x_h + (r⊙h)·R_h)
      const hh = c0 + (<usize>(2 * u) << 2);
      vecMat(rh, rk + (<usize>(2 * u) << 2), G, u, u, x0 + (<usize>(2 * u) << 2), hh);
      tanhInPlace(hh, u);
      // h' = z⊙h + (1 - z)⊙hh = hh + z⊙(h - hh)
      const h = c0 + (<usize>(3 * u) << 2);
      let j = 0;
      for (; j + 4 <= u; j += 4) {
        const at = <usize>j << 2;
        const z = v128.load(c0 + at);
        const c = v128.load(hh + at);
        v128.store(h + at, f32x4.add(c, f32x4.mul(z, f32x4.sub(v128.load(hp + at), c))));
      }
      for (; j < u; j++) {
        const at = <usize>j << 2;
        const c = load<f32>(hh + at);
        store<f32>(h + at, c + load<f32>(c0 + at) * (load<f32>(hp + at) - c));
      }
    }
  }
}

// Backward through time for gruForward. dy: [B, T, u] when sequences, else [B, u] for the last step.
// Writes dG [B, T, G] (pre-activation gradients, rows in (b, t) order) and dR [u, G] (the recurrent
// kernel's gradient). scratch: G·u + 2·B·u + 3u floats.
export function gruBackward(
  dy: usize,
  rk: usize,
  cache: usize,
  dG: usize,
  dR: usize,
  scratch: usize,
  B: i32,
  T: i32,
  u: i32,
  hard: bool,
  sequences: bool,
): void {
  const G = 3 * u;
  const C = 4 * u;
  // rT [G, u]: the recurrent kernel transposed, so that products with it are row vector × rows too.
  const rT = scratch;
  let dh = rT + (<usize>(G * u) << 2);
  let dhNext = dh + (<usize>(B * u) << 2);
  const zeros = dhNext + (<usize>(B * u) << 2);
  const dA = zeros + (<usize>u << 2);
  const rhp = dA + (<usize>u << 2);
  transpose(rk, u, G, rT);
  zero(dh, B * u);
  zero(zeros, u);
  zero(dR, u * G);
  for (let t = T - 1; t >= 0; t--) {
    addOutputGradient(dy, dh, t, B, T, u, sequences);
    for (let b = 0; b < B; b++) {
      const c0 = cache + (<usize>((t * B + b) * C) << 2);
      const hp = t > 0 ? cache + (<usize>(((t - 1) * B + b) * C + 3 * u) << 2) : zeros;
      const g0 = dG + (<usize>((b * T + t) * G) << 2);
      const gIn = dh + (<usize>(b * u) << 2);
      const gOut = dhNext + (<usize>(b * u) << 2);
      for (let j = 0; j < u; j++) {
        const at = <usize>j << 2;
        const z = load<f32>(c0 + at);
        const hh = load<f32>(c0 + at + (<usize>(2 * u) << 2));
        const g = load<f32>(gIn + at);
        const dAh = g * (1 - z) * (1 - hh * hh);
        store<f32>(dA + at, dAh);
        store<f32>(g0 + at + (<usize>(2 * u) << 2), dAh);
        store<f32>(g0 + at, g * (load<f32>(hp + at) - hh) * gateSlope(z, hard));
        store<f32>(gOut + at, g * z);
      }
      // dRh = dA_h · R_hᵀ, through the reset gate into h and into r's pre-activation.
      const dRh = g0 + (<usize>u << 2);
      vecMat(dA, rT + (<usize>(2 * u * u) << 2), u, u, u, zeros, dRh);
      for (let k = 0; k < u; k++) {
        const at = <usize>k << 2;
        const r = load<f32>(c0 + at + (<usize>u << 2));
        const h = load<f32>(hp + at);
        const v = load<f32>(dRh + at);
        store<f32>(gOut + at, load<f32>(gOut + at) + v * r);
        store<f32>(dRh + at, v * h * gateSlope(r, hard));
        store<f32>(rhp + at, r * h);
      }
      // dh_prev += dG_zr · R_zrᵀ
      vecMat(g0, rT, u, 2 * u, u, gOut, gOut);
      // dR[k, :2u] += h_prev[k]·dG_zr, dR[k, 2u:] += (r⊙h_prev)[k]·dG_h
      for (let k = 0; k < u; k++) {
        const row = dR + (<usize>(k * G) << 2);
        const at = <usize>k << 2;
        axpy(load<f32>(hp + at), g0, row, 2 * u);
        axpy(load<f32>(rhp + at), g0 + (<usize>(2 * u) << 2), row + (<usize>(2 * u) << 2), u);
      }
    }
    const swap = dh;
    dh = dhNext;
    dhNext = swap;
  }
}

// ---- LSTM -------------------------------------------------------------------------------------------------

// Forward through T steps from h = c = 0, tfjs's LSTMCell (gates i | f | c | o, G = 4u, one bias in xp):
// c' = f⊙c + i⊙tanh(a_c), h' = o⊙tanh(c'). cache [T, B, 6u] receives, per (step, row), i | f | g | o | c | h
// (g the tanh candidate, c and h the new state). scratch: u floats.
export function lstmForward(xp: usize, rk: usize, cache: usize, scratch: usize, B: i32, T: i32, u: i32, hard: bool): void {
  const G = 4 * u;
  const C = 6 * u;
  const zeros = scratch;
  zero(zeros, u);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const x0 = xp + (<usize>((b * T + t) * G) << 2);
      const c0 = cache + (<usize>((t * B + b) * C) << 2);
      const p0 = t > 0 ? cache + (<usize>(((t - 1) * B + b) * C) << 2) : 0;
      const hp = t > 0 ? p0 + (<usize>(5 * u) << 2) : zeros;
      const cp = t > 0 ? p0 + (<usize>(4 * u) << 2) : zeros;
      vecMat(hp, rk, G, u, G, x0, c0);
      gateInPlace(c0, 2 * u, hard);
      tanhInPlace(c0 + (<usize>(2 * u) << 2), u);
      gateInPlace(c0 + (<usize>(3 * u) << 2), u, hard);
      const c = c0 + (<usize>(4 * u) << 2);
      const h = c0 + (<usize>(5 * u) << 2);
      for (let j = 0; j < u; j++) {
        const at = <usize>j << 2;
        const i = load<f32>(c0 + at);
        const f = load<f32>(c0 + at + (<usize>u << 2));
        const g = load<f32>(c0 + at + (<usize>(2 * u) << 2));
        store<f32>(c + at, f * load<f32>(cp + at) + i * g);
      }
      // h = o⊙tanh(c), tanh into h first.
      memory.copy(h, c, <usize>u << 2);
      tanhInPlace(h, u);
      const o0 = c0 + (<usize>(3 * u) << 2);
      for (let j = 0; j < u; j++) {
        const at = <usize>j << 2;
        store<f32>(h + at, load<f32>(o0 + at) * load<f32>(h + at));
      }
    }
  }
}

// Backward through time for lstmForward; the same contract as gruBackward (dG [B, T, G], dR [u, G]).
// scratch: G·u + 2·B·u + 2u floats.
export function lstmBackward(
  dy: usize,
  rk: usize,
  cache: usize,
  dG: usize,
  dR: usize,
  scratch: usize,
  B: i32,
  T: i32,
  u: i32,
  hard: bool,
  sequences: bool,
): void {
  const G = 4 * u;
  const C = 6 * u;
  const rT = scratch;
  const dh = rT + (<usize>(G * u) << 2);
  const dc = dh + (<usize>(B * u) << 2);
  const zeros = dc + (<usize>(B * u) << 2);
  const tc = zeros + (<usize>u << 2);
  transpose(rk, u, G, rT);
  zero(dh, B * u);
  zero(dc, B * u);
  zero(zeros, u);
  zero(dR, u * G);
  for (let t = T - 1; t >= 0; t--) {
    addOutputGradient(dy, dh, t, B, T, u, sequences);
    for (let b = 0; b < B; b++) {
      const c0 = cache + (<usize>((t * B + b) * C) << 2);
      const p0 = t > 0 ? cache + (<usize>(((t - 1) * B + b) * C) << 2) : 0;
      const hp = t > 0 ? p0 + (<usize>(5 * u) << 2) : zeros;
      const cp = t > 0 ? p0 + (<usize>(4 * u) << 2) : zeros;
      const g0 = dG + (<usize>((b * T + t) * G) << 2);
      const gh0 = dh + (<usize>(b * u) << 2);
      const gc0 = dc + (<usize>(b * u) << 2);
      memory.copy(tc, c0 + (<usize>(4 * u) << 2), <usize>u << 2);
      tanhInPlace(tc, u);
      for (let j = 0; j < u; j++) {
        const at = <usize>j << 2;
        const i = load<f32>(c0 + at);
        const f = load<f32>(c0 + at + (<usize>u << 2));
        const g = load<f32>(c0 + at + (<usize>(2 * u) << 2));
        const o = load<f32>(c0 + at + (<usize>(3 * u) << 2));
        const tcj = load<f32>(tc + at);
        const gh = load<f32>(gh0 + at);
        const gc = load<f32>(gc0 + at) + gh * o * (1 - tcj * tcj);
        store<f32>(g0 + at, gc * g * gateSlope(i, hard));
        store<f32>(g0 + at + (<usize>u << 2), gc * load<f32>(cp + at) * gateSlope(f, hard));
        store<f32>(g0 + at + (<usize>(2 * u) << 2), gc * i * (1 - g * g));
        store<f32>(g0 + at + (<usize>(3 * u) << 2), gh * tcj * gateSlope(o, hard));
        store<f32>(gc0 + at, gc * f);
      }
      // dh_prev = dG · Rᵀ (every dh value of this row was read above), dR += h_prev ⊗ dG.
      vecMat(g0, rT, u, G, u, zeros, gh0);
      for (let k = 0; k < u; k++) axpy(load<f32>(hp + (<usize>k << 2)), g0, dR + (<usize>(k * G) << 2), G);
    }
  }
}

// ---- helpers of the projections' gradients ----------------------------------------------------------------

// out[c] = Σ_r src[r, c] for a [rows, cols] matrix (the bias gradient from the pre-activation gradients).
export function columnSums(src: usize, rows: i32, cols: i32, out: usize): void {
  zero(out, cols);
  for (let r = 0; r < rows; r++) axpy(1, src + (<usize>(r * cols) << 2), out, cols);
}

// dst [cols, rows] = src [rows, cols]ᵀ.
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const from = src + (<usize>(r * cols) << 2);
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(from + (<usize>c << 2)));
  }
}

// ---- max-pooling's gradient -------------------------------------------------------------------------------

// dx [n, inH, inW, c] (zeroed here) receives each window's dy [n, outH, outW, c] at the window's first strict
// maximum in scan order (rows, then columns), the cpu back-end's rule; windows may overhang the input
// (padding, which never wins). Four channels at a time.
export function maxPoolGrad(
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
export function heapBase(): usize {
  return __heap_base;
}
