import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCandlesCsv } from "../../src/market/csv.js";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { BIN } from "../helpers/processes.js";

const SHIPPED_LAST = Date.UTC(2025, 11, 9, 4);
const H4 = 4 * 3_600_000;

let root: string;
let fake: FakeExchange;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-disk-full-"));
  fake = await startFakeExchange({ candles: { "BTC/USDT": generateCandles(SHIPPED_LAST + H4, 12, 90_000) } });
});
afterAll(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

/**
 * `coincast data update` with room for `kb` KiB per file (ulimit -f): a write past it is cut short by the
 * kernel, as on a disk with that much room left, and the next write fails (EFBIG, where a disk says ENOSPC).
 */
function updateWithRoom(
  kb: number,
  dataDir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  // Node dies of SIGXFSZ by default; a full disk raises no signal, only the errno.
  const ignoreSignal = "data:text/javascript,process.on('SIGXFSZ',()=>{})";
  return new Promise((resolve) => {
    execFile(
      "bash",
      [
        "-c",
        `ulimit -f ${kb}; exec "$@"`,
        "bash",
        process.execPath,
        "--import",
        ignoreSignal,
        BIN,
        "data",
        "update",
      ],
      {
        env: {
          PATH: process.env.PATH ?? "",
          DATA_DIR: dataDir,
          LOG_LEVEL: "silent",
          SYMBOLS: "BTC/USDT",
          EXCHANGE_API_URL: fake.url,
          COINCAST_QUIET_SOURCE_RUN: "1",
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("coincast data update on a full disk", () => {
  it("GIVEN no room for the whole series file THEN it exits 1 saying storage is full, and leaves no file cut short", async () => {
    const dataDir = join(root, "full");
    // The shipped BTC history alone is over 1 MB of CSV: 256 KiB holds a part of it.
    const { code, stdout, stderr } = await updateWithRoom(256, dataDir);
    expect({ code, stdout }).toMatchObject({ code: 1, stdout: expect.not.stringMatching(/BTC\/USDT: /) });
    expect(stderr).toMatch(/Storage is full; nothing was saved: .*BTC_USDT_4h\.csv was not written: EFBIG/);
    // No file the next run would read as the series: the shipped history still seeds it.
    const names = await readdir(join(dataDir, "candles", "binance")).catch(() => [] as string[]);
    expect(names.filter((name) => name.includes("BTC_USDT_4h.csv"))).toEqual([]);
  });

  it("GIVEN room enough THEN the same update stores the whole series and exits 0", async () => {
    const dataDir = join(root, "roomy");
    const { code, stdout } = await updateWithRoom(4096, dataDir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/BTC\/USDT: 12 new/);
    const text = await readFile(join(dataDir, "candles", "binance", "BTC_USDT_4h.csv"), "utf8");
    expect(parseCandlesCsv(text, "stored").at(-1)?.time).toBe(SHIPPED_LAST + 12 * H4);
  });
});
