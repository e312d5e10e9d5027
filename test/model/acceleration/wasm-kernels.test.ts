import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/logger.js";
import { selectBackend } from "../../../src/model/acceleration/backend.js";
import { withKernelScope } from "../../../src/model/acceleration/wasm-kernels/kernel-scope.js";

type Shape4D = [number, number, number, number];
type BackendId = "wasm" | "cpu";
interface HostTensor {
  values: Float32Array;
  shape: number[];
}

/** Deterministic uniform(-1, 1) values (mulberry32), so a failure reproduces. */
function randomTensor(shape: number[], seed: number): HostTensor {
  let state = seed >>> 0;
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return { values, shape };
}

/** Tensors belong to one back-end, so inputs cross as host arrays and results come back the same way. */
async function runKernelOn(
  backend: BackendId,
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: tf.NamedAttrMap,
): Promise<HostTensor> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const tensors: tf.NamedTensorMap = {};
    for (const [key, input] of Object.entries(inputs)) tensors[key] = tf.tensor(input.values, input.shape);
    const out = tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor;
    return { values: out.dataSync() as Float32Array, shape: out.shape };
  });
}

/** Largest difference, relative to the largest reference magnitude (sums of many products drift in float32). */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? 0)));
    scale = Math.max(scale, Math.abs(expected[i] ?? 0));
  }
  return Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff / scale;
}

interface FilterCase {
  label: string;
  x: Shape4D;
  filter: Shape4D;
  strides: number | [number, number];
  pad: tf.Conv2DBackpropFilterAttrs["pad"];
  dataFormat?: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

const FILTER_CASES: FilterCase[] = [
  { label: "conv1d k3 'same' stride 1", x: [2, 1, 9, 3], filter: [1, 3, 3, 4], strides: 1, pad: "same" },
  { label: "conv1d k2 'valid' stride 1", x: [3, 1, 10, 2], filter: [1, 2, 2, 5], strides: 1, pad: "valid" },
  { label: "conv1d k5 'same' stride 2", x: [2, 1, 11, 4], filter: [1, 5, 4, 3], strides: 2, pad: "same" },
  { label: "conv1d k3 'valid' stride 3", x: [2, 1, 12, 3], filter: [1, 3, 3, 2], strides: 3, pad: "valid" },
  { label: "1x1 kernel, one channel", x: [1, 1, 7, 1], filter: [1, 1, 1, 1], strides: 1, pad: "valid" },
  {
    label: "2D 3x2 'same' strides [2,1]",
    x: [2, 5, 6, 3],
    filter: [3, 2, 3, 4],
    strides: [2, 1],
    pad: "same",
  },
  {
    label: "2D explicit padding",
    x: [2, 4, 7, 2],
    filter: [2, 3, 2, 3],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 0],
      [2, 1],
      [0, 0],
    ],
  },
  {
    label: "numeric pad, 'ceil' rounding past the input",
    x: [1, 1, 8, 2],
    filter: [1, 3, 2, 2],
    strides: 2,
    pad: 1,
    dimRoundingMode: "ceil",
  },
  { label: "NCHW", x: [2, 3, 1, 9], filter: [1, 3, 3, 4], strides: 1, pad: "same", dataFormat: "NCHW" },
];

/**
 * Runs one of conv2d's gradient kernels on wasm and on cpu with the same seeded inputs and expects the same
 * result: the filter gradient from x and dy, or the input gradient from dy and the filter.
 */
async function expectConvGradientMatchesCpu(
  kernelName: "Conv2DBackpropFilter" | "Conv2DBackpropInput",
  c: FilterCase,
): Promise<void> {
  const dataFormat = c.dataFormat ?? "NHWC";
  const info = tf.backend_util.computeConv2DInfo(
    c.x,
    c.filter,
    c.strides,
    1,
    c.pad,
    c.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const filterGradient = kernelName === "Conv2DBackpropFilter";
  const inputs = filterGradient
    ? { x: randomTensor(c.x, 1), dy: randomTensor(info.outShape, 2) }
    : { dy: randomTensor(info.outShape, 3), filter: randomTensor(c.filter, 4) };
  const attrs = { strides: c.strides, pad: c.pad, dataFormat } as tf.NamedAttrMap;
  if (filterGradient) attrs.filterShape = c.filter;
  else attrs.inputShape = c.x;
  if (c.dimRoundingMode !== undefined) attrs.dimRoundingMode = c.dimRoundingMode;

  const wasm = await runKernelOn("wasm", kernelName, inputs, attrs);
  const cpu = await runKernelOn("cpu", kernelName, inputs, attrs);

  expect(wasm.shape).toEqual(filterGradient ? c.filter : c.x);
  expect(relativeError(wasm.values, cpu.values)).toBeLessThan(1e-5);
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  await selectBackend({ preference: "wasm", logger: silentLogger() });
});

describe("Conv2DBackpropFilter on wasm", () => {
  it.each(FILTER_CASES)("GIVEN $label THEN the filter gradient equals the cpu back-end's", (c) =>
    expectConvGradientMatchesCpu("Conv2DBackpropFilter", c),
  );

  it("GIVEN one call THEN exactly one new buffer remains, the output, and none once it is disposed", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend();
    const x = tf.tensor(randomTensor([2, 1, 9, 3], 3).values, [2, 1, 9, 3]);
    const dy = tf.tensor(randomTensor([2, 1, 5, 4], 4).values, [2, 1, 5, 4]);
    const before = backend.numDataIds();
    const attrs = { strides: 2, pad: "same", dataFormat: "NHWC", filterShape: [1, 3, 3, 4] };
    const dW = tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, attrs) as tf.Tensor;
    expect(backend.numDataIds()).toBe(before + 1);
    dW.dispose();
    expect(backend.numDataIds()).toBe(before);
    tf.dispose([x, dy]);
  });

  it("GIVEN a composite kernel that throws midway THEN its intermediates are freed all the same", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend();
    const x = tf.tensor(randomTensor([4, 6], 5).values, [4, 6]);
    const before = backend.numDataIds();
    const info = { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    expect(() =>
      withKernelScope(backend, (scope) => {
        scope.run("Transpose", { x: info }, { perm: [1, 0] });
        scope.run("Reshape", { x: info }, { shape: [24] });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(backend.numDataIds()).toBe(before);
    x.dispose();
  });
});

interface PoolCase {
  label: string;
  x: Shape4D;
  filterSize: [number, number];
  strides: [number, number];
  pad: "same" | "valid";
}

const POOL_CASES: PoolCase[] = [
  { label: "maxPooling1d 2, stride 2", x: [3, 1, 12, 4], filterSize: [1, 2], strides: [1, 2], pad: "valid" },
  {
    label: "odd width, pool 2 stride 2",
    x: [2, 1, 13, 3],
    filterSize: [1, 2],
    strides: [1, 2],
    pad: "valid",
  },
  {
    label: "overlapping pool 3 stride 2 'same'",
    x: [2, 1, 11, 3],
    filterSize: [1, 3],
    strides: [1, 2],
    pad: "same",
  },
  { label: "pool 3 stride 1 'same'", x: [2, 1, 9, 2], filterSize: [1, 3], strides: [1, 1], pad: "same" },
  { label: "pool 2 stride 3 (gaps)", x: [2, 1, 14, 2], filterSize: [1, 2], strides: [1, 3], pad: "valid" },
  { label: "2D 3x2 strides [2,1] 'same'", x: [2, 6, 5, 3], filterSize: [3, 2], strides: [2, 1], pad: "same" },
];

describe("Conv2DBackpropInput on wasm (one XNNPACK convolution; other strides and NCHW native)", () => {
  it.each(FILTER_CASES)("GIVEN $label THEN the input gradient equals the cpu back-end's", (c) =>
    expectConvGradientMatchesCpu("Conv2DBackpropInput", c),
  );

  it("GIVEN one call THEN only its output stays allocated", async () => {
    await tf.setBackend("wasm");
    const dy = tf.randomNormal([2, 1, 9, 4]);
    const filter = tf.randomNormal([1, 3, 3, 4]);
    const before = tf.memory().numTensors;
    const bytesBefore = tf.backend().numDataIds();
    const dx = tf.engine().runKernel(
      "Conv2DBackpropInput",
      { dy, filter },
      {
        strides: 1,
        pad: "same",
        dataFormat: "NHWC",
        inputShape: [2, 1, 9, 3],
      },
    ) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(tf.backend().numDataIds()).toBe(bytesBefore + 1);
    tf.dispose([dx, dy, filter]);
  });
});

describe("MaxPoolGrad on wasm (replaces the native kernel)", () => {
  it.each(POOL_CASES)(
    "GIVEN $label with ties and all-negative windows THEN dx equals the cpu back-end's",
    async (c) => {
      // Few distinct values, half of them <= 0: ties and windows with no positive value are common, which is
      // where the native kernel goes wrong.
      const raw = randomTensor(c.x, 9);
      const x = { values: raw.values.map((v) => Math.round(v * 2) / 2 - 0.5), shape: raw.shape };
      const output = await runKernelOn(
        "cpu",
        "MaxPool",
        { x },
        {
          filterSize: c.filterSize,
          strides: c.strides,
          pad: c.pad,
        },
      );
      const inputs = { dy: randomTensor(output.shape, 10), input: x, output };
      const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };

      const wasm = await runKernelOn("wasm", "MaxPoolGrad", inputs, attrs);
      const cpu = await runKernelOn("cpu", "MaxPoolGrad", inputs, attrs);

      expect(wasm.shape).toEqual(c.x);
      expect(relativeError(wasm.values, cpu.values)).toBeLessThan(1e-6);
    },
  );
});

describe("conv1d + maxPool gradients through tf.grads", () => {
  it("GIVEN a strided conv1d without ReLU before an overlapping maxPool THEN dx and dW equal the cpu back-end's", async () => {
    const x = randomTensor([3, 13, 4], 6);
    const w = randomTensor([3, 4, 5], 7);
    const gradients = async (backend: BackendId) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const f = (xt: tf.Tensor, wt: tf.Tensor) => {
          const y = tf.conv1d(xt as tf.Tensor3D, wt as tf.Tensor3D, 2, "same");
          const [n = 0, width = 0, channels = 0] = y.shape;
          const pooled = tf.maxPool(
            tf.reshape(y, [n, 1, width, channels]) as tf.Tensor4D,
            [1, 3],
            [1, 2],
            "same",
          );
          // Weighting each output differently makes dy non-uniform, as a real loss does.
          return tf.sum(tf.mul(pooled, tf.tensor(randomTensor(pooled.shape, 8).values, pooled.shape)));
        };
        const [dx, dw] = tf.grads(f)([tf.tensor(x.values, x.shape), tf.tensor(w.values, w.shape)]);
        return [dx?.dataSync() as Float32Array, dw?.dataSync() as Float32Array];
      });
    };
    const [wasmDx, wasmDw] = await gradients("wasm");
    const [cpuDx, cpuDw] = await gradients("cpu");
    expect(relativeError(wasmDx as Float32Array, cpuDx as Float32Array)).toBeLessThan(1e-5);
    expect(relativeError(wasmDw as Float32Array, cpuDw as Float32Array)).toBeLessThan(1e-5);
  });
});

describe("Identity on wasm (shares the buffer instead of copying)", () => {
  it("GIVEN a clone THEN no buffer is added, and it keeps its values after the original is disposed", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend();
    const values = randomTensor([4, 5], 12).values;
    const x = tf.tensor(values, [4, 5]);
    const before = backend.numDataIds();
    const y = tf.clone(x);
    expect(backend.numDataIds()).toBe(before);
    x.dispose();
    expect(backend.numDataIds()).toBe(before);
    expect(y.dataSync()).toEqual(values);
    y.dispose();
    expect(backend.numDataIds()).toBe(before - 1);
  });
});
