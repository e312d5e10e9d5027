// AssemblyScript (see wasm/kernels.ts): the gates' maths on f32x4 lanes (exp, sigmoid,
// hardSigmoid, tanh, their slopes) and the gate and tanh passes in place.

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
export function gateSlope(s: f32, hard: bool): f32 {
  if (hard) return s > 0 && s < 1 ? <f32>0.2 : <f32>0;
  return s * (1 - s);
}
