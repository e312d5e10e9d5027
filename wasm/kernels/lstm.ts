// AssemblyScript (see wasm/kernels.ts): the fused LSTM's recurrence, forward and backward through time.

import { gateInPlace, gateSlope, tanhInPlace } from "./maths";
import { addOutputGradient, axpy, transpose, vecMat, zero } from "./products";

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
