import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join, sep } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ConfigError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { registerWasmTrainingKernels } from "./wasm-kernels/index.js";

/** What TF_BACKEND may ask for: `auto` takes the best that works, the others insist on one back-end. */
export type BackendPreference = "auto" | "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";
/** A back-end that selectBackend can settle on. */
export type BackendName = Exclude<BackendPreference, "auto">;

/** Best first: the order `auto` tries. */
export const BACKEND_ORDER: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

/**
 * Capabilities of the selected back-end, in the spirit of ccxt's `has`: `true`, `false`, or `"emulated"`
 * where Coincast fills a gap in the back-end itself (wasm's conv filter gradient, see wasm-kernels/).
 */
export interface BackendHas {
  /** Kernels run on a CUDA GPU. */
  gpu: boolean;
  /** Kernels run in libtensorflow (tfjs-node or tfjs-node-gpu). */
  native: boolean;
  /** wasm only: the SIMD build of the kernels is loaded. */
  simd: boolean;
  /** wasm only: the multi-threaded build is loaded (never in Node today; see selectWasm). */
  threads: boolean;
  /** Every kernel that fitting the CNN-GRU needs is present. */
  training: true | "emulated";
}

/** The back-end in use after selectBackend, and why better ones were passed over. */
export interface SelectedBackend {
  name: BackendName;
  /** The name the tfjs engine knows it by: `tensorflow`, `wasm` or `cpu`. */
  engineName: string;
  has: BackendHas;
  /** Threads the kernels may use: libtensorflow's intra-op default, wasm's XNNPACK pool, or 1. */
  threads: number;
  /** Better back-ends that were tried first, each with the reason it was not used. */
  skipped: readonly BackendSkip[];
}

export interface BackendSkip {
  name: BackendName;
  reason: string;
}

export interface SelectBackendOptions {
  preference: BackendPreference;
  logger: Logger;
  /** Loads a package by name; tests inject fakes. Default: dynamic `import()`. */
  importModule?: (specifier: string) => Promise<unknown>;
  /** Only for benchmarks and diagnosis: `false` forces the non-SIMD wasm build. Default true. */
  wasmSimd?: boolean;
  /** XNNPACK pool size should a threaded wasm build load. Default: the cores there are, at most 4. */
  wasmThreads?: number;
}

/**
 * An explicitly requested back-end cannot run here. Start-up stops: a deliberate TF_BACKEND that silently
 * fell back could make training 25x slower (wasm -> cpu) or turn a GPU host into a CPU one unnoticed.
 */
export class BackendUnavailableError extends ConfigError {
  override readonly name: string = "BackendUnavailableError";
  readonly preference: BackendName;
  readonly skipped: readonly BackendSkip[];

  constructor(preference: BackendName, skipped: readonly BackendSkip[], options: { cause?: unknown } = {}) {
    const reasons = skipped.map((skip) => `${skip.name}: ${skip.reason}`).join("; ");
    super(
      `TF_BACKEND=${preference} is not available (${reasons}). ` +
        `Install what it needs, or set TF_BACKEND=auto to use the best back-end that works.`,
      { code: "backend-unavailable", cause: options.cause },
    );
    this.preference = preference;
    this.skipped = skipped;
  }
}

/** `notable`: the failure deserves a warning, not a debug line (a GPU package installed with no usable GPU). */
type Attempt =
  | { ok: true; backend: Omit<SelectedBackend, "skipped"> }
  | { ok: false; reason: string; notable?: boolean };

type ImportModule = (specifier: string) => Promise<unknown>;

const NODE_GPU_PACKAGE = "@tensorflow/tfjs-node-gpu";
const NODE_PACKAGE = "@tensorflow/tfjs-node";
const WASM_PACKAGE = "@tensorflow/tfjs-backend-wasm";

/**
 * Chooses, initialises and activates the TensorFlow.js back-end for this process (the tfjs engine is
 * process-global, so this is a start-up step, not a per-model one). `auto` tries, best first,
 * tfjs-node-gpu with a working CUDA GPU, tfjs-node, wasm, pure-JS cpu; optional packages are imported
 * lazily and any failure to load one is a reason to move on. An explicit preference that cannot run
 * throws BackendUnavailableError rather than falling back (see there). Logs the back-end chosen.
 */
export async function selectBackend(options: SelectBackendOptions): Promise<SelectedBackend> {
  const { preference, logger } = options;
  const importModule: ImportModule = options.importModule ?? ((specifier) => import(specifier));
  const candidates = preference === "auto" ? BACKEND_ORDER : [preference];
  const skipped: BackendSkip[] = [];

  for (const name of candidates) {
    const attempt = await attemptBackend(name, importModule, options).catch(
      (error: unknown): Attempt => ({ ok: false, reason: errorMessage(error) }),
    );
    if (attempt.ok) {
      const selected: SelectedBackend = { ...attempt.backend, skipped };
      logger.info(
        { backend: selected.name, engine: selected.engineName, has: selected.has, threads: selected.threads },
        `TensorFlow.js back-end: ${selected.name}`,
      );
      return selected;
    }
    skipped.push({ name, reason: attempt.reason });
    if (attempt.notable === true) {
      // Someone installed the GPU package on purpose: say plainly that it is not being used.
      logger.warn({ backend: name, reason: attempt.reason }, "TensorFlow.js back-end installed but unusable");
    } else {
      logger.debug({ backend: name, reason: attempt.reason }, "TensorFlow.js back-end unavailable");
    }
  }
  if (preference === "auto") {
    // cpu is pure JS and always registered, so this means tfjs itself is broken.
    throw new Error(`no TensorFlow.js back-end could start: ${JSON.stringify(skipped)}`);
  }
  throw new BackendUnavailableError(preference, skipped);
}

function attemptBackend(
  name: BackendName,
  importModule: ImportModule,
  options: SelectBackendOptions,
): Promise<Attempt> {
  switch (name) {
    case "tensorflow-gpu":
      return selectTensorflow(importModule, [NODE_GPU_PACKAGE], true);
    case "tensorflow":
      // tfjs-node-gpu runs on the CPU too when it finds no GPU, so it also satisfies `tensorflow`.
      return selectTensorflow(importModule, [NODE_PACKAGE, NODE_GPU_PACKAGE], false);
    case "wasm":
      return selectWasm(importModule, options);
    case "cpu":
      return selectCpu();
  }
}

/**
 * Both native packages register an engine back-end named `tensorflow`, and only one libtensorflow can be
 * loaded per process, so the first that loads is the one used, GPU or not.
 */
async function selectTensorflow(
  importModule: ImportModule,
  packages: readonly string[],
  needGpu: boolean,
): Promise<Attempt> {
  const failures: string[] = [];
  if (tf.findBackendFactory("tensorflow") == null) {
    for (const pkg of packages) {
      try {
        await importModule(pkg);
        break;
      } catch (error) {
        failures.push(
          isNotInstalled(error, pkg)
            ? `${pkg} is not installed`
            : `${pkg} failed to load: ${errorMessage(error)}`,
        );
      }
    }
  }
  if (tf.findBackendFactory("tensorflow") == null) {
    return fail(failures.join("; ") || `none of ${packages.join(", ")} registered a back-end`);
  }
  if (!(await tf.setBackend("tensorflow"))) return fail("libtensorflow failed to initialise");
  const probe = probeOp();
  if (probe !== null) return fail(`a test op failed on libtensorflow: ${probe}`);
  // NodeJSKernelBackend records whether libtensorflow listed a GPU device; TensorFlow places ops on it by
  // default, so the probe op above has just proved that device computes (a broken GPU throws there).
  const native = tf.backend() as { isUsingGpuDevice?: boolean; isGPUPackage?: boolean };
  const gpu = native.isUsingGpuDevice === true;
  if (needGpu && !gpu) {
    return {
      ok: false,
      reason: "no CUDA GPU is usable: libtensorflow found no GPU device (no GPU, driver or CUDA libraries)",
      notable: native.isGPUPackage === true,
    };
  }
  return ok({
    name: gpu ? "tensorflow-gpu" : "tensorflow",
    engineName: "tensorflow",
    has: { gpu, native: true, simd: false, threads: false, training: true },
    threads: availableParallelism(),
  });
}

/**
 * In Node the wasm back-end loads its .wasm files from the package's dist folder on disk (set explicitly:
 * bundlers and test runners move __dirname). SIMD is detected by tfjs with WebAssembly.validate and works
 * in Node 20: batch-256 prediction of the CNN-GRU took ~65 ms against ~86 ms with the plain build (training
 * batches, dominated by many small kernels, differed by less than the noise on 2 cores). The threaded build
 * does not start in Node: tfjs declines it (WASM_HAS_MULTITHREAD_SUPPORT is false under Node, tfjs issue
 * 3830) and forcing it fails with ERR_WORKER_PATH because Emscripten hands worker_threads a blob: URL.
 * So kernels run on one thread; wasmThreads only matters should a later tfjs enable threads in Node.
 */
async function selectWasm(importModule: ImportModule, options: SelectBackendOptions): Promise<Attempt> {
  const wasm = (await importModule(WASM_PACKAGE)) as typeof import("@tensorflow/tfjs-backend-wasm");
  // Not tf.findBackend: it starts initialising a registered back-end as a side effect, which would read the
  // SIMD flag and the wasm path before they are set here.
  if (!("wasm" in tf.engine().registry)) {
    if (options.wasmSimd === false) tf.env().set("WASM_HAS_SIMD_SUPPORT", false);
    wasm.setWasmPaths(wasmDistDir());
    wasm.setThreadsCount(options.wasmThreads ?? Math.min(availableParallelism(), 4));
  }
  registerWasmTrainingKernels();
  if (!(await tf.setBackend("wasm"))) return fail("the wasm back-end failed to initialise");
  const probe = probeOp();
  if (probe !== null) return fail(`a test op failed on wasm: ${probe}`);
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const threads = (await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT")) === true;
  return ok({
    name: "wasm",
    engineName: "wasm",
    has: { gpu: false, native: false, simd, threads, training: "emulated" },
    threads: wasm.getThreadsCount(),
  });
}

async function selectCpu(): Promise<Attempt> {
  if (!(await tf.setBackend("cpu"))) return fail("the cpu back-end failed to initialise");
  return ok({
    name: "cpu",
    engineName: "cpu",
    has: { gpu: false, native: false, simd: false, threads: false, training: true },
    threads: 1,
  });
}

/** The folder holding tfjs-backend-wasm's .wasm binaries, with a trailing separator as setWasmPaths wants. */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${WASM_PACKAGE}/package.json`)), "dist") + sep;
}

/** Runs one tiny op to prove the back-end computes, not merely loads; returns why not, or null. */
function probeOp(): string | null {
  try {
    const values = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
    return values[0] === 4 && values[1] === 6 ? null : `1+3, 2+4 gave ${Array.from(values).join(", ")}`;
  } catch (error) {
    return errorMessage(error);
  }
}

const ok = (backend: Omit<SelectedBackend, "skipped">): Attempt => ({ ok: true, backend });
const fail = (reason: string): Attempt => ({ ok: false, reason });

/**
 * The package itself is absent, as opposed to present but broken: tfjs-node whose libtensorflow download
 * failed also throws MODULE_NOT_FOUND, but for its native binding, and that must be reported as it is.
 */
function isNotInstalled(error: unknown, pkg: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const notFound = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
  return notFound && typeof message === "string" && message.includes(`'${pkg}'`);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}
