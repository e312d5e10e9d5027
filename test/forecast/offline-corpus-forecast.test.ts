import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import { createCommandServices } from "../../src/chat/command-services.js";
import { createDispatcher } from "../../src/chat/dispatch.js";
import { formatText } from "../../src/chat/format-text.js";
import type { ModelRunner } from "../../src/forecast/runner.js";
import type { ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import { silentLogger } from "../../src/logger.js";
import { formatCandlesCsv } from "../../src/market/csv.js";
import type { Candle } from "../../src/market/types.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { folderPerTest, onDemandMarket, servingRegistry } from "../helpers/on-demand-ground.js";
import { testForecastService } from "../helpers/test-forecast-service.js";

const T0 = Date.UTC(2024, 0, 1);
const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const Q = [-0.1, -0.05, 0.01, 0.06, 0.1];
/** The exchange's candles run 500 days; the corpus's DOGE ends after 400 (last 4h candle 2025-02-03 20:00). */
const LIVE = generateCandles(T0, 500 * 6 + 1, 100);
const NOW = (LIVE.at(-1) as Candle).time + 3_600_000;
const DOGE = generateCandles(T0, 400 * 6, 100);

describe("/forecast of a corpus pair with the fake exchange down or absent", () => {
  const ground = folderPerTest("coincast-offline-forecast-");

  async function build(state: "down" | "absent", retries = 0) {
    const { dir, closers } = ground;
    const logger = silentLogger();
    const fake = await startFakeExchange({
      candles: Object.fromEntries([...SYMBOLS, "DOGE/USDT"].map((s) => [s, LIVE])),
      now: () => NOW,
    });
    closers.push(() => fake.close());
    if (state === "down") fake.fail({ kind: "status", status: 503 }, { times: 1000 });
    const corpus = join(dir, "corpus");
    await mkdir(corpus, { recursive: true });
    await writeFile(join(corpus, "DOGE_USDT_4h.csv.gz"), gzipSync(formatCandlesCsv(DOGE)));
    const apiUrl = state === "absent" ? "http://127.0.0.1:9" : fake.url;
    const market = onDemandMarket({
      dir,
      apiUrl,
      symbols: SYMBOLS,
      now: () => NOW,
      logger,
      corpusDirs: [corpus],
      retries,
    });
    const champion = async (timeframe: ModelTimeframe): Promise<ModelVersionInfo> => {
      const meta = handMadeMeta({ timeframe, horizons: timeframe === "1d" ? [1, 3, 7] : [1, 3, 6] });
      const folder = join(dir, "served", timeframe);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, "meta.json"), JSON.stringify(meta));
      return { id: "shipped", dir: folder, meta, version: "cnn-gru shipped", promotedAt: null, reason: null };
    };
    const forecasts: string[] = [];
    const runner: ModelRunner = {
      forecast: async (input) => {
        forecasts.push(`${input.symbol} ${input.candles.at(-1)?.time}`);
        return { quantiles: Q };
      },
      chart: async () => ({ png: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }),
      challenge: async () => {
        throw new Error("not used here");
      },
    };
    const registry = servingRegistry(dir, champion);
    const { service } = await testForecastService({
      dir,
      market,
      registry,
      runner,
      logger,
      now: () => NOW,
      closers,
    });
    const services = createCommandServices({ symbols: SYMBOLS }, logger, service);
    const dispatcher = createDispatcher({
      commands: COMMANDS,
      services,
      logger,
      rateLimit: { points: 100, seconds: 30 },
    });
    const ask = async (line: string, locale = "en") => {
      const caller = {
        platform: "console" as const,
        userId: "u",
        userName: "u",
        channelId: "c",
        channelKind: "direct" as const,
        isAdmin: false,
        locale,
      };
      const reply = await dispatcher.dispatchLine(line, caller);
      return reply === null ? "" : formatText(reply);
    };
    return { ask, forecasts, fake };
  }

  it.each(["down", "absent"] as const)(
    "GIVEN the exchange %s THEN /forecast DOGE 1d answers from the corpus with its date and says it is stale, as for a kept pair",
    async (state) => {
      const { ask, forecasts } = await build(state);
      const text = await ask("/forecast DOGE 1d");
      expect(text).toContain("DOGE/USDT forecast, 1d ahead");
      // The daily candle of 2025-02-03 closes at midnight: the same two lines BTC gets when the exchange is down.
      expect(text).toContain("Data as of 2025-02-04 00:00 UTC (shipped history).");
      expect(text).toContain(
        "STALE: the newest candle closed 2025-02-04 00:00 UTC; newer ones could not be fetched yet, so this uses the last stored candles.",
      );
      expect(forecasts).toEqual([`DOGE/USDT ${Date.UTC(2025, 1, 3)}`]);
      // In German, the same notice in German.
      const german = await ask("/forecast DOGE 4h", "de");
      expect(german).toMatch(/VERALTET/);
      expect(german).toMatch(/04\.02\.2025/);
    },
  );

  it("GIVEN the exchange down and DOGE just served from the corpus (a closed target: not recorded) THEN /accuracy DOGE answers that nothing is scored yet, and SOL gets /forecast's refusal", async () => {
    const { ask } = await build("down");
    // Before any /forecast of it: the same resolution /forecast uses, nothing served for it.
    expect(await ask("/accuracy doge")).toContain("DOGE/USDT all horizons: no scored forecasts yet");
    expect(await ask("/forecast DOGE 1d")).toContain("DOGE/USDT forecast, 1d ahead");
    expect(await ask("/accuracy DOGE 1d")).toContain(
      "DOGE/USDT 1d: no scored forecasts yet (0 waiting for their target candle).",
    );
    expect(await ask("/accuracy SOL")).toMatch(
      /^SOL\/USDT is not one of the pairs I keep, and I cannot reach binance/,
    );
  });

  it("GIVEN the exchange just failed to list its markets THEN the corpus pair's refresh tries once, not once per retry, and the answer is marked stale", async () => {
    const { ask, fake } = await build("down", 3);
    expect(await ask("/forecast DOGE 1d")).toContain("STALE: the newest candle closed 2025-02-04 00:00 UTC");
    // One request listing the markets, one for the candles (ccxt asks for the markets first): no retries.
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/v3/exchangeInfo", "/api/v3/exchangeInfo"]);
  });

  it("GIVEN the exchange down THEN a pair neither kept nor shipped is refused with what can be served, and a typo of DOGE is pointed at it", async () => {
    const { ask } = await build("down");
    expect(await ask("/forecast SOL 4h")).toBe(
      "SOL/USDT is not one of the pairs I keep, and I cannot reach binance to look it up. Right now I can " +
        "serve only BTC/USDT, ETH/USDT, XRP/USDT, and from their shipped history (to the day in brackets) " +
        "1 more USDT pair: DOGE (2025-02-03).",
    );
    expect(await ask("/forecast DOGEE 1d")).toMatch(/look it up\. Did you mean DOGE\/USDT\? Right now/);
    const german = await ask("/forecast SOLL 1d", "de");
    expect(german).toMatch(/^SOLL\/USDT gehört nicht zu den Paaren, die ich vorhalte/);
    expect(german).toContain("BTC/USDT, ETH/USDT, XRP/USDT; DOGE (2025-02-03)");
    // A typo of a kept pair in German: the hint names it before the list that also names it.
    expect(await ask("/forecast BTCC 1d", "de")).toMatch(/Meintest du BTC\/USDT\? Bis dahin/);
  });
});
