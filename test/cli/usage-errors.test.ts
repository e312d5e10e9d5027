import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCoincast } from "../helpers/processes.js";

/** A usage error: exit 2, a message matching `message`, no stack, no generic crash. */
function expectRefused(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/Something went wrong|"stack":|^\s+at /m);
  expect(result.code).toBe(2);
}

const run = (args: string[], env: Record<string, string> = {}) =>
  runCoincast(args, env, { timeoutMs: 60_000 });

describe("operator commands given what cannot work: a clear answer, not a crash", () => {
  it("GIVEN DATA_DIR is a file THEN forecast and data status refuse naming DATA_DIR, as start does", async () => {
    for (const args of [
      ["forecast", "btc", "1d"],
      ["data", "status"],
    ]) {
      expectRefused(
        await run(args, { DATA_DIR: "/etc/passwd" }),
        /DATA_DIR: a directory .*\/etc\/passwd is a file/,
      );
    }
  }, 90_000);

  it("GIVEN evaluate --frozen --model a folder with no saved model THEN the model's fault is named, not a crash", async () => {
    // A folder of its own: /tmp itself may hold another run's saved models.
    const empty = await mkdtemp(join(tmpdir(), "coincast-no-model-"));
    const result = await run(["evaluate", "--frozen", "--model", empty, "--history", "data"]).finally(() =>
      rm(empty, { recursive: true, force: true }),
    );
    expect(result.stderr).toContain(`${empty} holds no saved model`);
    expect(result.stderr).not.toMatch(/Something went wrong|"stack":/);
    expect(result.code).not.toBe(0);
  }, 90_000);

  it("GIVEN REDIS_URL where nothing listens THEN accuracy and model list answer without a warning: they open no fleet connection", async () => {
    for (const args of [["accuracy"], ["model", "list", "--timeframe", "1d"]]) {
      const result = await run(args, { REDIS_URL: "redis://127.0.0.1:1", LOG_LEVEL: "warn" });
      expect({ args, stderr: result.stderr, code: result.code }).toEqual({ args, stderr: "", code: 0 });
      expect(result.stdout).not.toBe("");
    }
  }, 90_000);

  it("GIVEN train --stride with --no-global THEN refused, not silently ignored", async () => {
    expectRefused(
      await run(["train", "--no-global", "--stride", "3"]),
      /--stride need --global|--stride.*need --global/,
    );
  }, 90_000);

  it("GIVEN train --kind har --global THEN refused: the recipe flags train a network, not a statistical model", async () => {
    // An empty MODELS_DIR of its own: a refit that went ahead would write there, not over the shipped models.
    const models = await mkdtemp(join(tmpdir(), "coincast-no-model-"));
    const result = await run(["train", "--timeframe", "1d", "--kind", "har", "--global"], {
      MODELS_DIR: models,
    }).finally(() => rm(models, { recursive: true, force: true }));
    expectRefused(result, /--global.*train a network, not har/);
  }, 90_000);
});
