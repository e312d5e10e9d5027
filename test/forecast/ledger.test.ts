import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ActualClose, type Ledger, openLedger } from "../../src/forecast/ledger.js";
import { forecastColumns, ledgerMigrations, outcomeColumns } from "../../src/forecast/ledger-rows.js";
import { createLedger } from "../../src/forecast/ledger-store.js";
import { silentLogger } from "../../src/logger.js";
import { EMPTY_RECORD } from "../helpers/fake-command-services.js";
import { sqlBackends } from "../helpers/sql-backends.js";
import { btc1d, btc3d, btc7d, CLOSES, DAY, eth1d, eth4h, fakeCloses, NOW, T0 } from "./ledger-fixtures.js";

describe.each(sqlBackends())("the ledger on $name", (backend) => {
  describe.skipIf(!backend.available)(`${backend.name} driver`, () => {
    let ledger: Ledger | undefined;

    beforeEach(() => backend.setUp());

    afterEach(async () => {
      await ledger?.close();
      ledger = undefined;
      await backend.tearDown();
    });

    async function openTestLedger(): Promise<Ledger> {
      ledger = await createLedger(await backend.open(), silentLogger());
      return ledger;
    }

    async function recordAll(l: Ledger): Promise<void> {
      for (const f of [btc1d, eth1d, btc3d, btc7d, eth4h]) await l.record(f, "command");
    }

    describe("Ledger.record", () => {
      it("GIVEN the same forecast twice THEN only the first is written and keeps its source", async () => {
        const l = await openTestLedger();
        expect(await l.record(btc1d, "command")).toBe(true);
        expect(await l.record({ ...btc1d, madeAt: btc1d.madeAt + 5 }, "post")).toBe(false);
        expect((await l.trackRecord()).pending).toBe(1);

        await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose);
        const [entry] = await l.scored();
        expect(entry?.source).toBe("command");
        expect(entry?.forecast).toEqual(btc1d);
      });

      it("GIVEN another model version of the same forecast THEN it is a separate entry", async () => {
        const l = await openTestLedger();
        await l.record(btc1d, "command");
        expect(await l.record({ ...btc1d, modelVersion: "cnn-gru 2024-03-08 ffff0000" }, "command")).toBe(
          true,
        );
        expect((await l.trackRecord()).pending).toBe(2);
      });

      it("GIVEN the same forecast recorded at once by three replicas THEN it is one row, written by one of them", async () => {
        const replicas = [
          await openTestLedger(),
          ...(await Promise.all([1, 2].map(async () => createLedger(await backend.open(), silentLogger())))),
        ];
        const written = await Promise.all(replicas.map((l) => l.record(btc1d, "command")));
        expect(written.filter(Boolean)).toHaveLength(1);
        expect((await (replicas[1] as Ledger).trackRecord()).pending).toBe(1);
        for (const l of replicas.slice(1)) await l.close();
      });

      it("GIVEN a forecast whose target had closed when it was made (built from old data) THEN it never enters the track record", async () => {
        const l = await openTestLedger();
        const late = { ...btc1d, madeAt: btc1d.targetTime + 60_000 };
        expect(await l.record(late, "command")).toBe(false);
        // Made the moment its target closed: the outcome is known too.
        expect(await l.record({ ...eth1d, madeAt: eth1d.targetTime }, "command")).toBe(false);
        expect(await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose)).toBe(0);
        expect(await l.trackRecord()).toMatchObject({ count: 0, pending: 0 });
      });

      it("GIVEN a forecast with a NaN median THEN recording it throws instead of dropping it", async () => {
        const l = await openTestLedger();
        await expect(l.record({ ...btc1d, median: Number.NaN }, "command")).rejects.toThrow(/non-finite/);
        expect((await l.trackRecord()).pending).toBe(0);
      });
    });

    describe("Ledger.scoreDue and trackRecord", () => {
      it("GIVEN an empty ledger THEN the track record has no figures", async () => {
        const l = await openTestLedger();
        expect(await l.trackRecord()).toEqual({ ...EMPTY_RECORD, pending: 0 });
      });

      it("GIVEN hand-made forecasts THEN only those due with a stored close are scored, asked by candle open time", async () => {
        const l = await openTestLedger();
        await recordAll(l);
        const { actualClose, calls } = fakeCloses(CLOSES);

        expect(await l.scoreDue(NOW, actualClose)).toBe(3);
        // Open time = target (close) time minus one candle; btc7d is not due, so its close is never asked for.
        expect(calls).toEqual([
          `BTC/USDT 1d ${T0 + DAY}`,
          `ETH/USDT 1d ${T0 + DAY}`,
          `ETH/USDT 4h ${T0 + 2 * DAY + 4 * 3_600_000}`,
          `BTC/USDT 1d ${T0 + 3 * DAY}`,
        ]);
        // Scoring again changes nothing and asks only for the one still pending and due.
        calls.length = 0;
        expect(await l.scoreDue(NOW, actualClose)).toBe(0);
        expect(calls).toEqual([`ETH/USDT 4h ${T0 + 2 * DAY + 4 * 3_600_000}`]);
      });

      it("GIVEN three scored and two pending THEN the track record matches the hand-computed figures", async () => {
        const l = await openTestLedger();
        await recordAll(l);
        await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose);

        // Errors 2, 30, 2; naive 8, 20, 0; hits 1 of 3; inside 80% and 95%: btc1d and btc3d.
        const all = await l.trackRecord();
        expect(all).toMatchObject({ count: 3, pending: 2, since: T0, until: T0 + 4 * DAY });
        expect(all.mae).toBeCloseTo(34 / 3, 12);
        expect(all.naiveMae).toBeCloseTo(28 / 3, 12);
        expect(all.skill).toBeCloseTo(1 - 34 / 28, 12);
        expect(all.hitRate).toBeCloseTo(1 / 3, 12);
        expect(all.coverage80).toBeCloseTo(2 / 3, 12);
        expect(all.coverage95).toBeCloseTo(2 / 3, 12);

        // BTC: btc1d and btc3d scored, btc7d pending.
        expect(await l.trackRecord({ symbol: "BTC/USDT" })).toEqual({
          count: 2,
          pending: 1,
          mae: 2,
          naiveMae: 4,
          skill: 0.5,
          calls: 2,
          hitRate: 0.5,
          coverage80: 1,
          coverage95: 1,
          since: T0,
          until: T0 + 4 * DAY,
        });

        // Horizon 1d: btc1d and eth1d; the 4h model's "4h" horizon is not mixed in.
        const daily = await l.trackRecord({ horizon: "1d" });
        expect(daily).toMatchObject({ count: 2, pending: 0, mae: 16, naiveMae: 14, hitRate: 0.5 });
        expect(daily).toMatchObject({ coverage80: 0.5, coverage95: 0.5, until: T0 + 2 * DAY });
        expect(daily.skill).toBeCloseTo(1 - 16 / 14, 12);

        // ETH 4h: its target passed but its candle is missing, so nothing is scored yet.
        expect(await l.trackRecord({ symbol: "ETH/USDT", horizon: "4h" })).toMatchObject({
          count: 0,
          pending: 1,
          mae: null,
          skill: null,
          since: null,
        });
      });

      it("GIVEN forecasts whose median is the last price (P(up) 0.5) THEN they are scored but make no call: the hit rate counts calls only", async () => {
        const l = await openTestLedger();
        const flat = { ...btc1d, median: btc1d.lastPrice, probabilityUp: 0.5 };
        await l.record(flat, "command");
        await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose);
        // Before, P(up) 0.5 was a call of "up" and this close of 108 a hit: the hit rate was the up-rate.
        expect(await l.trackRecord()).toMatchObject({ count: 1, calls: 0, hitRate: null });
        expect((await l.scored())[0]?.score.directionHit).toBeNull();

        await l.record(eth1d, "command");
        await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose);
        expect(await l.trackRecord()).toMatchObject({ count: 2, calls: 1, hitRate: 0 });
      });

      it("GIVEN the pending candles arrive later THEN a later call scores them", async () => {
        const l = await openTestLedger();
        await recordAll(l);
        await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose);

        const later = fakeCloses({
          ...CLOSES,
          [`ETH/USDT 4h ${T0 + 2 * DAY + 4 * 3_600_000}`]: 212,
          [`BTC/USDT 1d ${T0 + 7 * DAY}`]: 101,
        });
        expect(await l.scoreDue(T0 + 8 * DAY, later.actualClose)).toBe(2);
        expect(await l.trackRecord()).toMatchObject({ count: 5, pending: 0, until: T0 + 8 * DAY });
      });

      it("GIVEN the close lookup fails for one pair THEN the others are still scored and it stays pending", async () => {
        const l = await openTestLedger();
        await recordAll(l);
        const { actualClose } = fakeCloses(CLOSES);
        const failing: ActualClose = async (symbol, timeframe, openTime) => {
          if (symbol === "ETH/USDT") throw new Error("exchange unreachable");
          return actualClose(symbol, timeframe, openTime);
        };

        expect(await l.scoreDue(NOW, failing)).toBe(2);
        expect(await l.trackRecord({ symbol: "ETH/USDT" })).toMatchObject({ count: 0, pending: 2 });
      });
    });

    describe("Ledger.symbols", () => {
      it("GIVEN forecasts of two pairs THEN each pair once, sorted; none before any is recorded", async () => {
        const l = await openTestLedger();
        expect(await l.symbols()).toEqual([]);
        await recordAll(l);
        expect(await l.symbols()).toEqual(["BTC/USDT", "ETH/USDT"]);
      });
    });

    describe("Ledger.scored", () => {
      it("GIVEN scored entries THEN they come newest target first with their outcome, filtered and limited", async () => {
        const l = await openTestLedger();
        await recordAll(l);
        await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose);

        const all = await l.scored();
        expect(all.map((e) => `${e.forecast.symbol} ${e.forecast.horizon}`)).toEqual([
          "BTC/USDT 3d",
          "ETH/USDT 1d",
          "BTC/USDT 1d",
        ]);
        expect(all[1]).toEqual({
          forecast: eth1d,
          source: "command",
          actual: 220,
          scoredAt: NOW,
          score: { absError: 30, naiveError: 20, directionHit: false, inside80: false, inside95: false },
        });

        // Target bounds are inclusive: exactly the daily targets that closed at T0 + 2d.
        const day = await l.scored({ targetFrom: T0 + 2 * DAY, targetTo: T0 + 2 * DAY });
        expect(day.map((e) => e.forecast.symbol)).toEqual(["ETH/USDT", "BTC/USDT"]);
        expect((await l.scored({ symbol: "BTC/USDT", limit: 1 })).map((e) => e.forecast.horizon)).toEqual([
          "3d",
        ]);
        expect(await l.scored({ horizon: "7d" })).toEqual([]);
      });
    });

    describe("opening", () => {
      it("GIVEN a ledger closed and reopened THEN its entries survive and recording again is still a no-op", async () => {
        const first = await openTestLedger();
        expect(await first.record(btc1d, "post")).toBe(true);
        await first.close();
        ledger = undefined;

        const second = await openTestLedger();
        expect((await second.trackRecord()).pending).toBe(1);
        expect(await second.record(btc1d, "command")).toBe(false);
        expect(await second.scoreDue(NOW, fakeCloses(CLOSES).actualClose)).toBe(1);
        expect((await second.scored())[0]?.source).toBe("post");
      });

      it("GIVEN a ledger from before the rule, holding a forecast made after its target closed, THEN opening it drops that entry and keeps the others", async () => {
        const old = await backend.open();
        await old.migrate("ledger", (dialect) => ledgerMigrations(dialect).slice(0, 1));
        for (const f of [btc1d, { ...eth1d, madeAt: eth1d.targetTime + 60_000 }]) {
          const columns = forecastColumns(f, "command");
          const names = Object.keys(columns);
          await old.run(
            `INSERT INTO forecasts (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
            Object.values(columns),
          );
        }
        await old.close();
        const l = await openTestLedger();
        await l.scoreDue(NOW, fakeCloses(CLOSES).actualClose);
        expect((await l.scored()).map((e) => e.forecast.symbol)).toEqual(["BTC/USDT"]);
        expect((await l.trackRecord()).count).toBe(1);
      });

      it("GIVEN a ledger from before the no-call rule THEN opening it clears the direction of the scored forecasts that made no call", async () => {
        const old = await backend.open();
        await old.migrate("ledger", (dialect) => ledgerMigrations(dialect).slice(0, 2));
        const flat = { ...btc1d, median: btc1d.lastPrice, probabilityUp: 0.5 };
        // Scored as the old rule did: P(up) 0.5 called "up", the close of 108 a hit; eth1d a miss.
        for (const [f, actual] of [
          [flat, 108],
          [eth1d, 220],
        ] as const) {
          const columns = {
            ...forecastColumns(f, "command"),
            ...outcomeColumns(actual, NOW, {
              absError: 0,
              naiveError: 0,
              directionHit: f === flat,
              inside80: true,
              inside95: true,
            }),
          };
          const names = Object.keys(columns);
          await old.run(
            `INSERT INTO forecasts (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
            Object.values(columns),
          );
        }
        await old.close();
        const l = await openTestLedger();
        expect(await l.trackRecord()).toMatchObject({ count: 2, calls: 1, hitRate: 0 });
        expect((await l.scored()).map((e) => [e.forecast.symbol, e.score.directionHit])).toEqual([
          ["ETH/USDT", false],
          ["BTC/USDT", null],
        ]);
      });

      it("GIVEN a ledger written by a newer schema THEN opening it refuses rather than guessing", async () => {
        const newer = await backend.open();
        await newer.migrate("ledger", () => Array.from({ length: 99 }, () => "SELECT 1"));
        await newer.close();
        await expect(createLedger(await backend.open(), silentLogger())).rejects.toThrow(/99/);
      });
    });
  });
});

describe("openLedger", () => {
  it("GIVEN a file in folders that do not exist THEN it creates them and the ledger works", async () => {
    const root = await mkdtemp(join(tmpdir(), "coincast-ledger-"));
    try {
      const l = await openLedger({
        file: join(root, "nested", "data", "ledger.sqlite"),
        logger: silentLogger(),
      });
      expect(await l.record(btc1d, "command")).toBe(true);
      await l.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
