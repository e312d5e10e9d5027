import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/coincast.mjs", import.meta.url));
const HOOK = fileURLToPath(new URL("../helpers/loaded-modules.mjs", import.meta.url));

/** The packages the main thread of `coincast <args>` loaded, with its exit code and stdout. */
function loadedBy(
  args: string[],
  stdin = "",
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; packages: string[] }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", HOOK, BIN, ...args],
      {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-modules-")),
          LOG_LEVEL: "warn",
          EXCHANGE_API_URL: "http://127.0.0.1:9",
          COINCAST_QUIET_SOURCE_RUN: "1",
          ...extraEnv,
        },
      },
      (error, stdout, stderr) => {
        const line = stderr.split("\n").find((l) => l.startsWith("LOADED-PACKAGES"));
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          stdout,
          packages: line?.split(" ").slice(1) ?? [],
        });
      },
    );
    child.stdin?.end(stdin);
  });
}

const HEAVY =
  /^(prom-client|ccxt|@tensorflow\/|@keyv\/|keyv$|@redis\/|redis$|ioredis$|bullmq$|pg$|sqlite3?$|discord\.js|grammy|@napi-rs\/canvas|chart\.js)/;

describe("what start-up loads", () => {
  it("GIVEN `npm start` answering piped lines THEN prom-client loads only with HTTP_PORT", async () => {
    const without = await loadedBy(["start"], "/help\n");
    expect(without.code).toBe(0);
    expect(without.packages).not.toContain("prom-client");
    const served = await loadedBy(["start"], "/help\n", { HTTP_PORT: "0" });
    expect(served.code).toBe(0);
    expect(served.packages).toContain("prom-client");
  });

  it("GIVEN `coincast --help` THEN no prom-client, ccxt, TensorFlow.js, cache, Redis, BullMQ, PostgreSQL, SQLite, chart or chat library is loaded", async () => {
    const { code, stdout, packages } = await loadedBy(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/forecast/);
    expect(packages).toContain("commander");
    expect(packages.filter((name) => HEAVY.test(name))).toEqual([]);
  });

  it("GIVEN `coincast forecast BTC 1d` from stored candles THEN the main thread loads no TensorFlow.js, Redis or chat library", async () => {
    const { code, stdout, packages } = await loadedBy(["forecast", "BTC", "1d"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/BTC\/USDT forecast, 1d ahead/);
    // The hook sees the main thread only (workers start with no --import): the model and its TensorFlow.js
    // live in the forecast worker, the Redis client only for REDIS_URL. ccxt is for fetching, and is
    // loaded here: the shipped candles are stale by age, so the forecast asks the exchange once for newer
    // ones (nobody answers at EXCHANGE_API_URL) before it answers from the stored candles.
    expect(packages).toContain("sqlite3");
    expect(stdout).toMatch(/STALE/);
    expect(packages.filter((name) => /^(@tensorflow\/|@redis\/|discord\.js|grammy)/.test(name))).toEqual([]);
    // Without REDIS_URL and DATABASE_URL the fleet's clients stay unloaded too.
    expect(packages.filter((name) => /^(bullmq|ioredis|pg)$/.test(name))).toEqual([]);
  });
});
