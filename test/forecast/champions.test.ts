import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { announcingRegistry, createChampionEvents } from "../../src/fleet/champion-events.js";
import { CHAMPION_RECHECK_MS, createChampions } from "../../src/forecast/champions.js";
import type { ModelRegistry, ModelVersionInfo } from "../../src/lifecycle/model-registry.js";
import { silentLogger } from "../../src/logger.js";
import { fileRegistry } from "../helpers/file-registry.js";

const version = (id: string) => ({ id }) as ModelVersionInfo;

describe("the champion a process serves", () => {
  it("GIVEN a promotion elsewhere whose announcement never arrived THEN the first forecast asked a recheck after the last comparison serves the new champion, and the caches are emptied", async () => {
    let registered = "v1";
    let asked = 0;
    let cleared = 0;
    let clock = 0;
    const champion = createChampions({
      registry: {
        champion: async () => {
          asked += 1;
          return version(registered);
        },
      },
      retrainer: { onChampionChange: () => {} },
      caches: [
        {
          clear: async () => {
            cleared += 1;
          },
        },
      ],
      now: () => clock,
    });
    expect((await champion("1d")).id).toBe("v1");
    registered = "v2";
    clock += CHAMPION_RECHECK_MS - 1;
    expect((await champion("1d")).id).toBe("v1");
    expect(asked).toBe(1);
    clock += 1;
    expect((await champion("1d")).id).toBe("v2");
    expect(cleared).toBe(1);
    // Unchanged at the next comparison: kept, caches untouched.
    clock += CHAMPION_RECHECK_MS;
    expect((await champion("1d")).id).toBe("v2");
    expect(cleared).toBe(1);
  });

  it("GIVEN the registry unreadable at a comparison THEN the kept champion serves on, the outage warned of once until it ends", async () => {
    let fail = false;
    let clock = 0;
    const warned: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => warned.push(JSON.parse(line).msg) });
    const champion = createChampions({
      registry: {
        champion: async () => (fail ? Promise.reject(new Error("connection refused")) : version("v1")),
      },
      retrainer: { onChampionChange: () => {} },
      caches: [],
      logger,
      now: () => clock,
    });
    const minutes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        clock += CHAMPION_RECHECK_MS;
        expect((await champion("4h")).id).toBe("v1");
      }
    };
    await champion("4h");
    fail = true;
    await minutes(3);
    expect(warned).toEqual(["could not compare the champion with the registry's"]);
    fail = false;
    await minutes(1);
    fail = true;
    await minutes(3);
    expect(warned).toHaveLength(2);
  });

  it("GIVEN a fallback serving THEN the rechecks warn of it once per cause: again when the cause changes, and when it recurs after being settled", async () => {
    const files = await fileRegistry();
    try {
      const registry = files.open();
      const first = await files.promoted(registry, 1);
      const second = await files.promoted(registry, 2);
      const breakPointer = async () => {
        await writeFile(files.pointerFile, "{");
        await rm(files.logFile, { force: true });
      };
      const fallbacks = () => files.warnings().filter((message) => message.includes("fallback"));
      let clock = 0;
      const champion = createChampions({
        registry,
        retrainer: { onChampionChange: () => {} },
        caches: [],
        now: () => clock,
      });
      const minutes = async (n: number) => {
        for (let i = 0; i < n; i++) {
          clock += CHAMPION_RECHECK_MS;
          await champion("1d");
        }
      };
      await breakPointer();
      await minutes(5);
      expect(fallbacks()).toHaveLength(1);
      // Another cause: the guessed version broken too, so the one before it serves.
      await rm(join(files.dir, "1d", "versions", second, "weights.bin"));
      await minutes(5);
      expect(fallbacks()).toHaveLength(2);
      expect(fallbacks()[1]).toContain(`serving ${first}, a fallback`);
      // Settled by the operator, then the same damage again.
      await registry.rollback("1d", first);
      await minutes(5);
      expect(fallbacks()).toHaveLength(2);
      await breakPointer();
      await minutes(5);
      expect(fallbacks()).toHaveLength(3);
    } finally {
      await files.remove();
    }
  });

  it("GIVEN Redis refusing the announcement THEN a promotion and a rollback made in the registry still succeed for their caller", async () => {
    const done: string[] = [];
    const registry = {
      promote: async (timeframe: string, id: string) => void done.push(`promote ${timeframe} ${id}`),
      rollback: async (timeframe: string) => {
        done.push(`rollback ${timeframe}`);
        return version("v1");
      },
    } as unknown as ModelRegistry;
    const redis = { publish: async () => Promise.reject(new Error("MaxRetriesPerRequestError")) };
    const events = createChampionEvents(redis as unknown as Redis, "test", silentLogger());
    const announcing = announcingRegistry(registry, events);
    await announcing.promote("1d", "20261207T000000Z-abcd", "better");
    expect((await announcing.rollback("1d")).id).toBe("v1");
    expect(done).toEqual(["promote 1d 20261207T000000Z-abcd", "rollback 1d"]);
  });
});
