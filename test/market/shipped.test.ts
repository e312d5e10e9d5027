import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_HEADER } from "../../src/market/csv.js";
import { listShipped, loadShipped, seriesFileStem, shippedDataDir } from "../../src/market/shipped.js";
import { at } from "./fixtures.js";

let other: string;
beforeAll(async () => {
  other = await mkdtemp(join(tmpdir(), "coincast-shipped-"));
  await writeFile(
    join(other, "SOL_USDT_4h.csv.gz"),
    gzipSync(`${CSV_HEADER}\n2024-01-01 00:00:00,1,2,0.5,1.5,3\n`),
  );
  await writeFile(join(other, "notes.txt"), "not a series");
  await writeFile(join(other, "BAD_USDT_4h.csv.gz"), gzipSync("not,a,candle,file\n"));
});
afterAll(() => rm(other, { recursive: true, force: true }));

describe("shipped history", () => {
  it("GIVEN the project's data dir THEN BTC, ETH and XRP ship as 4h series", async () => {
    const series = await listShipped();
    expect(series.map((s) => s.symbol)).toEqual(["BTC/USDT", "ETH/USDT", "XRP/USDT"]);
    expect(series[0]?.file).toBe(join(shippedDataDir(), "BTC_USDT_4h.csv.gz"));
  });

  it("GIVEN the shipped files THEN each loads whole, first and last candles as documented in data/README.md", async () => {
    const [btc, eth, xrp] = await Promise.all(
      ["BTC/USDT", "ETH/USDT", "XRP/USDT"].map((s) => loadShipped(s)),
    );
    expect([btc?.length, eth?.length, xrp?.length]).toEqual([18_201, 18_204, 16_650]);
    expect(btc?.[0]).toEqual({
      time: at("2017-08-17T04:00"),
      open: 4261.48,
      high: 4349.99,
      low: 4261.32,
      close: 4349.99,
      volume: 82.088865,
    });
    expect(btc?.at(-1)?.time).toBe(at("2025-12-09T04:00"));
    expect(eth?.at(-1)?.time).toBe(at("2025-12-09T16:00"));
    expect(xrp?.[0]?.time).toBe(at("2018-05-04T08:00"));
  });

  it("GIVEN another dir THEN only well-named series are listed and loaded from it", async () => {
    expect((await listShipped(other)).map((s) => s.symbol)).toEqual(["BAD/USDT", "SOL/USDT"]);
    expect(await loadShipped("SOL/USDT", other)).toEqual([
      { time: at("2024-01-01T00:00"), open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 },
    ]);
  });

  it("GIVEN a symbol that does not ship THEN loading gives null, not an error", async () => {
    expect(await loadShipped("DOGE/USDT")).toBeNull();
  });

  it("GIVEN a corrupt shipped file THEN loading fails naming the file", async () => {
    await expect(loadShipped("BAD/USDT", other)).rejects.toThrow(/BAD_USDT_4h\.csv\.gz: expected header/);
  });

  it("GIVEN a symbol that could leave the directory THEN it is refused before any path is built", () => {
    expect(seriesFileStem("BTC/USDT")).toBe("BTC_USDT_4h");
    for (const bad of ["../../etc/passwd", "btc/usdt", "BTC", "BTC/USDT/X"]) {
      expect(() => seriesFileStem(bad)).toThrow(/not a canonical symbol/);
    }
  });
});
