import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import { BackendMatMul, transpose } from "./backend-matmul.js";
import { gateDerivative, gateFunction, gateKernel } from "./gates.js";
import type { RecurrentAttrs } from "./gru-kernels.js";
import {
  projectInputs,
  projectionGradients,
  readFloats,
  recurrentGradient,
  sequenceDims,
} from "./sequence-shapes.js";

export const FUSED_LSTM = "CoincastFusedLstm";
export const FUSED_LSTM_GRAD = "CoincastFusedLstmGrad";

/** Per (step, batch row): i, f, g (tanh candidate), o, the cell c and h, u values each. */
const LSTM_CACHE = 6;

/**
 * A whole LSTM sequence in one kernel, with tfjs's LSTMCell semantics (gate order i, f, c, o; one bias):
 * a = x·K + h·R + b, c' = f⊙c + i⊙tanh(a_c), h' = o⊙tanh(c'). One back-end product per step after the
 * all-steps input projection, and the back-end's sigmoid and tanh over the whole batch's gates (on wasm
 * XNNPACK's, far cheaper than Math.exp per value; sigmoid and tanh each run over all four gate blocks,
 * since one call over twice the values costs less than slicing out the blocks). Outputs y and the cache the gradient reads.
 */
export function fusedLstmForward(
  inputs: { x: TensorInfo; kernel: TensorInfo; recurrentKernel: TensorInfo; bias: TensorInfo },
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, 4);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const gate = gateFunction(attrs.gate);
  const kernel = gateKernel(attrs.gate);
  const mm = new BackendMatMul(backend, backendName);
  try {
    const xp = projectInputs(mm, backend, inputs.x, inputs.kernel, inputs.bias, d);
    const recurrent = mm.view(inputs.recurrentKernel, u, G);
    const cache = new Float32Array(T * B * LSTM_CACHE * u);
    const y = new Float32Array(attrs.returnSequences ? B * T * u : B * u);
    let h = new Float32Array(B * u);
    let c = new Float32Array(B * u);
    for (let t = 0; t < T && B > 0; t++) {
      // Pre-activations of every gate for the whole batch; the gates and tanh then run over all at once.
      const pre = mm.multiply(h, B, recurrent);
      for (let b = 0; b < B; b++) {
        const x0 = (b * T + t) * G;
        for (let k = 0; k < G; k++) pre[b * G + k] = (pre[b * G + k] as number) + (xp[x0 + k] as number);
      }
      const gates = kernel === null ? pre.map(gate) : mm.activate(kernel, pre);
      const candidates = mm.activate("Tanh", pre);
      const nextC = new Float32Array(B * u);
      for (let b = 0; b < B; b++) {
        const r0 = b * G;
        for (let j = 0; j < u; j++) {
          const i = gates[r0 + j] as number;
          const f = gates[r0 + u + j] as number;
          const g = candidates[r0 + 2 * u + j] as number;
          nextC[b * u + j] = f * (c[b * u + j] as number) + i * g;
        }
      }
      const squashed = mm.activate("Tanh", nextC);
      const nextH = new Float32Array(B * u);
      for (let b = 0; b < B; b++) {
        const r0 = b * G;
        const c0 = (t * B + b) * LSTM_CACHE * u;
        for (let j = 0; j < u; j++) {
          const o = gates[r0 + 3 * u + j] as number;
          const value = o * (squashed[b * u + j] as number);
          cache[c0 + j] = gates[r0 + j] as number;
          cache[c0 + u + j] = gates[r0 + u + j] as number;
          cache[c0 + 2 * u + j] = candidates[r0 + 2 * u + j] as number;
          cache[c0 + 3 * u + j] = o;
          cache[c0 + 4 * u + j] = nextC[b * u + j] as number;
          cache[c0 + 5 * u + j] = value;
          nextH[b * u + j] = value;
          if (attrs.returnSequences) y[(b * T + t) * u + j] = value;
        }
      }
      h = nextH;
      c = nextC;
    }
    if (!attrs.returnSequences && T > 0) y.set(h);
    return [
      mm.output(y, attrs.returnSequences ? [B, T, u] : [B, u]),
      mm.output(cache, [T, B, LSTM_CACHE * u]),
    ];
  } finally {
    mm.dispose();
  }
}

/** Backpropagation through time for fusedLstmForward; outputs dx, dKernel, dRecurrentKernel, dBias. */
export function fusedLstmBackward(
  inputs: {
    dy: TensorInfo;
    x: TensorInfo;
    kernel: TensorInfo;
    recurrentKernel: TensorInfo;
    cache: TensorInfo;
  },
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, 4);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const slope = gateDerivative(attrs.gate);
  const mm = new BackendMatMul(backend, backendName);
  try {
    const dy = readFloats(backend, inputs.dy);
    const cache = readFloats(backend, inputs.cache);
    const recurrentT = mm.upload(transpose(readFloats(backend, inputs.recurrentKernel), u, G), G, u);
    const rows = B * T;
    const dG = new Float32Array(rows * G);
    const hPrev = new Float32Array(rows * u);
    let dh: Float32Array = new Float32Array(B * u);
    let dc = new Float32Array(B * u);
    const dA = new Float32Array(B * G);
    for (let t = T - 1; t >= 0 && B > 0; t--) {
      if (attrs.returnSequences) {
        for (let b = 0; b < B; b++) {
          for (let j = 0; j < u; j++)
            dh[b * u + j] = (dh[b * u + j] as number) + (dy[(b * T + t) * u + j] as number);
        }
      } else if (t === T - 1) {
        dh.set(dy);
      }
      const dcPrev = new Float32Array(B * u);
      for (let b = 0; b < B; b++) {
        const c0 = (t * B + b) * LSTM_CACHE * u;
        const p0 = ((t - 1) * B + b) * LSTM_CACHE * u;
        const row = b * T + t;
        for (let j = 0; j < u; j++) {
          const i = cache[c0 + j] as number;
          const f = cache[c0 + u + j] as number;
          const g = cache[c0 + 2 * u + j] as number;
          const o = cache[c0 + 3 * u + j] as number;
          const tc = Math.tanh(cache[c0 + 4 * u + j] as number);
          const cp = t > 0 ? (cache[p0 + 4 * u + j] as number) : 0;
          const hp = t > 0 ? (cache[p0 + 5 * u + j] as number) : 0;
          const gh = dh[b * u + j] as number;
          const gc = (dc[b * u + j] as number) + gh * o * (1 - tc * tc);
          const grads = [gc * g * slope(i), gc * cp * slope(f), gc * i * (1 - g * g), gh * tc * slope(o)];
          for (let k = 0; k < 4; k++) {
            dG[row * G + k * u + j] = grads[k] as number;
            dA[b * G + k * u + j] = grads[k] as number;
          }
          dcPrev[b * u + j] = gc * f;
          hPrev[row * u + j] = hp;
        }
      }
      dh = mm.multiply(dA, B, recurrentT);
      dc = dcPrev;
    }
    const { dx, dKernel, dBias } = projectionGradients(mm, backend, inputs.x, inputs.kernel, dG, d);
    const dRecurrent = recurrentGradient(mm, hPrev, dG, rows, u, G);
    return [
      mm.output(dx, [B, T, d.inputDim]),
      mm.output(dKernel, [d.inputDim, G]),
      mm.output(dRecurrent, [u, G]),
      mm.output(dBias, [G]),
    ];
  } finally {
    mm.dispose();
  }
}
