import { getKernel, type KernelBackend, type TensorInfo } from "@tensorflow/tfjs";

/** A matrix on the back-end: uploaded until dispose(), or a view of an input the engine owns. */
export interface ResidentMatrix {
  readonly info: TensorInfo;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Row-major matrix products on whichever back-end runs a fused recurrent kernel (the input projection and
 * its gradients, one product each over all B·T rows), called below the engine (kernelFunc straight on
 * TensorInfos, as wasm-kernels/kernel-scope.ts explains) so that they cost no engine bookkeeping and record
 * nothing on the tape. Operands are never transposed here: the callers transpose first (SimdModule.
 * transpose), because wasm's BatchMatMul only hands untransposed operands to XNNPACK and falls back to a
 * scalar loop otherwise.
 */
export class BackendMatMul {
  private readonly owned: TensorInfo[] = [];
  private readonly matMulFunc;

  constructor(
    private readonly backend: KernelBackend,
    backendName: string,
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
    const values = this.backend.readSync(out.dataId) as Float32Array;
    this.backend.disposeData(out.dataId);
    if (a instanceof Float32Array) this.backend.disposeData(left.dataId);
    // wasm copies out of its heap; cpu hands back the (now unreferenced) output buffer: both are ours.
    return values;
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
