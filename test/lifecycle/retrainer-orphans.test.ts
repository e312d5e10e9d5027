import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChallengeOutput } from "../../src/lifecycle/challenge-rule.js";
import { createModelRegistry, type ModelRegistry } from "../../src/lifecycle/model-registry.js";
import { openPostgresModelRegistry } from "../../src/lifecycle/model-registry-postgres.js";
import { createRetrainer } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import type { ModelMeta } from "../../src/model/saved/model-meta.js";
import { openPostgres } from "../../src/storage/postgres.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { createTestDatabase, postgresAvailable } from "../helpers/postgres.js";

const HOUR = 3_600_000;
const postgres = await postgresAvailable();
if (!postgres) console.warn("PostgreSQL does not answer on 127.0.0.1:5432: its registry case is skipped");

async function writeModel(path: string, meta: ModelMeta): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "meta.json"), JSON.stringify(meta));
  await writeFile(join(path, "model.json"), "{}");
  await writeFile(join(path, "weights.bin"), "w");
}

let root: string;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
const pools: ReturnType<typeof openPostgres>[] = [];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-retrainer-orphans-"));
  await writeModel(join(root, "shipped", "1d"), handMadeMeta({ dataHash: "sha256:00000000" }));
  if (postgres) database = await createTestDatabase();
});
afterAll(async () => {
  for (const pool of pools.splice(0)) await pool.end();
  await database?.drop();
  await rm(root, { recursive: true, force: true });
});

type Open = (dir: string, now: () => number) => Promise<ModelRegistry>;
const backends: [string, Open, boolean][] = [
  [
    "files",
    async (dir, now) =>
      createModelRegistry({ shippedDir: join(root, "shipped"), dir, keep: 2, logger: silentLogger(), now }),
    true,
  ],
  [
    "PostgreSQL",
    async (dir, now) => {
      const db = openPostgres(database?.url ?? "");
      pools.push(db);
      return openPostgresModelRegistry({
        db,
        shippedDir: join(root, "shipped"),
        dir,
        keep: 2,
        logger: silentLogger(),
        now,
      });
    },
    postgres,
  ],
];

describe.each(backends)("a retrain with the %s registry", (name, open, available) => {
  it.skipIf(!available)(
    "GIVEN a challenger left by a retrain killed after saving it THEN the next retrain removes it, whether it keeps the champion or fails, and a newer one stays",
    async () => {
      let clock = Date.UTC(2026, 0, 21, 3);
      const dir = join(root, name, "models");
      const registry = await open(dir, () => clock);
      const versions = async () =>
        (await readdir(join(dir, "1d", "versions")).catch(() => [] as string[])).sort();
      // The killed retrain: staged, trained and saved, never discarded.
      const orphan = await registry.stage("1d");
      await writeModel(orphan.dir, handMadeMeta({ dataHash: "sha256:00000001" }));
      clock += HOUR;

      let outcome: "keep" | "fail" = "keep";
      let newer: string | undefined;
      const retrainer = createRetrainer({
        registry,
        runner: {
          async challenge(input): Promise<ChallengeOutput> {
            await writeModel(input.challengerDir, handMadeMeta({ dataHash: "sha256:00000002" }));
            // Another challenger staged after this one (still training elsewhere) must survive.
            clock += HOUR;
            newer = (await registry.stage("1d")).id;
            await writeModel(
              join(dir, "1d", "versions", newer),
              handMadeMeta({ dataHash: "sha256:00000003" }),
            );
            if (outcome === "fail") throw new Error("the training worker died");
            return {
              decision: "keep",
              reason: "the champion is better",
              window: { start: 0, end: 0, origins: 0 },
              champion: null,
              challenger: null,
              challengerMeta: null,
            };
          },
        },
        series: { get: async () => ({ candles: [] }) },
        symbols: ["BTC/USDT", "ETH/USDT", "XRP/USDT"],
        holdoutDays: 60,
        logger: silentLogger(),
        now: () => clock,
      });
      expect(await registry.staged("1d")).toEqual([orphan.id]);

      const [kept] = await retrainer.retrain({ timeframe: "1d" });
      expect(kept?.decision).toBe("keep");
      expect(await versions()).toEqual([newer]);

      // A second kill leaves another; a failed retrain removes it as well.
      clock += HOUR;
      const second = await registry.stage("1d");
      await writeModel(second.dir, handMadeMeta({ dataHash: "sha256:00000004" }));
      const first = newer;
      outcome = "fail";
      clock += HOUR;
      const [failed] = await retrainer.retrain({ timeframe: "1d" });
      expect(failed?.decision).toBe("failed");
      expect(await versions()).toEqual([newer]);
      expect(await versions()).not.toContain(first);
      expect(await registry.staged("1d")).toEqual([newer]);
    },
  );
});
