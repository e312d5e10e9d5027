import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatCandlesCsv } from "../../src/market/csv.js";
import { TIMEFRAME_MS } from "../../src/market/types.js";
import { readSavedMetas } from "../../src/model/saved/model-io.js";
import { utcMinute } from "../../src/time.js";
import { generateCandles } from "../helpers/fake-exchange.js";

const BIN = fileURLToPath(new URL("../../bin/coincast.mjs", import.meta.url));

/** Runs the real `coincast` bin as a user would, in a fresh data directory and with no network. */
function coincast(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return coincastIn(mkdtempSync(join(tmpdir(), "coincast-cli-")), ...args);
}

/** {@link coincast} in a data directory the test prepared. */
function coincastIn(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return coincastWith({ DATA_DIR: dataDir }, ...args);
}

/** {@link coincast} with `env` (DATA_DIR among it) over the defaults. */
function coincastWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      // An API URL nobody listens on: any request would fail fast instead of reaching the internet.
      {
        env: {
          PATH: process.env.PATH,
          LOG_LEVEL: "warn",
          EXCHANGE_API_URL: "http://127.0.0.1:9",
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the coincast command line", () => {
  it("GIVEN a fresh machine THEN `data status` lists the three shipped pairs with their dates", async () => {
    const { code, stdout } = await coincast("data", "status");
    expect(code).toBe(0);
    expect(stdout).toMatch(/BTC\/USDT\s+4h\s+2017-08-17 04:00\s+2025-12-09 04:00\s+\d+\s+8\s+shipped/);
    expect(stdout).toMatch(/ETH\/USDT\s+4h\s+2017-08-17 04:00\s+2025-12-09 16:00\s+\d+\s+8\s+shipped/);
    expect(stdout).toMatch(/XRP\/USDT\s+4h\s+2018-05-04 08:00\s+2025-12-09 16:00\s+\d+\s+7\s+shipped/);
    expect(stdout).toMatch(/BTC\/USDT\s+1d\s+2017-08-18 00:00\s+2025-12-08 00:00/);
  });

  it("GIVEN an unreadable corpus file in DATA_DIR THEN `data status` still lists every series, that pair from the shipped corpus and marked", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "coincast-cli-"));
    mkdirSync(join(dataDir, "corpus"));
    const garbage = join(dataDir, "corpus", "DOGE_USDT_4h.csv.gz");
    writeFileSync(garbage, "garbage\n");
    const { code, stdout, stderr } = await coincastIn(dataDir, "data", "status");
    expect(code).toBe(0);
    expect(stdout).toMatch(/BTC\/USDT\s+4h\s+2017-08-17 04:00\s+2025-12-09 04:00\s+\d+\s+8\s+shipped/);
    expect(stdout).toMatch(
      /DOGE\/USDT\s+4h\s+2019-07-05 12:00\s+2025-07-15 20:00\s+\d+\s+\d+\s+corpus, file unreadable/,
    );
    expect(stdout).toMatch(/ADA\/USDT\s+4h\s+2018-04-17 04:00\s+2025-07-15 20:00\s+\d+\s+\d+\s+corpus\n/);
    expect(stdout).toContain(`  DOGE/USDT: ${garbage}: not a gzip file (incorrect header check)`);
    expect(stderr).toContain(garbage);
  });

  it("GIVEN a pair kept on demand THEN `data status` lists it as on-demand and `data update SOL` knows it, its stored data as of their close", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "coincast-cli-"));
    const folder = join(dataDir, "candles", "binance");
    mkdirSync(folder, { recursive: true });
    const first = Date.UTC(2025, 10, 1);
    writeFileSync(join(folder, "SOL_USDT_4h.csv"), formatCandlesCsv(generateCandles(first, 60)));
    const entry = { symbol: "SOL/USDT", lastUsed: first, checkedAt: first };
    writeFileSync(join(folder, "on-demand.json"), JSON.stringify({ symbols: [entry] }));

    const status = await coincastIn(dataDir, "data", "status");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /\nSOL\/USDT\s+4h\s+2025-11-01 00:00\s+2025-11-10 20:00\s+60\s+0\s+on-demand\n/,
    );

    // No exchange: the update fails, but for a pair it knows, and the data it serves are as of the last close.
    const update = await coincastWith({ DATA_DIR: dataDir, EXCHANGE_RETRIES: "0" }, "data", "update", "SOL");
    expect(update.code).toBe(1);
    expect(update.stdout).toMatch(/^SOL\/USDT: update failed: NetworkError: /);
    expect(update.stdout).toContain("the stored data as of 2025-11-11 00:00 UTC are used");
  });

  it("GIVEN a mistyped symbol THEN the answer suggests the right one and exits 2", async () => {
    const { code, stderr } = await coincast("data", "update", "BTX");
    expect(code).toBe(2);
    expect(stderr).toMatch(/BTC\/USDT/);
  });

  it("GIVEN the shipped daily model and a history folder THEN `evaluate --frozen` scores it against the baselines", async () => {
    const history = fileURLToPath(new URL("../../data/", import.meta.url));
    const { code, stdout } = await coincast(
      "evaluate",
      "--frozen",
      "--model",
      fileURLToPath(new URL("../../models/1d", import.meta.url)),
      "--history",
      history,
      "--start",
      "2025-11-01",
    );
    expect(code).toBe(0);
    // The shipped model was trained on this period: the command must say the figures are in-sample.
    expect(stdout).toMatch(/in-sample, not a fair test/);
    // The shipped model, frozen (a saved HAR is "har-saved" beside the HAR baseline refitted on the past of
    // the start; the global network is "cnn-gru"), beside the baselines.
    // A seed ensemble keeps one meta.json per member (models/1d/seed-42/...): the first names the model.
    const [meta] = await readSavedMetas(fileURLToPath(new URL("../../models/1d", import.meta.url)));
    if (meta === undefined) throw new Error("no shipped daily model");
    const shipped = meta.name === "har" ? "har-saved" : meta.name;
    for (const model of [shipped, "persistence", "drift", "arima", "har"])
      expect(stdout).toMatch(new RegExp(`^${model}\\s+\\d+`, "m"));
  });

  it("GIVEN the shipped data and model THEN `forecast btc 1d --json` answers with a consistent forecast", async () => {
    const { code, stdout } = await coincast("forecast", "btc", "1d", "--json");
    expect(code).toBe(0);
    const forecast = JSON.parse(stdout);
    expect(forecast.symbol).toBe("BTC/USDT");
    // asOf is the last candle's open; lastPriceAt its close, the "Data as of" time of the text.
    expect(forecast.lastPriceAt).toBe(forecast.asOf + TIMEFRAME_MS["1d"]);
    const text = await coincast("forecast", "btc", "1d");
    expect(text.stdout).toContain(`Data as of ${utcMinute(forecast.lastPriceAt)} UTC`);
    expect(forecast.data.source).toBe("shipped");
    // Stale by the clock alone (no refresh runs here): the newest daily candle closed more than two days ago.
    expect(forecast.data.stale).toBe(
      Date.now() - (forecast.data.asOf + TIMEFRAME_MS["1d"]) > 2 * TIMEFRAME_MS["1d"],
    );
    expect(forecast.interval80.low).toBeLessThan(forecast.median);
    expect(forecast.median).toBeLessThan(forecast.interval80.high);
    expect(forecast.interval95.low).toBeLessThan(forecast.interval80.low);
  });

  it("GIVEN TF_BACKEND asks for a back-end that is not installed THEN the user reads why, not a generic error", async () => {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, "forecast", "btc"],
        // A data directory of its own: a forecast cached by an earlier `npm start` would need no back-end.
        {
          env: {
            PATH: process.env.PATH,
            TF_BACKEND: "tensorflow",
            LOG_LEVEL: "silent",
            DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-cli-")),
          },
        },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/TF_BACKEND=tensorflow is not available .*tfjs-node/);
  });

  it("GIVEN a bad environment key THEN it names the key and exits 2", async () => {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, "data", "status"],
        { env: { PATH: process.env.PATH, TF_BACKEND: "tpu" } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/TF_BACKEND/);
  });

  it("GIVEN a bad LOG_LEVEL THEN --help and a command's --help still answer, and a command that runs names LOG_LEVEL and exits 2", async () => {
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [BIN, ...args],
          { env: { PATH: process.env.PATH, LOG_LEVEL: "loud", COINCAST_QUIET_SOURCE_RUN: "1" } },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const help = await run("--help");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/Usage: coincast/);
    const commandHelp = await run("status", "--help");
    expect(commandHelp).toMatchObject({ code: 0, stderr: "" });
    expect(commandHelp.stdout).toMatch(/Usage: coincast status/);
    const refused = await run("data", "status");
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^Invalid configuration:\n {2}LOG_LEVEL: .*received 'loud'/);
  });
});
