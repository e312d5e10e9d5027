import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCommandServices } from "../../src/chat/command-services.js";
import type { RecordedEvaluations } from "../../src/evaluation/recorded.js";
import type { ModelRunner } from "../../src/forecast/runner.js";
import type { ForecastService } from "../../src/forecast/service.js";
import { silentLogger } from "../../src/logger.js";
import { consoleSession } from "../helpers/console-session.js";
import { countingProxy, recordedOf } from "../helpers/fake-command-services.js";
import { candlesEndingAt, fakeMarket } from "../helpers/fake-market.js";
import { testForecastService } from "../helpers/test-forecast-service.js";

const logger = silentLogger();
const DAY = 86_400_000;
const LAST_DAILY = Date.UTC(2026, 10, 20);
const LAST_4H = Date.UTC(2026, 10, 21, 4);
const NOON = Date.UTC(2026, 10, 21, 12);

describe("the core answers in one call", () => {
  let dir: string;
  let clock: number;
  const closers: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "coincast-report-"));
    clock = NOON;
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The real ForecastService over a fake market and model runner, a real ledger and caches, counted. */
  async function build() {
    const data = fakeMarket((_, timeframe) =>
      timeframe === "1d" ? candlesEndingAt("1d", LAST_DAILY) : candlesEndingAt("4h", LAST_4H),
    );
    const runs = { forecast: 0, chart: 0 };
    const runner: ModelRunner = {
      forecast: async () => {
        runs.forecast += 1;
        return { quantiles: [-0.1, -0.05, 0.01, 0.06, 0.1] };
      },
      chart: async () => {
        runs.chart += 1;
        return { png: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };
      },
      challenge: async () => {
        throw new Error("not used here");
      },
    };
    const now = () => clock;
    // Every ledger call, by name: reads must never reach scoreDue.
    const ledgerCalls: string[] = [];
    const evaluations: RecordedEvaluations = {
      evaluation: async (timeframe) => recordedOf(timeframe),
      unseenCoins: async () => null,
      heldOutCoins: async () => null,
      coins: async () => null,
    };
    const { service } = await testForecastService({
      dir,
      market: data.market,
      runner,
      logger,
      now,
      closers,
      evaluations,
      wrapLedger: (ledger) => countingProxy(ledger, ledgerCalls),
    });
    return { service, runs, ledgerCalls, data };
  }

  /** Types `lines` into the console adapter over the command services of `core`; resolves what it printed. */
  async function typed(core: ForecastService, lines: string[]): Promise<string> {
    const services = createCommandServices({ symbols: ["BTC/USDT", "ETH/USDT", "XRP/USDT"] }, logger, core);
    return (await consoleSession(lines, { services, imageDir: join(dir, "charts"), logger })).printed();
  }

  it("GIVEN /forecast BTC 1d typed on the console adapter THEN the core is entered once, the model runs once, the chart is drawn once, and the reply carries the recorded verdict", async () => {
    const { service, runs } = await build();
    const entered: string[] = [];
    const printed = await typed(countingProxy(service, entered), ["/forecast BTC 1d"]);
    expect(entered).toEqual(["report"]);
    expect(runs).toEqual({ forecast: 1, chart: 1 });
    expect(printed).toContain("BTC/USDT forecast, 1d ahead");
    expect(printed).toContain(
      'Out of sample its range beat "no change" by 2.6% (CRPS) and its 80% band held 82%',
    );
    expect(printed).toMatch(/Track record BTC\/USDT 1d: no scored forecasts yet \(1 waiting/);
    expect(printed).toMatch(/Chart: .*BTCUSDT-1d-.*\.png/);
  });

  it("GIVEN /model on the console adapter THEN the core is entered once and every row comes from the recorded evaluation", async () => {
    const { service } = await build();
    const entered: string[] = [];
    const printed = await typed(countingProxy(service, entered), ["/model"]);
    expect(entered).toEqual(["models"]);
    expect(printed).toMatch(/1d model: cnn-gru, trained until 2025-12-08 \| range skill \+2\.6% at 1d/);
    expect(printed).toMatch(/4h model: cnn-gru, .*\+2\.6% at 4h, \+1\.1% at 12h, -1\.3% at 1d/);
  });

  it("GIVEN a forecast whose target candle is stored THEN reads (report, track record, scored, adaptive levels, models) never score it; the refresh does", async () => {
    const { service, ledgerCalls, data } = await build();
    const made = (await service.report("BTC", "1d")).forecast;
    // The target candle arrives in the store and its close passes.
    data.set("BTC/USDT", "1d", candlesEndingAt("1d", LAST_DAILY + DAY, 121));
    clock = made.targetTime + 5 * 60_000;
    const report = await service.report("ETH", "1d");
    await service.trackRecord();
    await service.scored();
    await service.adaptiveIntervals?.("1d");
    await service.models();
    expect(ledgerCalls).not.toContain("scoreDue");
    expect(report.record).toMatchObject({ count: 0 });
    expect(await service.trackRecord({ symbol: "BTC/USDT" })).toMatchObject({ count: 0, pending: 1 });

    await service.refreshData();
    expect(ledgerCalls.filter((c) => c === "scoreDue")).toHaveLength(1);
    expect(await service.trackRecord({ symbol: "BTC/USDT" })).toMatchObject({ count: 1, pending: 0 });
  });

  it("GIVEN a refresh the exchange refused part-way THEN what the store holds is still scored, and the failure still surfaces", async () => {
    const { service, ledgerCalls, data } = await build();
    const made = await service.forecast("BTC", "1d");
    data.set("BTC/USDT", "1d", candlesEndingAt("1d", LAST_DAILY + DAY, 121));
    clock = made.targetTime + 5 * 60_000;
    data.answerUpdates(() => {
      throw new Error("exchange down");
    });
    await expect(service.refreshData()).rejects.toThrow("exchange down");
    expect(ledgerCalls).toContain("scoreDue");
    expect(await service.trackRecord({ symbol: "BTC/USDT" })).toMatchObject({ count: 1 });
  });

  it("GIVEN a report whose chart handle is called twice THEN the picture is rendered once", async () => {
    const { service, runs } = await build();
    const report = await service.report("XRP", "3d");
    const [a, b] = await Promise.all([report.chart(), report.chart()]);
    expect(a.equals(b)).toBe(true);
    expect(runs.chart).toBe(1);
  });
});
