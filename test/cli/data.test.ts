import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerDataCommands } from "../../src/cli/data.js";
import { UserError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { formatCandlesCsv } from "../../src/market/csv.js";
import { createExchange } from "../../src/market/exchange.js";
import type { SeriesStatus } from "../../src/market/history.js";
import { createMarketData, type MarketData } from "../../src/market/market-data.js";
import { createCandleStore } from "../../src/market/store.js";
import type { Candle } from "../../src/market/types.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { fastBackoff } from "../helpers/fast-backoff.js";

const T0 = Date.UTC(2024, 0, 1);
const SHIPPED = 60;

let root: string;
let shippedDir: string;
let fake: FakeExchange | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-cli-data-"));
  shippedDir = join(root, "shipped");
  await mkdir(shippedDir);
  const csv = formatCandlesCsv(generateCandles(T0, SHIPPED));
  await writeFile(join(shippedDir, "BTC_USDT_4h.csv.gz"), gzipSync(csv));
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** BTC/USDT ships 60 candles; the fake has 12 more closed ones and an open one. ETH/USDT ships nothing. */
async function setup(options: { corpus?: () => Promise<SeriesStatus[]> } = {}) {
  const candles = generateCandles(T0, SHIPPED + 13);
  const now = (candles.at(-1) as Candle).time + 3_600_000;
  fake = await startFakeExchange({ candles: { "BTC/USDT": candles }, now: () => now });
  const exchange = { id: "binance", apiUrl: fake.url, timeoutMs: 300, retries: 1 };
  let built = 0;
  const marketData = (): MarketData => {
    built += 1;
    return createMarketData({
      store: createCandleStore({
        dir: join(root, `store-${Math.random()}`),
        shippedDir,
        logger: silentLogger(),
      }),
      exchange: createExchange(exchange),
      config: { exchange, symbols: ["BTC/USDT", "ETH/USDT"] },
      logger: silentLogger(),
      now: () => now,
      backoff: fastBackoff(5, 10, 2),
    });
  };
  let output = "";
  const exitCodes: number[] = [];
  const program = new Command().exitOverride();
  // One service for the whole run, built on first use, as cli.ts would.
  let service: MarketData | undefined;
  registerDataCommands(program, {
    marketData: () => {
      service ??= marketData();
      return service;
    },
    write: (text) => {
      output += text;
    },
    setExitCode: (code) => exitCodes.push(code),
    ...(options.corpus ? { corpusStatus: options.corpus } : {}),
  });
  const run = async (...args: string[]) => {
    output = "";
    await program.parseAsync(["data", ...args], { from: "user" });
    return output;
  };
  return { fake, run, exitCodes, builtCount: () => built };
}

describe("coincast data", () => {
  it("GIVEN a training corpus THEN status lists its pairs below the served ones as training history", async () => {
    const row: SeriesStatus = {
      exchange: "binance",
      symbol: "ADA/USDT",
      timeframe: "4h",
      first: Date.UTC(2018, 3, 17, 4),
      last: Date.UTC(2025, 6, 15, 20),
      count: 15_872,
      filled: 0,
      gaps: 3,
      source: "corpus",
      updatedAt: null,
    };
    const { run } = await setup({ corpus: async () => [row] });
    const output = await run("status");
    expect(output).toMatch(
      /Training history \(corpus, 1 pairs; not refreshed on schedule unless in SYMBOLS\):/,
    );
    expect(output).toMatch(/ADA\/USDT\s+4h\s+2018-04-17 04:00\s+2025-07-15 20:00\s+15872\s+3\s+corpus/);
  });

  it("GIVEN shipped history only THEN status lists first, last, count, gaps and source per symbol and timeframe", async () => {
    const { run, fake } = await setup();
    const lines = (await run("status")).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^SYMBOL\s+TF\s+FIRST \(UTC\)\s+LAST \(UTC\)\s+COUNT\s+GAPS\s+SOURCE$/);
    expect(lines).toHaveLength(1 + 2 * 3);
    expect(lines[1]).toMatch(/^BTC\/USDT\s+4h\s+2024-01-01 00:00\s+2024-01-10 20:00\s+60\s+0\s+shipped$/);
    expect(lines[2]).toMatch(/^BTC\/USDT\s+1d\s+2024-01-01 00:00\s+2024-01-10 00:00\s+10\s+0\s+shipped$/);
    expect(lines[4]).toMatch(/^ETH\/USDT\s+4h\s+-\s+-\s+0\s+0\s+shipped$/);
    expect(fake.requests).toEqual([]);
  });

  it("GIVEN new candles THEN update prints a summary per symbol and status shows them as live", async () => {
    const { run, exitCodes } = await setup();
    const output = await run("update", "btc");
    expect(output).toBe("BTC/USDT: 12 new, 0 replaced, 0 rejected; last candle 2024-01-12 20:00 UTC\n");
    expect(await run("status")).toMatch(
      /BTC\/USDT\s+4h\s+2024-01-01 00:00\s+2024-01-12 20:00\s+72\s+0\s+live/,
    );
    expect(exitCodes).toEqual([]);
  });

  it("GIVEN the exchange is down THEN update says the stored data as of their date are used, and exits 1", async () => {
    const { run, fake, exitCodes } = await setup();
    await fake.close();
    const output = await run("update", "BTC/USDT");
    expect(output).toMatch(/^BTC\/USDT: update failed: NetworkError: /);
    // The last stored candle opened 2024-01-10 20:00: the data are as of its close, as chat says.
    expect(output).toMatch(/the stored data as of 2024-01-11 00:00 UTC are used\n$/);
    expect(exitCodes).toEqual([1]);
  });

  it("GIVEN a mistyped symbol THEN update rejects with a UserError and makes no request", async () => {
    const { run, fake } = await setup();
    await expect(run("update", "BTC", "ETX")).rejects.toBeInstanceOf(UserError);
    expect(fake.requests).toEqual([]);
  });

  it("GIVEN only the commands are registered THEN no market data service is built", async () => {
    const { builtCount } = await setup();
    expect(builtCount()).toBe(0);
  });
});
