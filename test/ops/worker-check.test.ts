import { describe, expect, it } from "vitest";
import { startQueueWorker } from "../../src/fleet/queue-worker.js";
import { openRedis } from "../../src/fleet/redis.js";
import { silentLogger } from "../../src/logger.js";
import { runChecks } from "../../src/ops/readiness.js";
import { workerCheck } from "../../src/ops/serve.js";
import type { Fleet, Services } from "../../src/services.js";
import type { WorkerPool } from "../../src/workers/worker-pool.js";

const DEAD_REDIS = "redis://:hunter2@127.0.0.1:1";

/** Services whose fleet's status fails as with Redis away (rejects, or never answers), and own threads open. */
function services(status: () => Promise<never>) {
  return {
    config: { redisUrl: DEAD_REDIS },
    fleet: async () => ({ status }) as unknown as Fleet,
    forecastPool: () => ({ queued: 0, running: 0, completed: 0, threads: 1, closed: false }),
  } as unknown as Pick<Services, "fleet" | "forecastPool" | "config">;
}
const refused = () => Promise.reject(new Error("The forecast queue (Redis) is unreachable"));
const silent = () => new Promise<never>(() => undefined);

describe("/readyz's worker check with Redis away", () => {
  it("GIVEN role all THEN ready on its own threads, saying Redis is unreachable, whether the status fails or hangs", async () => {
    for (const status of [refused, silent]) {
      const report = await runChecks({ worker: workerCheck(services(status), "all") });
      expect(report).toEqual({
        ready: true,
        checks: { worker: { ok: true, note: "Redis unreachable; serving on own threads" } },
      });
    }
  });

  it("GIVEN role bot THEN not ready, naming Redis and its address without the password", async () => {
    const report = await runChecks({ worker: workerCheck(services(silent), "bot") });
    expect(report.checks.worker).toEqual({
      ok: false,
      reason: "Redis (redis://127.0.0.1:1) does not answer: no forecast worker can be reached",
    });
  });

  it("GIVEN `coincast worker` THEN its health names Redis and its address without the password, within the check's budget", async () => {
    const pool = {
      run: async () => undefined,
      stats: () => ({ queued: 0, running: 0, completed: 0, threads: 1, closed: false }),
      warm: () => undefined,
      close: async () => undefined,
    } as unknown as WorkerPool;
    const redis = openRedis(DEAD_REDIS, silentLogger());
    const worker = await startQueueWorker({
      redisUrl: DEAD_REDIS,
      prefix: "coincast-dead",
      redis,
      inference: pool,
      training: pool,
      concurrency: 1,
      backend: "cpu",
      logger: silentLogger(),
    });
    try {
      const report = await runChecks({ worker: () => worker.health() });
      const reason = report.checks.worker?.ok === false ? report.checks.worker.reason : "";
      expect(reason).toMatch(/^Redis \(redis:\/\/127\.0\.0\.1:1\) does not answer/);
      expect(reason).not.toMatch(/hunter2/);
    } finally {
      await worker.close();
      redis.disconnect();
    }
  });
});
