import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs";
import { BackendMatMul, columns, transpose } from "./backend-matmul.js";
import { type GateActivation, gateDerivative, gateFunction, gateKernel } from "./gates.js";
import {
  projectInputs,
  projectionGradients,
  readFloats,
  recurrentGradient,
  sequenceDims,
} from "./sequence-shapes.js";

export const FUSED_GRU = "CoincastFusedGru";
export const FUSED_GRU_GRAD = "CoincastFusedGruGrad";

export interface RecurrentAttrs {
  units: number;
  gate: GateActivation;
  returnSequences: boolean;
}

/** Per (step, batch row): z, r, hh and the new h, u values each. */
const GRU_CACHE = 4;

/**
 * A whole GRU sequence in one kernel, with tfjs's GRUCell semantics (gates z, r, h; reset applied before
 * the recurrent product, resetAfter false): z = g(xz + h·Rz), r = g(xr + h·Rr), hh = tanh(xh + (r⊙h)·Rh),
 * h' = z⊙h + (1-z)⊙hh, biases in x's projection. The input projection is one product for all steps; each
 * step then costs two back-end products, the back-end's sigmoid over z|r and tanh over hh (BackendMatMul.
 * activate), and JS passes of adds and products over B·u values, where the layers API ran about 35
 * engine kernels. Outputs: y ([B, T, u] or the last step [B, u]) and the cache the gradient reads.
 */
export function fusedGruForward(
  inputs: { x: TensorInfo; kernel: TensorInfo; recurrentKernel: TensorInfo; bias: TensorInfo },
  backend: KernelBackend,
  backendName: string,
  attrs: RecurrentAttrs,
): TensorInfo[] {
  const d = sequenceDims(inputs.x, attrs.units, 3);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const gate = gateFunction(attrs.gate);
  const kernel = gateKernel(attrs.gate);
  const mm = new BackendMatMul(backend, backendName);
  try {
    const xp = projectInputs(mm, backend, inputs.x, inputs.kernel, inputs.bias, d);
    const recurrent = readFloats(backend, inputs.recurrentKernel);
    const rZR = mm.upload(columns(recurrent, u, G, 0, 2 * u), u, 2 * u);
    const rH = mm.upload(columns(recurrent, u, G, 2 * u, u), u, u);
    const cache = new Float32Array(T * B * GRU_CACHE * u);
    const y = new Float32Array(attrs.returnSequences ? B * T * u : B * u);
    let h = new Float32Array(B * u);
    const rh = new Float32Array(B * u);
    for (let t = 0; t < T && B > 0; t++) {
      // Pre-activations of z|r for the whole batch, then the gate over all of them in one pass.
      const preZR = mm.multiply(h, B, rZR);
      for (let b = 0; b < B; b++) {
        const x0 = (b * T + t) * G;
        for (let j = 0; j < 2 * u; j++)
          preZR[b * 2 * u + j] = (preZR[b * 2 * u + j] as number) + (xp[x0 + j] as number);
      }
      const zr = kernel === null ? preZR.map(gate) : mm.activate(kernel, preZR);
      for (let b = 0; b < B; b++) {
        const c0 = (t * B + b) * GRU_CACHE * u;
        for (let j = 0; j < u; j++) {
          const z = zr[b * 2 * u + j] as number;
          const r = zr[b * 2 * u + u + j] as number;
          cache[c0 + j] = z;
          cache[c0 + u + j] = r;
          rh[b * u + j] = r * (h[b * u + j] as number);
        }
      }
      const preH = mm.multiply(rh, B, rH);
      for (let b = 0; b < B; b++) {
        const x0 = (b * T + t) * G + 2 * u;
        for (let j = 0; j < u; j++) preH[b * u + j] = (preH[b * u + j] as number) + (xp[x0 + j] as number);
      }
      const candidate = mm.activate("Tanh", preH);
      const next = new Float32Array(B * u);
      for (let b = 0; b < B; b++) {
        const c0 = (t * B + b) * GRU_CACHE * u;
        for (let j = 0; j < u; j++) {
          const hh = candidate[b * u + j] as number;
          const z = cache[c0 + j] as number;
          const value = z * (h[b * u + j] as number) + (1 - z) * hh;
          cache[c0 + 2 * u + j] = hh;
          cache[c0 + 3 * u + j] = value;
          next[b * u + j] = value;
          if (attrs.returnSequences) y[(b * T + t) * u + j] = value;
        }
      }
      h = next;
    }
    if (!attrs.returnSequences && T > 0) y.set(h);
    return [
      mm.output(y, attrs.returnSequences ? [B, T, u] : [B, u]),
      mm.output(cache, [T, B, GRU_CACHE * u]),
    ];
  } finally {
    mm.dispose();
  }
}

/**
 * Backpropagation through time for fusedGruForward: one pass from the last step to the first, two
 * back-end products a step (the gradient into h through Rh and through Rz|Rr), then every weight gradient
 * and dx as one product each over all B·T rows. Outputs dx, dKernel, dRecurrentKernel, dBias.
 */
export function fusedGruBackward(
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
  const d = sequenceDims(inputs.x, attrs.units, 3);
  const { batch: B, steps: T, units: u, gates: G } = d;
  const slope = gateDerivative(attrs.gate);
  const mm = new BackendMatMul(backend, backendName);
  try {
    const dy = readFloats(backend, inputs.dy);
    const cache = readFloats(backend, inputs.cache);
    const recurrent = readFloats(backend, inputs.recurrentKernel);
    const rHT = mm.upload(transpose(columns(recurrent, u, G, 2 * u, u), u, u), u, u);
    const rZRT = mm.upload(transpose(columns(recurrent, u, G, 0, 2 * u), u, 2 * u), 2 * u, u);
    const rows = B * T;
    const dG = new Float32Array(rows * G);
    const hPrev = new Float32Array(rows * u);
    const rhPrev = new Float32Array(rows * u);
    let dh = new Float32Array(B * u);
    const dA = new Float32Array(B * u);
    const dZR = new Float32Array(B * 2 * u);
    for (let t = T - 1; t >= 0 && B > 0; t--) {
      if (attrs.returnSequences) {
        for (let b = 0; b < B; b++) {
          for (let j = 0; j < u; j++)
            dh[b * u + j] = (dh[b * u + j] as number) + (dy[(b * T + t) * u + j] as number);
        }
      } else if (t === T - 1) {
        dh.set(dy);
      }
      const dhPrev = new Float32Array(B * u);
      for (let b = 0; b < B; b++) {
        const c0 = (t * B + b) * GRU_CACHE * u;
        const p0 = ((t - 1) * B + b) * GRU_CACHE * u + 3 * u;
        const row = b * T + t;
        for (let j = 0; j < u; j++) {
          const z = cache[c0 + j] as number;
          const r = cache[c0 + u + j] as number;
          const hh = cache[c0 + 2 * u + j] as number;
          const hp = t > 0 ? (cache[p0 + j] as number) : 0;
          const g = dh[b * u + j] as number;
          const dA_h = g * (1 - z) * (1 - hh * hh);
          dA[b * u + j] = dA_h;
          dG[row * G + 2 * u + j] = dA_h;
          dG[row * G + j] = g * (hp - hh) * slope(z);
          dhPrev[b * u + j] = g * z;
          hPrev[row * u + j] = hp;
          rhPrev[row * u + j] = r * hp;
        }
      }
      const dRh = mm.multiply(dA, B, rHT);
      for (let b = 0; b < B; b++) {
        const c0 = (t * B + b) * GRU_CACHE * u;
        const row = b * T + t;
        for (let j = 0; j < u; j++) {
          const r = cache[c0 + u + j] as number;
          const hp = hPrev[row * u + j] as number;
          const g = dRh[b * u + j] as number;
          dhPrev[b * u + j] = (dhPrev[b * u + j] as number) + g * r;
          const dA_r = g * hp * slope(r);
          dG[row * G + u + j] = dA_r;
          dZR[b * 2 * u + j] = dG[row * G + j] as number;
          dZR[b * 2 * u + u + j] = dA_r;
        }
      }
      const dhZR = mm.multiply(dZR, B, rZRT);
      for (let k = 0; k < B * u; k++) dhPrev[k] = (dhPrev[k] as number) + (dhZR[k] as number);
      dh = dhPrev;
    }
    const { dx, dKernel, dBias } = projectionGradients(mm, backend, inputs.x, inputs.kernel, dG, d);
    const dRZR = recurrentGradient(mm, hPrev, columns(dG, rows, G, 0, 2 * u), rows, u, 2 * u);
    const dRH = recurrentGradient(mm, rhPrev, columns(dG, rows, G, 2 * u, u), rows, u, u);
    const dRecurrent = new Float32Array(u * G);
    for (let i = 0; i < u; i++) {
      dRecurrent.set(dRZR.subarray(i * 2 * u, (i + 1) * 2 * u), i * G);
      dRecurrent.set(dRH.subarray(i * u, (i + 1) * u), i * G + 2 * u);
    }
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
