import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerDataCommands } from "../../src/cli/data.js";
import { registerBackfillCommand } from "../../src/cli/data-backfill.js";
import { UserError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { formatCandlesCsv } from "../../src/market/csv.js";
import { createExchange } from "../../src/market/exchange.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";

const STEP = 4 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const COUNT = 30;

let root: string;
let fake: FakeExchange | undefined;
let run = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-cli-backfill-"));
  await mkdir(join(root, "shipped"));
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** `coincast data` over the fake exchange (SOL, DOGE, and USDC trading most), into a fresh DATA_DIR. */
async function setup() {
  const now = T0 + COUNT * STEP + 120_000;
  fake = await startFakeExchange({
    candles: Object.fromEntries(
      ["USDC/USDT", "SOL/USDT", "DOGE/USDT"].map((s) => [s, generateCandles(T0, COUNT, 100)]),
    ),
    now: () => now,
    quoteVolumes: { "USDC/USDT": 9e9, "SOL/USDT": 5e9, "DOGE/USDT": 4e9 },
  });
  run += 1;
  const dataDir = join(root, `data-${run}`);
  let output = "";
  const exitCodes: number[] = [];
  const program = new Command().exitOverride();
  const url = fake.url;
  registerDataCommands(program, {
    marketData: () => {
      throw new Error("data backfill must not build the market data service");
    },
    corpus: () => ({
      exchange: createExchange({ id: "binance", apiUrl: url, timeoutMs: 2_000, retries: 0 }),
      dataDir,
      retries: 0,
      logger: silentLogger(),
      now: () => now,
      shippedDir: join(root, "shipped"),
      shippedCorpusDir: join(root, "none"),
    }),
    write: (text) => {
      output += text;
    },
    setExitCode: (code) => exitCodes.push(code),
  });
  const cli = async (...args: string[]) => {
    output = "";
    await program.parseAsync(["data", ...args], { from: "user" });
    return output;
  };
  return { fake, cli, exitCodes, dataDir };
}

describe("coincast data backfill", () => {
  it("GIVEN --top 2 THEN the two most liquid coins are written, a line each and a summary, and a rerun finds them current", async () => {
    const { cli, exitCodes, dataDir } = await setup();
    const output = await cli("backfill", "--top", "2");
    expect(output).toBe(
      [
        "SOL/USDT: 30 new candles; 2024-01-01 00:00 to 2024-01-05 20:00 UTC",
        "DOGE/USDT: 30 new candles; 2024-01-01 00:00 to 2024-01-05 20:00 UTC",
        `2 pairs in ${join(dataDir, "corpus")}: 2 written, 0 up to date, 0 failed, 0 not tried`,
        "",
      ].join("\n"),
    );
    expect((await readdir(join(dataDir, "corpus"))).sort()).toEqual([
      "DOGE_USDT_4h.csv.gz",
      "SOL_USDT_4h.csv.gz",
    ]);
    expect(await cli("backfill", "--top", "1")).toMatch(
      /^SOL\/USDT: up to date \(last candle 2024-01-05 20:00 UTC\)\n/,
    );
    expect(exitCodes).toEqual([]);
  });

  it("GIVEN the exchange failing mid-run THEN the failed and untried pairs are named, with exit code 1", async () => {
    const { cli, exitCodes, fake } = await setup();
    fake.fail({ kind: "status", status: 503 }, { path: "/klines", after: 1, times: 5 });
    const output = await cli("backfill", "--top", "2", "--since", "2024-01-03");
    expect(output).toMatch(/^SOL\/USDT: 18 new candles; 2024-01-03 00:00 to 2024-01-05 20:00 UTC\n/);
    expect(output).toMatch(/\nDOGE\/USDT: failed: ExchangeNotAvailable: .*; its corpus file is unchanged\n/);
    expect(output).toMatch(/1 written, 0 up to date, 1 failed, 0 not tried \(run it again to resume\)\n$/);
    expect(exitCodes).toEqual([1]);
  });

  it("GIVEN a pair already in the corpus THEN its line gives the range of the candles added, not the file's", async () => {
    const { cli, dataDir } = await setup();
    await mkdir(join(dataDir, "corpus"), { recursive: true });
    await writeFile(
      join(dataDir, "corpus", "SOL_USDT_4h.csv.gz"),
      gzipSync(formatCandlesCsv(generateCandles(T0, 10, 100))),
    );
    expect(await cli("backfill", "--top", "1")).toMatch(
      /^SOL\/USDT: 20 new candles; 2024-01-02 16:00 to 2024-01-05 20:00 UTC\n/,
    );
  });

  it("GIVEN the tickers call failing THEN no pair is chosen: the reason, nothing fetched, exit code 1", async () => {
    const { cli, exitCodes, fake, dataDir } = await setup();
    fake.fail({ kind: "status", status: 429 }, { path: "/ticker/24hr" });
    expect(await cli("backfill", "--top", "2")).toMatch(
      /^Could not rank pairs by volume: DDoSProtection: binance GET \S+\/ticker\/24hr 429 .*; nothing was fetched\.\n$/,
    );
    expect(exitCodes).toEqual([1]);
    expect(fake.requestsTo("/klines")).toEqual([]);
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
  });

  it("GIVEN a bad --top or --since THEN a UserError before any request", async () => {
    const { cli, fake } = await setup();
    await expect(cli("backfill", "--top", "0")).rejects.toBeInstanceOf(UserError);
    await expect(cli("backfill", "--top", "3", "--since", "yesterday")).rejects.toBeInstanceOf(UserError);
    expect(fake.requests).toEqual([]);
  });

  it("GIVEN a terminal THEN a progress bar counts the pairs", async () => {
    const { fake } = await setup();
    let drawn = "";
    const stream = {
      isTTY: true,
      columns: 200,
      write: (chunk: string) => {
        drawn += chunk;
        return true;
      },
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      on: () => stream,
      removeListener: () => stream,
    } as unknown as NodeJS.WriteStream;
    const program = new Command().exitOverride();
    const data = program.command("data");
    registerBackfillCommand(
      data,
      () => ({
        exchange: createExchange({ id: "binance", apiUrl: fake.url, timeoutMs: 2_000, retries: 0 }),
        dataDir: join(root, `bar-${run}`),
        retries: 0,
        logger: silentLogger(),
        now: () => T0 + COUNT * STEP + 120_000,
        shippedDir: join(root, "shipped"),
        // Not the project's data/corpus, which ships DOGE: the test's pairs start empty.
        shippedCorpusDir: join(root, "none"),
      }),
      { write: () => {}, setExitCode: () => {}, stream },
    );
    await program.parseAsync(["data", "backfill", "--top", "2"], { from: "user" });
    expect(drawn).toMatch(/corpus \[=+\] 2\/2 pairs \| DOGE\/USDT: 30 new candles/);
  });
});
