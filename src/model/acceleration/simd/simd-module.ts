import { SIMD_WASM_BASE64 } from "./kernels-wasm.generated.js";

// The project's lib (ES2023, no DOM) types no WebAssembly API: the little this module uses.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: unknown };
  };
};

/** The exports of wasm/kernels.ts: pointers are byte offsets into `memory`, sizes in floats. */
export interface SimdExports {
  memory: WasmMemory;
  heapBase(): number;
  columnSums(src: number, rows: number, cols: number, out: number): void;
  /** The gates in place: sigmoid (hard false) or tfjs's hardSigmoid, and tanh. */
  gateInPlace(values: number, length: number, hard: boolean): void;
  tanhInPlace(values: number, length: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  maxPoolGrad(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    inHeight: number,
    inWidth: number,
    channels: number,
    outHeight: number,
    outWidth: number,
    strideHeight: number,
    strideWidth: number,
    filterHeight: number,
    filterWidth: number,
    padTop: number,
    padLeft: number,
  ): void;
  gruForward(
    xp: number,
    recurrentKernel: number,
    cache: number,
    scratch: number,
    batch: number,
    steps: number,
    units: number,
    hard: boolean,
  ): void;
  gruBackward(
    dy: number,
    recurrentKernel: number,
    cache: number,
    dG: number,
    dR: number,
    scratch: number,
    batch: number,
    steps: number,
    units: number,
    hard: boolean,
    sequences: boolean,
  ): void;
  /** The same contracts as the GRU's, for the LSTM's gates and cache (wasm/kernels.ts). */
  lstmForward: SimdExports["gruForward"];
  lstmBackward: SimdExports["gruBackward"];
}

const PAGE = 65536;

/**
 * Coincast's own WebAssembly (SIMD) module (wasm/kernels.ts): for the fused GRU and LSTM, a whole sequence
 * forward or backward in one call (where the per-step path ran two back-end products, two activations and
 * their copies for every time step), and the transposes and column sums around the back-end's products;
 * and max-pooling's gradient for the wasm back-end. Independent of the TensorFlow.js back-end (it runs the
 * same on cpu, wasm and tfjs-node, whose data the kernels read to the host anyway), one instance per
 * thread, compiled on first use (7 kB). A call lays its arrays out from the module's
 * heap base, growing the memory when a call needs more; nothing stays allocated between calls.
 */
export class SimdModule {
  readonly exports: SimdExports;
  private readonly base: number;

  constructor(bytes: Uint8Array) {
    const instance = new wasmApi.Instance(new wasmApi.Module(bytes), {});
    this.exports = instance.exports as unknown as SimdExports;
    this.base = this.exports.heapBase();
  }

  /** Byte offsets of consecutive arrays of `lengths` floats (16-byte aligned), memory grown to hold them. */
  layout(lengths: number[]): number[] {
    const offsets: number[] = [];
    let end = align(this.base);
    for (const length of lengths) {
      offsets.push(end);
      end = align(end + 4 * length);
    }
    const memory = this.exports.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    return offsets;
  }

  write(offset: number, values: Float32Array): void {
    new Float32Array(this.exports.memory.buffer, offset, values.length).set(values);
  }

  /** A copy of `length` floats at `offset` (the memory is reused by the next call). */
  read(offset: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, offset, length).slice();
  }

  /** Row-major transpose of a [rows, cols] matrix: a new [cols, rows] array. */
  transpose(values: Float32Array, rows: number, cols: number): Float32Array {
    const [from, to] = this.layout([values.length, values.length]) as [number, number];
    this.write(from, values);
    this.exports.transpose(from, rows, cols, to);
    return this.read(to, values.length);
  }

  /** Sums over the rows of a [rows, cols] matrix: [cols]. */
  columnSums(values: Float32Array, rows: number, cols: number): Float32Array {
    const [from, to] = this.layout([values.length, cols]) as [number, number];
    this.write(from, values);
    this.exports.columnSums(from, rows, cols, to);
    return this.read(to, cols);
  }
}

function align(offset: number): number {
  return Math.ceil(offset / 16) * 16;
}

let shared: SimdModule | undefined;

/** This thread's instance of the module. */
export function simdModule(): SimdModule {
  shared ??= new SimdModule(Buffer.from(SIMD_WASM_BASE64, "base64"));
  return shared;
}
