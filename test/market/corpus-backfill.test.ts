import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import {
  type BackfillOptions,
  type BackfillProgress,
  backfillCorpus,
  corpusFile,
} from "../../src/market/corpus-backfill.js";
import { formatCandlesCsv } from "../../src/market/csv.js";
import { createExchange } from "../../src/market/exchange.js";
import { loadShipped } from "../../src/market/shipped.js";
import type { Candle } from "../../src/market/types.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { fastBackoff } from "../helpers/fast-backoff.js";

const STEP = 4 * 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
/** 60 candles per pair: three pages of 25 at most. */
const COUNT = 60;
const PAGE = 25;
/** Stablecoins and a wrapped token trade most; BTC/USDT ships in data/ (the test's shipped dir). */
const VOLUMES: Record<string, number> = {
  "USDC/USDT": 9e9,
  "FDUSD/USDT": 8e9,
  "WBTC/USDT": 7e9,
  "BTC/USDT": 6e9,
  "SOL/USDT": 5e9,
  "DOGE/USDT": 4e9,
  "ADA/USDT": 3e9,
  "LUNA/USDT": 2e9,
  "XLM/USDT": 1e9,
};

let root: string;
let shippedDir: string;
let fake: FakeExchange | undefined;
let run = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-corpus-"));
  shippedDir = join(root, "shipped");
  await mkdir(shippedDir);
  await writeFile(
    join(shippedDir, "BTC_USDT_4h.csv.gz"),
    gzipSync(formatCandlesCsv(generateCandles(T0, 10))),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The fake exchange with every pair of VOLUMES (LUNA delisted), and a backfill over it into a fresh corpus dir. */
async function setup(count = COUNT) {
  const series = (i: number) => generateCandles(T0, count, 100 + i);
  const candles = Object.fromEntries(Object.keys(VOLUMES).map((s, i) => [s, series(i)]));
  const clock = { now: T0 + count * STEP + 120_000 };
  fake = await startFakeExchange({
    candles,
    now: () => clock.now,
    delisted: ["LUNA/USDT"],
    quoteVolumes: VOLUMES,
  });
  const exchange = createExchange({ id: "binance", apiUrl: fake.url, timeoutMs: 2_000, retries: 1 });
  run += 1;
  const dir = join(root, `corpus-${run}`);
  const progress: BackfillProgress[] = [];
  const backfill = (options: Partial<BackfillOptions> = {}) =>
    backfillCorpus({
      exchange,
      dir,
      shippedDir,
      shippedCorpusDir: join(root, "no-shipped-corpus"),
      top: 3,
      now: clock.now,
      retry: {
        retries: 1,
        backoff: fastBackoff(1, 2, 1),
      },
      logger: silentLogger(),
      pageLimit: PAGE,
      onProgress: (p) => progress.push(p),
      ...options,
    });
  return { fake, candles, clock, dir, backfill, progress };
}

/** What the fake serves: prices and volumes with 8 decimals, as Binance sends them. */
const served = (candles: readonly Candle[] | undefined) =>
  candles?.map((c) => ({
    time: c.time,
    open: Number(c.open.toFixed(8)),
    high: Number(c.high.toFixed(8)),
    low: Number(c.low.toFixed(8)),
    close: Number(c.close.toFixed(8)),
    volume: Number(c.volume.toFixed(8)),
  }));
const read = (dir: string, symbol: string) => loadShipped(symbol, dir);
const times = (candles: readonly Candle[] | null) => candles?.map((c) => c.time) ?? [];
const klineStarts = (f: FakeExchange, id: string) =>
  f
    .requestsTo("/klines")
    .filter((r) => r.query.symbol === id)
    .map((r) => Number(r.query.startTime));

describe("backfillCorpus", () => {
  it("GIVEN stablecoins, a wrapped token, a shipped pair and a delisted one trading most THEN the top 3 are real coins, written whole", async () => {
    const { dir, backfill, candles, progress } = await setup();
    const report = await backfill();
    expect(report.status).toBe("done");
    if (report.status !== "done") return;
    expect(report.pairs.map((p) => [p.symbol, p.status])).toEqual([
      ["SOL/USDT", "written"],
      ["DOGE/USDT", "written"],
      ["ADA/USDT", "written"],
    ]);
    expect((await readdir(dir)).sort()).toEqual([
      "ADA_USDT_4h.csv.gz",
      "DOGE_USDT_4h.csv.gz",
      "SOL_USDT_4h.csv.gz",
    ]);
    // "now" is 2 minutes past the last candle's close: all 60 are closed.
    expect(await read(dir, "SOL/USDT")).toEqual(served(candles["SOL/USDT"]));
    expect(progress.filter((p) => p.phase === "done").map((p) => `${p.index + 1}/${p.total}`)).toEqual([
      "1/3",
      "2/3",
      "3/3",
    ]);
    expect(progress.some((p) => p.phase === "page" && p.symbol === "SOL/USDT" && p.fetched === PAGE)).toBe(
      true,
    );
  });

  it("GIVEN a corpus from an earlier run and 12 new candles THEN only the new ones are asked for and appended", async () => {
    const { fake, dir, backfill, clock } = await setup(COUNT + 12);
    clock.now = T0 + COUNT * STEP + 120_000; // the earlier run: the first 60 closed
    const first = await backfill();
    expect(first.status === "done" && first.pairs.every((p) => p.status === "written")).toBe(true);
    const before = await read(dir, "SOL/USDT");
    expect(before).toHaveLength(COUNT);

    fake.requests.length = 0;
    clock.now = T0 + (COUNT + 12) * STEP + 120_000;
    const second = await backfill({ now: clock.now });
    expect(second.status === "done" && second.pairs.map((p) => p.status === "written" && p.added)).toEqual([
      12, 12, 12,
    ]);
    expect(klineStarts(fake, "SOLUSDT")).toEqual([T0 + COUNT * STEP]);
    const after = await read(dir, "SOL/USDT");
    expect(after?.slice(0, COUNT)).toEqual(before);
    expect(times(after)).toEqual(Array.from({ length: COUNT + 12 }, (_, i) => T0 + i * STEP));

    // Nothing closed since: no kline request, no write.
    fake.requests.length = 0;
    const third = await backfill({ now: clock.now });
    expect(third.status === "done" && third.pairs.map((p) => p.status)).toEqual([
      "current",
      "current",
      "current",
    ]);
    expect(fake.requestsTo("/klines")).toEqual([]);
  });

  it("GIVEN the exchange failing on the second pair's second page THEN that pair's file is untouched, the first pair is whole, the rest are not tried", async () => {
    const { fake, dir, backfill, candles } = await setup();
    // An earlier corpus of DOGE with its first 10 candles: it must survive the failed extension byte for byte.
    await mkdir(dir, { recursive: true });
    const dogeFile = corpusFile(dir, "DOGE/USDT");
    await writeFile(dogeFile, gzipSync(formatCandlesCsv(candles["DOGE/USDT"]?.slice(0, 10) ?? [])));
    const dogeBefore = await readFile(dogeFile);

    // SOL takes three kline requests; DOGE's first passes, its second fails with 503 on every retry.
    fake.fail({ kind: "status", status: 503 }, { path: "/klines", after: 4, times: 10 });
    const report = await backfill();
    expect(report.status === "done" && report.pairs.map((p) => [p.symbol, p.status])).toEqual([
      ["SOL/USDT", "written"],
      ["DOGE/USDT", "failed"],
      ["ADA/USDT", "skipped"],
    ]);
    expect(await readFile(dogeFile)).toEqual(dogeBefore);
    expect(await read(dir, "SOL/USDT")).toEqual(served(candles["SOL/USDT"]));
    // No temporary file, no ADA file.
    expect((await readdir(dir)).sort()).toEqual(["DOGE_USDT_4h.csv.gz", "SOL_USDT_4h.csv.gz"]);
  });

  it("GIVEN a pair the exchange refuses (ExchangeError) THEN only that pair fails and the next is written", async () => {
    const { fake, backfill } = await setup();
    fake.fail(
      { kind: "status", status: 400, body: '{"code":-1121,"msg":"Invalid symbol."}' },
      { path: "/klines", after: 3 },
    );
    const report = await backfill();
    expect(report.status === "done" && report.pairs.map((p) => p.status)).toEqual([
      "written",
      "failed",
      "written",
    ]);
  });

  it("GIVEN --since THEN a new pair starts there, and a pair already in the corpus still resumes from its last candle", async () => {
    const { fake, dir, backfill } = await setup();
    const since = T0 + 40 * STEP;
    await backfill({ top: 1, since });
    expect(klineStarts(fake, "SOLUSDT")).toEqual([since]);
    expect(times(await read(dir, "SOL/USDT"))[0]).toBe(since);
    expect(await read(dir, "SOL/USDT")).toHaveLength(COUNT - 40);

    fake.requests.length = 0;
    await backfill({ top: 2, since: T0 });
    // SOL is current (nothing has closed after its last candle, so no request); DOGE is new and starts at
    // the new --since.
    expect(klineStarts(fake, "SOLUSDT")).toEqual([]);
    expect(klineStarts(fake, "DOGEUSDT")[0]).toBe(T0);
  });

  it("GIVEN a pair in the shipped corpus THEN it is extended from its last shipped candle into DATA_DIR/corpus", async () => {
    const { fake, dir, backfill, candles } = await setup();
    const shippedCorpusDir = join(root, `shipped-corpus-${run}`);
    await mkdir(shippedCorpusDir);
    await writeFile(
      corpusFile(shippedCorpusDir, "SOL/USDT"),
      gzipSync(formatCandlesCsv(served(candles["SOL/USDT"])?.slice(0, 30) ?? [])),
    );
    const report = await backfill({ top: 1, shippedCorpusDir });
    expect(report.status === "done" && report.pairs[0]?.status === "written" && report.pairs[0].added).toBe(
      COUNT - 30,
    );
    expect(klineStarts(fake, "SOLUSDT")).toEqual([T0 + 30 * STEP, T0 + 55 * STEP]);
    expect(await read(dir, "SOL/USDT")).toEqual(served(candles["SOL/USDT"]));
  });

  it("GIVEN a damaged corpus file THEN a UserError names it, and nothing is overwritten", async () => {
    const { fake, dir, backfill } = await setup();
    await mkdir(dir, { recursive: true });
    await writeFile(corpusFile(dir, "SOL/USDT"), "not gzip");
    const error = await backfill().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain("SOL_USDT_4h.csv.gz");
    expect(await readFile(corpusFile(dir, "SOL/USDT"), "utf8")).toBe("not gzip");
    expect(fake.requestsTo("/klines")).toEqual([]);
  });

  it("GIVEN one 429 on the tickers call THEN it is retried and the most liquid pairs are chosen", async () => {
    const { fake, backfill } = await setup();
    fake.fail({ kind: "status", status: 429 }, { path: "/ticker/24hr" });
    const report = await backfill();
    expect(report.status === "done" && report.pairs.map((p) => p.symbol)).toEqual([
      "SOL/USDT",
      "DOGE/USDT",
      "ADA/USDT",
    ]);
    expect(fake.requestsTo("/ticker/24hr").map((r) => r.status)).toEqual([429, 200]);
  });

  it("GIVEN the tickers call failing after its retries THEN no pair is chosen by the alphabet: unranked, nothing fetched", async () => {
    const { fake, dir, backfill } = await setup();
    fake.fail({ kind: "status", status: 429 }, { path: "/ticker/24hr", times: 5 });
    const report = await backfill();
    expect(report).toEqual({ status: "unranked", reason: expect.stringContaining("429") });
    expect(fake.requestsTo("/klines")).toEqual([]);
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  it("GIVEN an exchange that cannot list its markets THEN nothing is fetched or written", async () => {
    const { fake, dir, backfill } = await setup();
    fake.fail({ kind: "status", status: 503 }, { path: "/exchangeInfo", times: 5 });
    const report = await backfill();
    expect(report.status).toBe("unavailable");
    expect(fake.requestsTo("/klines")).toEqual([]);
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });
});
