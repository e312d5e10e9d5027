// AssemblyScript (see wasm/kernels.ts): the products, sums and transposes the recurrences share.

// out[j] = init[j] + Σ_i v[i] · m[i·stride + j] for j < n (a row vector times k rows of a matrix whose rows
// are `stride` floats apart). out may be init. 16 columns at a time in four accumulators, then 4, then 1.
export function vecMat(v: usize, m: usize, stride: i32, k: i32, n: i32, init: usize, out: usize): void {
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
export function axpy(s: f32, v: usize, acc: usize, n: i32): void {
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

export function zero(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n << 2);
}

// dh [B, u] += the output gradient of step t: dy [B, T, u] at every step, or dy [B, u] at the last one only.
export function addOutputGradient(dy: usize, dh: usize, t: i32, B: i32, T: i32, u: i32, sequences: bool): void {
  if (sequences) {
    for (let b = 0; b < B; b++) axpy(1, dy + (<usize>((b * T + t) * u) << 2), dh + (<usize>(b * u) << 2), u);
  } else if (t == T - 1) {
    axpy(1, dy, dh, B * u);
  }
}

// dst [cols, rows] = src [rows, cols]ᵀ.
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const from = src + (<usize>(r * cols) << 2);
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(from + (<usize>c << 2)));
  }
}
