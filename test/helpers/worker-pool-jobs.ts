import { setTimeout as sleep } from "node:timers/promises";
import { threadId } from "node:worker_threads";
import { ConfigError, UserError } from "../../src/errors.js";
import { ModelLoadError } from "../../src/model/saved/model-io.js";
import type { JobContext, JobTable } from "../../src/workers/jobs.js";

/** Jobs for the worker pool's own tests: slow, busy, failing and crashing ones that production must not have. */
export const TEST_JOBS = {
  /** Waits `ms`, reporting each tenth of the way; answers with the thread it ran on. */
  sleep: async (input: { ms: number }, { progress }: JobContext<number>) => {
    for (let i = 1; i <= 10; i++) {
      await sleep(input.ms / 10);
      progress(i / 10);
    }
    return { threadId };
  },
  /** Holds its thread's CPU for `ms`, as a model computing would. */
  spin: async (input: { ms: number }) => {
    const end = performance.now() + input.ms;
    while (performance.now() < end) {
      // busy on purpose
    }
    return { threadId };
  },
  fail: async (input: { user: boolean }) => {
    if (input.user)
      throw new UserError("No candles for DOGE/USDT yet.", { code: "no-candles", suggestions: ["BTC/USDT"] });
    throw new RangeError("a handler bug");
  },
  /** Throws one error of each branch of the hierarchy, to see its code and retryable cross the thread. */
  failOurs: async (input: { as: "busy" | "config" | "model" }) => {
    if (input.as === "busy")
      throw new UserError("Coincast is busy; try again in a few seconds.", {
        code: "busy",
        params: { n: 3 },
      });
    if (input.as === "config")
      throw new ConfigError("TF_BACKEND=webgpu is not available", { code: "backend-unavailable" });
    throw new ModelLoadError("/models/1d/meta.json is invalid");
  },
  /** Ends its thread mid-job: process.exit in a worker, or an exception nothing catches. */
  crash: async (input: { how: "exit" | "uncaught" }) => {
    if (input.how === "exit") process.exit(3);
    setTimeout(() => {
      throw new Error("boom");
    });
    return await new Promise<never>(() => undefined);
  },
} as const satisfies JobTable;
