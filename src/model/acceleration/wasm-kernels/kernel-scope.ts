import { getKernel, type KernelBackend, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs";

/** Inputs as a kernel takes them: named TensorInfos, or a list for variadic kernels such as Concat. */
export type KernelInputs = Record<string, TensorInfo> | readonly TensorInfo[];

/**
 * Runs the wasm back-end's own kernels on TensorInfos from inside another kernel's kernelFunc, and frees
 * every intermediate when the composite kernel is done.
 *
 * Why kernels and not tf ops: a tf op called inside a kernelFunc makes an engine-tracked Tensor, and the
 * engine wraps whatever TensorInfo a kernel returns in a *new* Tensor without taking a reference on its
 * data (Engine.makeTensorFromTensorInfo). Returning the data of an inner tf op's result therefore leaves
 * two Tensors on one buffer with a single reference: disposing the inner one frees memory the returned
 * Tensor still reads (the wasm heap reuses it silently), and keeping it leaks a Tensor per call. Calling
 * kernelFuncs directly stays below the engine: nothing is tracked, each output is a fresh data id with one
 * reference (Reshape shares its input's buffer and takes a reference via backend.incRef), and
 * backend.disposeData drops exactly the reference each intermediate holds. The one output handed back
 * keeps its reference, which the engine then owns.
 */
export class WasmKernelScope {
  private readonly owned: TensorInfo[] = [];

  constructor(private readonly backend: KernelBackend) {}

  /** Runs a single-output wasm kernel; its output is freed by dispose() unless it is the scope's result. */
  run(kernelName: string, inputs: KernelInputs, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, "wasm");
    if (kernel === undefined) {
      throw new Error(`wasm kernel '${kernelName}' is not registered: a composite wasm kernel needs it`);
    }
    // Concat takes its inputs as an array, which the engine also passes through this map-typed slot.
    const out = kernel.kernelFunc({
      inputs: inputs as Record<string, TensorInfo>,
      attrs,
      backend: this.backend,
    });
    if (Array.isArray(out)) {
      for (const info of out) this.owned.push(info);
      throw new Error(`wasm kernel '${kernelName}' returned ${out.length} outputs; expected one`);
    }
    this.owned.push(out);
    return out;
  }

  /** Takes `result` out of the scope so that dispose() leaves its reference for the engine to own. */
  release(result: TensorInfo): TensorInfo {
    const index = this.owned.indexOf(result);
    if (index === -1) throw new Error("released a TensorInfo that this scope did not create");
    this.owned.splice(index, 1);
    return result;
  }

  /** Drops the reference each intermediate holds; Reshape views of them each hold their own. */
  dispose(): void {
    for (const info of this.owned.splice(0)) this.backend.disposeData(info.dataId);
  }
}

/**
 * Runs `body` in a fresh WasmKernelScope and returns its result with exactly one reference, every other
 * intermediate freed, on success and on error alike.
 */
export function withKernelScope(
  backend: KernelBackend,
  body: (scope: WasmKernelScope) => TensorInfo,
): TensorInfo {
  const scope = new WasmKernelScope(backend);
  try {
    return scope.release(body(scope));
  } finally {
    scope.dispose();
  }
}
