import { Writable } from "node:stream";
import * as tf from "@tensorflow/tfjs";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/logger.js";
import { BackendUnavailableError, selectBackend } from "../../../src/model/acceleration/backend.js";

/** A logger that keeps its lines, to check what start-up tells the operator. */
function capturingLogger() {
  const lines: { level: number; msg: string; backend?: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

const notInstalled = (specifier: string) =>
  Object.assign(new Error(`Cannot find package '${specifier}' imported from backend.ts`), {
    code: "ERR_MODULE_NOT_FOUND",
  });

/** Neither native package is installed; wasm and everything else load for real. */
const withoutNative = (specifier: string) =>
  specifier.startsWith("@tensorflow/tfjs-node") ? Promise.reject(notInstalled(specifier)) : import(specifier);

/**
 * Stands in for tfjs-node(-gpu): registers a `tensorflow` back-end (the cpu one underneath) that reports
 * the GPU flags NodeJSKernelBackend exposes, as importing the real package would.
 */
function fakeNative(flags: { isGPUPackage: boolean; isUsingGpuDevice: boolean }) {
  return (specifier: string): Promise<unknown> => {
    if (specifier !== "@tensorflow/tfjs-node-gpu") return withoutNative(specifier);
    for (const kernel of tf.getKernelsForBackend("cpu")) {
      if (tf.getKernel(kernel.kernelName, "tensorflow") === undefined) {
        tf.registerKernel({ ...kernel, backendName: "tensorflow" });
      }
    }
    tf.registerBackend("tensorflow", () => Object.assign(new tf.MathBackendCPU(), flags), 0);
    return Promise.resolve({});
  };
}

afterEach(async () => {
  await tf.setBackend("cpu");
  if (tf.findBackendFactory("tensorflow") != null) tf.removeBackend("tensorflow");
});

describe("selectBackend", () => {
  it("GIVEN auto and no native package THEN wasm is chosen with SIMD, its training kernels, and a log line", async () => {
    const { logger, lines } = capturingLogger();

    const selected = await selectBackend({ preference: "auto", logger, importModule: withoutNative });

    expect(selected.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(selected.has).toMatchObject({ gpu: false, native: false, simd: true, training: "emulated" });
    expect(selected.threads).toBeGreaterThanOrEqual(1);
    expect(selected.skipped.map((skip) => skip.name)).toEqual(["tensorflow-gpu", "tensorflow"]);
    expect(selected.skipped[0]?.reason).toContain("@tensorflow/tfjs-node-gpu is not installed");
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, msg: "TensorFlow.js back-end: wasm" }));
  });

  it("GIVEN wasm is selected twice THEN the second call reuses the running back-end", async () => {
    const first = await selectBackend({ preference: "wasm", logger: silentLogger() });
    const second = await selectBackend({ preference: "wasm", logger: silentLogger() });
    expect(second).toEqual(first);
    expect(tf.getBackend()).toBe("wasm");
  });

  it("GIVEN TF_BACKEND=tensorflow and tfjs-node is not installed THEN start-up fails naming the package and the fix", async () => {
    const attempt = selectBackend({
      preference: "tensorflow",
      logger: silentLogger(),
      importModule: withoutNative,
    });

    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(/@tensorflow\/tfjs-node is not installed.*TF_BACKEND=auto/);
  });

  it("GIVEN tfjs-node-gpu without a usable GPU THEN auto runs libtensorflow on the CPU and warns", async () => {
    const { logger, lines } = capturingLogger();
    const importModule = fakeNative({ isGPUPackage: true, isUsingGpuDevice: false });

    const selected = await selectBackend({ preference: "auto", logger, importModule });

    expect(selected.name).toBe("tensorflow");
    expect(selected.has).toMatchObject({ gpu: false, native: true });
    expect(tf.getBackend()).toBe("tensorflow");
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, backend: "tensorflow-gpu" }));
  });

  it("GIVEN TF_BACKEND=tensorflow-gpu without a usable GPU THEN start-up fails rather than run on the CPU", async () => {
    const importModule = fakeNative({ isGPUPackage: true, isUsingGpuDevice: false });

    await expect(
      selectBackend({ preference: "tensorflow-gpu", logger: silentLogger(), importModule }),
    ).rejects.toThrow(/no CUDA GPU is usable/);
  });

  it("GIVEN tfjs-node-gpu with a working GPU THEN auto picks tensorflow-gpu", async () => {
    const importModule = fakeNative({ isGPUPackage: true, isUsingGpuDevice: true });

    const selected = await selectBackend({ preference: "auto", logger: silentLogger(), importModule });

    expect(selected.name).toBe("tensorflow-gpu");
    expect(selected.has).toMatchObject({ gpu: true, native: true, training: true });
    expect(selected.skipped).toEqual([]);
  });

  it("GIVEN TF_BACKEND=cpu THEN the pure-JS back-end runs", async () => {
    const selected = await selectBackend({ preference: "cpu", logger: silentLogger() });
    expect(selected).toMatchObject({ name: "cpu", engineName: "cpu", threads: 1 });
    expect(tf.getBackend()).toBe("cpu");
  });
});
