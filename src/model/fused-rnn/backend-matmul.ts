import { getKernel, type KernelBackend, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs";

/** Element-wise kernels a fused recurrent kernel runs on the back-end (see BackendMatMul.activate). */
export type UnaryKernel = "Sigmoid" | "Tanh";

/** A matrix on the back-end, uploaded once and multiplied many times (the recurrent weights of a step). */
export interface ResidentMatrix {
  readonly info: TensorInfo;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Row-major matrix products on whichever back-end runs a fused recurrent kernel, called below the engine
 * (kernelFunc straight on TensorInfos, as wasm-kernels/kernel-scope.ts explains) so that a step's products
 * cost no engine bookkeeping and record nothing on the tape. Operands are never transposed here: the
 * callers transpose in JS, because wasm's BatchMatMul only hands untransposed operands to XNNPACK and
 * falls back to a scalar loop otherwise. Counts the products it runs, so a bench can report them beside
 * the engine's kernel count.
 */
export class BackendMatMul {
  private readonly owned: TensorInfo[] = [];
  private readonly matMulFunc;
  private readonly unaryFuncs = new Map<UnaryKernel, KernelFunc>();
  products = 0;

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {
    const kernel = getKernel("BatchMatMul", backendName);
    if (kernel === undefined) throw new Error(`back-end '${backendName}' has no BatchMatMul kernel`);
    this.matMulFunc = kernel.kernelFunc;
  }

  /** Copies `values` ([rows, cols], row-major) to the back-end until dispose(). */
  upload(values: Float32Array, rows: number, cols: number): ResidentMatrix {
    const info = this.write(values, [1, rows, cols]);
    this.owned.push(info);
    return { info, rows, cols };
  }

  /** Views an input the engine owns as a [rows, cols] matrix, without copying (same data id). */
  view(input: TensorInfo, rows: number, cols: number): ResidentMatrix {
    return { info: { dataId: input.dataId, shape: [1, rows, cols], dtype: "float32" }, rows, cols };
  }

  /** a [m, k] (host or resident) times b [k, n] (resident): the product, read back to the host. */
  multiply(a: Float32Array | ResidentMatrix, m: number, b: ResidentMatrix): Float32Array {
    const left = a instanceof Float32Array ? this.write(a, [1, m, b.rows]) : a.info;
    const out = this.matMulFunc({
      inputs: { a: left, b: b.info },
      attrs: { transposeA: false, transposeB: false },
      backend: this.backend,
    }) as TensorInfo;
    this.products++;
    const values = this.backend.readSync(out.dataId) as Float32Array;
    this.backend.disposeData(out.dataId);
    if (a instanceof Float32Array) this.backend.disposeData(left.dataId);
    // wasm copies out of its heap; cpu hands back the (now unreferenced) output buffer: both are ours.
    return values;
  }

  /**
   * The back-end's own `kernelName` (Sigmoid or Tanh) applied to host values: a new array. On wasm that is
   * XNNPACK's vectorised activation, ~30x cheaper per value than Math.exp/Math.tanh in JS, which cost most
   * of a fused step when every gate value went through them; on cpu it is the same JS formula as before.
   */
  activate(kernelName: UnaryKernel, values: Float32Array): Float32Array {
    let func = this.unaryFuncs.get(kernelName);
    if (func === undefined) {
      const kernel = getKernel(kernelName, this.backendName);
      if (kernel === undefined) throw new Error(`back-end '${this.backendName}' has no ${kernelName} kernel`);
      func = kernel.kernelFunc;
      this.unaryFuncs.set(kernelName, func);
    }
    const input = this.write(values, [values.length]);
    const out = func({ inputs: { x: input }, attrs: {}, backend: this.backend }) as TensorInfo;
    const result = this.backend.readSync(out.dataId) as Float32Array;
    this.backend.disposeData(out.dataId);
    this.backend.disposeData(input.dataId);
    return result;
  }

  /** A kernel output owned by the engine afterwards (one reference, as backend.write creates it). */
  output(values: Float32Array, shape: number[]): TensorInfo {
    return this.write(values, shape);
  }

  /** Frees every uploaded matrix. */
  dispose(): void {
    for (const info of this.owned.splice(0)) this.backend.disposeData(info.dataId);
  }

  private write(values: Float32Array, shape: number[]): TensorInfo {
    return { dataId: this.backend.write(values, shape, "float32"), shape, dtype: "float32" };
  }
}

/** Row-major transpose of a [rows, cols] matrix. */
export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[base + c] as number;
  }
  return out;
}

/** Columns [from, from + width) of a [rows, cols] matrix. */
export function columns(
  values: Float32Array,
  rows: number,
  cols: number,
  from: number,
  width: number,
): Float32Array {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++)
    out.set(values.subarray(r * cols + from, r * cols + from + width), r * width);
  return out;
}
