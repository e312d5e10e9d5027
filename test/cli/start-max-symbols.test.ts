import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createCandleStore } from "../../src/market/store.js";
import { generateCandles } from "../helpers/fake-exchange.js";

const BIN = fileURLToPath(new URL("../../bin/coincast.mjs", import.meta.url));
const T0 = Date.UTC(2025, 0, 1);

describe("coincast start with a lowered MAX_SYMBOLS", () => {
  let dataDir: string | undefined;
  afterEach(async () => {
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it("GIVEN three kept on-demand pairs AND MAX_SYMBOLS=1 THEN start-up keeps only the most recently used, before any request", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coincast-start-max-symbols-"));
    const store = createCandleStore({
      dir: dataDir,
      shippedDir: join(dataDir, "none"),
      logger: silentLogger(),
    });
    const key = (symbol: string) => ({ exchange: "binance", symbol, timeframe: "4h" }) as const;
    const pairs = ["SOL/USDT", "BNB/USDT", "DOGE/USDT"];
    for (const symbol of pairs)
      await store.append(key(symbol), generateCandles(T0, 50, 10), T0 + 60 * 86_400_000);
    // BNB last used most recently.
    const registry = join(dataDir, "candles", "binance", "on-demand.json");
    const entry = (symbol: string, lastUsed: number) => ({ symbol, lastUsed, checkedAt: lastUsed });
    await writeFile(
      registry,
      JSON.stringify({
        symbols: [entry("BNB/USDT", T0 + 3), entry("DOGE/USDT", T0 + 2), entry("SOL/USDT", T0 + 1)],
      }),
    );

    const child = spawn(process.execPath, [BIN, "start"], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        MAX_SYMBOLS: "1",
        // Nobody listens there: nothing is fetched, and nothing reaches the internet.
        EXCHANGE_API_URL: "http://127.0.0.1:9",
      },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stdin.end("/help\n/quit\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stdout).toContain("/forecast");

    const kept = JSON.parse(await readFile(registry, "utf8")) as { symbols: { symbol: string }[] };
    expect(kept.symbols.map((s) => s.symbol)).toEqual(["BNB/USDT"]);
    expect((await store.read(key("SOL/USDT"))).candles).toHaveLength(0);
    expect((await store.read(key("DOGE/USDT"))).candles).toHaveLength(0);
    expect((await store.read(key("BNB/USDT"))).candles.length).toBeGreaterThan(0);
  });
});
