// AssemblyScript (see wasm/kernels.ts): the fused GRU's recurrence, forward and backward through time.

import { gateInPlace, gateSlope, tanhInPlace } from "./maths";
import { addOutputGradient, axpy, transpose, vecMat, zero } from "./products";

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
