import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { DATA_REFRESH_CRON, startForecastSchedules } from "../../src/forecast/schedule.js";
import type { Retrainer } from "../../src/lifecycle/retrainer.js";
import { createLogger } from "../../src/logger.js";

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger("info");
  for (const level of ["info", "warn", "error"] as const) {
    // Capture what the schedule logs instead of printing it.
    logger[level] = ((obj: unknown, msg?: string) => {
      lines.push({ level, msg: typeof obj === "string" ? obj : (msg ?? "") });
    }) as never;
  }
  return { logger, lines };
}

function fakeService(retrain: Retrainer["retrain"]) {
  const calls = { refresh: 0, retrain: 0 };
  const retrainer = {
    retrain: async (...args: Parameters<Retrainer["retrain"]>) => {
      calls.retrain += 1;
      return retrain(...args);
    },
  } as Retrainer;
  return {
    calls,
    service: {
      refreshData: async () => {
        calls.refresh += 1;
      },
      retrainer,
    },
  };
}

describe("forecast schedules", () => {
  it("GIVEN a retrain cron THEN data refresh runs 2 minutes after each 4h close and retraining on the cron, in UTC", async () => {
    const { service } = fakeService(async () => []);
    const { logger } = recordingLogger();
    const schedules = startForecastSchedules({ service, retrainCron: "0 3 * * 0", logger });
    try {
      const [refresh, retrain] = schedules.tasks;
      expect(refresh?.getPattern()).toBe(DATA_REFRESH_CRON);
      expect(retrain?.getPattern()).toBe("0 3 * * 0");
      // 2026-11-21 is a Saturday: the next Sunday 03:00 UTC is the 22nd.
      expect(refresh?.match(new Date(Date.UTC(2026, 10, 21, 8, 2)))).toBe(true);
      expect(refresh?.match(new Date(Date.UTC(2026, 10, 21, 9, 2)))).toBe(false);
      expect(retrain?.match(new Date(Date.UTC(2026, 10, 22, 3, 0)))).toBe(true);
      expect(retrain?.match(new Date(Date.UTC(2026, 10, 21, 3, 0)))).toBe(false);
    } finally {
      await schedules.stop();
    }
  });

  it("GIVEN RETRAIN_CRON off THEN only the data refresh is scheduled", async () => {
    const { service } = fakeService(async () => []);
    const schedules = startForecastSchedules({
      service,
      retrainCron: undefined,
      logger: recordingLogger().logger,
    });
    expect(schedules.tasks.map((t) => t.name)).toEqual(["data-refresh"]);
    await schedules.stop();
  });

  it("GIVEN a retrain already running when the cron fires THEN it is logged, not thrown", async () => {
    const { service, calls } = fakeService(async () => {
      throw new UserError("A retrain is already running (40% done)", { code: "retrain-running" });
    });
    const { logger, lines } = recordingLogger();
    const schedules = startForecastSchedules({ service, retrainCron: "0 3 * * 0", logger });
    try {
      await schedules.tasks[1]?.execute();
      await schedules.tasks[0]?.execute();
      expect(calls).toEqual({ refresh: 1, retrain: 1 });
      expect(lines).toContainEqual({ level: "info", msg: "A retrain is already running (40% done)" });
    } finally {
      await schedules.stop();
    }
  });

  it("GIVEN alerts to check THEN they run after each refresh, even one that failed", async () => {
    let failing = false;
    const order: string[] = [];
    const service = {
      refreshData: async () => {
        order.push("refresh");
        if (failing) throw new Error("exchange down");
      },
      retrainer: {} as Retrainer,
    };
    const { logger, lines } = recordingLogger();
    const schedules = startForecastSchedules({
      service,
      retrainCron: undefined,
      logger,
      afterRefresh: async () => {
        order.push("alerts");
      },
    });
    try {
      await schedules.tasks[0]?.execute();
      failing = true;
      await schedules.tasks[0]?.execute();
      expect(order).toEqual(["refresh", "alerts", "refresh", "alerts"]);
      expect(lines).toContainEqual({ level: "error", msg: "scheduled task failed" });
    } finally {
      await schedules.stop();
    }
  });
});
