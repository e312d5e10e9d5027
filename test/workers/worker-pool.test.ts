import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoincastError, ConfigError, UserError } from "../../src/errors.js";
import { INFERENCE_CANDLES } from "../../src/forecast/forecast-job-input.js";
import { silentLogger } from "../../src/logger.js";
import { fillGaps } from "../../src/market/gaps.js";
import { resample } from "../../src/market/resample.js";
import { loadShipped } from "../../src/market/shipped.js";
import { horizonSteps } from "../../src/model/horizons.js";
import { loadSavedForecaster } from "../../src/model/saved/forecasters.js";
import { projectPath } from "../../src/paths.js";
import { createWorkerPool } from "../../src/workers/worker-pool.js";
import type { TEST_JOBS } from "../helpers/worker-pool-jobs.js";

const settings = { tfBackend: "cpu", logLevel: "silent" } as const;
const testEntry = new URL("../helpers/worker-pool-entry.mjs", import.meta.url);

function testPool(options: { size: number; queueLimit: number }) {
  return createWorkerPool<typeof TEST_JOBS>({
    ...options,
    workerData: settings,
    logger: silentLogger(),
    name: "test",
    entry: testEntry,
  });
}

describe("the forecast job on a worker thread", () => {
  const pool = createWorkerPool({
    size: 1,
    queueLimit: 4,
    workerData: settings,
    logger: silentLogger(),
    name: "forecast",
  });
  afterAll(() => pool.close());

  it("GIVEN the last INFERENCE_CANDLES daily candles THEN its quantiles equal the in-process forecast over the full history", async () => {
    const symbol = "BTC/USDT";
    const modelDir = projectPath("models", "1d");
    const shipped = await loadShipped(symbol);
    if (shipped === null) throw new Error(`no shipped ${symbol}`);
    const candles = resample(fillGaps(shipped).candles, "1d");
    expect(candles.length).toBeGreaterThan(INFERENCE_CANDLES);
    const steps = horizonSteps("1d");

    await tf.setBackend("cpu");
    const model = await loadSavedForecaster(modelDir);
    const [expected] = await model
      .predict({ symbol, candles }, [candles.length - 1], steps)
      .finally(() => model.dispose());

    const tail = candles.slice(-INFERENCE_CANDLES);
    for (const [k, step] of steps.entries()) {
      const { quantiles } = await pool.run("forecast", { modelDir, symbol, steps: step, candles: tail });
      const want = expected?.[k] ?? [];
      expect(quantiles).toHaveLength(want.length);
      quantiles.forEach((q, i) => {
        expect(Math.abs(q - (want[i] ?? Number.NaN))).toBeLessThan(1e-6);
      });
    }
  });

  it("GIVEN origins at a year of 4h day ends THEN one batched job gives each origin's single-forecast quantiles", async () => {
    const symbol = "BTC/USDT";
    const modelDir = projectPath("models", "4h");
    const shipped = await loadShipped(symbol);
    if (shipped === null) throw new Error(`no shipped ${symbol}`);
    const candles = fillGaps(shipped).candles;
    const end = candles.length - 1;
    // Every sixth candle of the last year back from the newest: 365 origins, as the volatility alert asks.
    const origins = Array.from({ length: 365 }, (_, i) => end - (364 - i) * 6);
    const start = (origins[0] as number) + 1 - INFERENCE_CANDLES;
    const slice = candles.slice(start);
    const { batch, quantiles } = await pool.run("forecast", {
      modelDir,
      symbol,
      steps: 1,
      candles: slice,
      origins: origins.map((o) => o - start),
    });
    expect(batch).toHaveLength(365);
    expect(quantiles).toEqual(batch?.at(-1));
    // Single jobs, as the service ran them before (the last INFERENCE_CANDLES up to the origin), at a few origins.
    for (const k of [0, 100, 364]) {
      const origin = origins[k] as number;
      const single = await pool.run("forecast", {
        modelDir,
        symbol,
        steps: 1,
        candles: candles.slice(origin + 1 - INFERENCE_CANDLES, origin + 1),
      });
      single.quantiles.forEach((q, i) => {
        expect(Math.abs(q - (batch?.[k]?.[i] ?? Number.NaN))).toBeLessThan(1e-6);
      });
    }
  });
});

describe("a worker pool", () => {
  const pool = testPool({ size: 1, queueLimit: 1 });
  afterAll(() => pool.close());
  // One worker start (tsx) up front, so that no test below measures it.
  beforeAll(() => pool.run("spin", { ms: 0 }));

  it("GIVEN a worker busy for 300 ms THEN the main event loop keeps ticking meanwhile", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      await pool.run("spin", { ms: 300 });
    } finally {
      clearInterval(timer);
    }
    // 15 at 20 ms on an idle machine; a blocked loop would see 0 or 1.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it("GIVEN a job reporting progress THEN onProgress receives each report before the result", async () => {
    const seen: number[] = [];
    await pool.run("sleep", { ms: 20 }, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it("GIVEN one job running and queueLimit jobs waiting THEN another is refused at once with a UserError", async () => {
    const running = pool.run("sleep", { ms: 200 });
    const waiting = pool.run("sleep", { ms: 0 });
    expect(pool.stats()).toMatchObject({ queued: 1, running: 1 });
    const refused = pool.run("sleep", { ms: 0 });
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toMatchObject({ code: "busy" });
    await expect(refused).rejects.toThrow(
      "Coincast is busy (1 forecasts queued); try again in a few seconds.",
    );
    await Promise.all([running, waiting]);
    expect(pool.stats()).toMatchObject({ queued: 0, running: 0 });
  });

  it("GIVEN a handler that throws THEN that job rejects with the error's name and message, a UserError stays one, and the worker stays", async () => {
    const { threadId } = await pool.run("spin", { ms: 0 });
    const user = await pool.run("fail", { user: true }).catch((error: unknown) => error);
    expect(user).toBeInstanceOf(UserError);
    expect(user).toMatchObject({
      code: "no-candles",
      message: "No candles for DOGE/USDT yet.",
      suggestions: ["BTC/USDT"],
    });
    const bug = await pool.run("fail", { user: false }).catch((error: unknown) => error);
    expect(bug).not.toBeInstanceOf(UserError);
    expect(bug).toMatchObject({ name: "RangeError", message: "a handler bug" });
    expect(await pool.run("spin", { ms: 0 })).toEqual({ threadId });
  });

  it("GIVEN handlers that throw errors of the hierarchy THEN each comes back with its class, code and retryable", async () => {
    const busy = await pool.run("failOurs", { as: "busy" }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(UserError);
    expect(busy).toMatchObject({ code: "busy", retryable: true, params: { n: 3 } });
    const config = await pool.run("failOurs", { as: "config" }).catch((error: unknown) => error);
    expect(config).toBeInstanceOf(ConfigError);
    expect(config).toMatchObject({ code: "backend-unavailable", retryable: false });
    const model = await pool.run("failOurs", { as: "model" }).catch((error: unknown) => error);
    expect(model).toBeInstanceOf(CoincastError);
    expect(model).toMatchObject({ name: "ModelLoadError", code: "model-load", retryable: false });
    const bug = await pool.run("fail", { user: false }).catch((error: unknown) => error);
    expect(bug).not.toBeInstanceOf(CoincastError);
  });

  it.each(["exit", "uncaught"] as const)(
    "GIVEN a worker that ends mid-job (%s) THEN its job rejects with an Error and the queued job runs on a new worker",
    async (how) => {
      const { threadId } = await pool.run("spin", { ms: 0 });
      const crashed = pool.run("crash", { how }).catch((error: unknown) => error);
      const next = pool.run("spin", { ms: 0 });
      const error = await crashed;
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(/worker (crashed|exited)/);
      expect((await next).threadId).not.toBe(threadId);
    },
  );

  it("GIVEN a running job whose signal aborts THEN it rejects with the reason and the next job runs", async () => {
    const controller = new AbortController();
    const aborted = pool.run("sleep", { ms: 5_000 }, { signal: controller.signal });
    controller.abort(new Error("user left"));
    await expect(aborted).rejects.toThrow("user left");
    await expect(pool.run("spin", { ms: 0 })).resolves.toHaveProperty("threadId");
  });
});

describe("closing a worker pool", () => {
  it("GIVEN a running and a waiting job THEN close() rejects both and later runs reject", async () => {
    const pool = testPool({ size: 1, queueLimit: 4 });
    const running = pool.run("sleep", { ms: 5_000 }).catch((error: unknown) => error);
    const waiting = pool.run("sleep", { ms: 0 }).catch((error: unknown) => error);
    await pool.close();
    expect(await running).toBeInstanceOf(Error);
    expect(await waiting).toBeInstanceOf(Error);
    await expect(pool.run("spin", { ms: 0 })).rejects.toThrow("closed");
  });
});

describe("a worker pool under load", () => {
  it("GIVEN 20 jobs waiting behind a running one THEN no MaxListenersExceededWarning is emitted", async () => {
    const pool = testPool({ size: 1, queueLimit: 20 });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      // Each waiting job listens on the pool's closing signal until it starts: 20 is within the pool's bound.
      const jobs = Array.from({ length: 21 }, () => pool.run("sleep", { ms: 0 }));
      expect(pool.stats()).toMatchObject({ queued: 20, running: 1 });
      await Promise.all(jobs);
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
      await pool.close();
    }
    expect(warnings.map((w) => w.message)).toEqual([]);
  });
});
