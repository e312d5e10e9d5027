import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { SHIPPED_ID } from "../../src/lifecycle/model-registry.js";
import {
  openPostgresModelRegistry,
  type PostgresModelRegistry,
} from "../../src/lifecycle/model-registry-postgres.js";
import { silentLogger } from "../../src/logger.js";
import { createStatisticalForecaster } from "../../src/model/baselines/statistical-forecaster.js";
import { loadSavedForecaster } from "../../src/model/saved/forecasters.js";
import type { ModelMeta } from "../../src/model/saved/model-meta.js";
import type { SeriesData } from "../../src/model/types.js";
import { openPostgres } from "../../src/storage/postgres.js";
import { syntheticDailySeries } from "../evaluation/synthetic-series.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { createTestDatabase, postgresAvailable } from "../helpers/postgres.js";
import { BIN } from "../helpers/processes.js";

const HOUR = 3_600_000;
const postgres = await postgresAvailable();

/** A saved model as far as the registry looks: a valid meta.json beside placeholder weights. */
async function writeModel(path: string, meta: ModelMeta, weights = "w"): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "meta.json"), JSON.stringify(meta));
  await writeFile(join(path, "model.json"), "{}");
  await writeFile(join(path, "weights.bin"), weights);
}

/** `coincast <args>` in its own process, against the database; resolves its stdout. */
function coincast(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", COINCAST_QUIET_SOURCE_RUN: "1", ...env }, timeout: 120_000 },
      (error, stdout, stderr) =>
        error === null ? resolve(stdout) : reject(new Error(`${error}: ${stderr}`)),
    );
  });
}

describe.skipIf(!postgres)("the model registry in PostgreSQL (real PostgreSQL)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let root: string;
  let shippedDir: string;
  let clock = Date.UTC(2026, 0, 21, 3);
  const pools: ReturnType<typeof openPostgres>[] = [];
  /** One replica's registry: its own pool and its own DATA_DIR, as on another machine. */
  const replica = async (name: string): Promise<PostgresModelRegistry> => {
    const db = openPostgres(database.url);
    pools.push(db);
    return openPostgresModelRegistry({
      db,
      shippedDir,
      dir: join(root, name, "models"),
      keep: 2,
      logger: silentLogger(),
      now: () => clock,
    });
  };
  const promoted = async (registry: PostgresModelRegistry, n: number): Promise<string> => {
    clock += HOUR;
    const { id, dir } = await registry.stage("1d");
    await writeModel(dir, handMadeMeta({ dataHash: `sha256:${String(n).padStart(8, "0")}` }), `weights ${n}`);
    await registry.promote("1d", id, `challenger ${n} not worse`);
    return id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    root = await mkdtemp(join(tmpdir(), "coincast-registry-pg-"));
    shippedDir = join(root, "shipped");
    await writeModel(join(shippedDir, "1d"), handMadeMeta({ dataHash: "sha256:00000000" }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database?.drop();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it("GIVEN a version promoted by one replica THEN another replica serves the same champion, written from the database into its own folder", async () => {
    const [a, b] = [await replica("a"), await replica("b")];
    expect((await b.champion("1d")).id).toBe(SHIPPED_ID);

    const id = await promoted(a, 1);
    const seen = await b.champion("1d");
    expect(seen.id).toBe(id);
    expect(seen.dir).toBe(join(root, "b", "models", "1d", "versions", id));
    expect(seen.version).toBe((await a.champion("1d")).version);
    expect(await readFile(join(seen.dir, "weights.bin"), "utf8")).toBe("weights 1");
    expect((await b.versions("1d")).map((v) => [v.id, v.champion])).toEqual([
      [id, true],
      [SHIPPED_ID, false],
    ]);
  });

  it("GIVEN a statistical version (meta.json alone) promoted by one replica THEN another serves it from the database", async () => {
    const [a, b] = [await replica("stat-a"), await replica("stat-b")];
    const series = [syntheticDailySeries("AAA/USDT", 400, { seed: 2, drift: 0 })];
    const model = createStatisticalForecaster({ members: ["garch"], timeframe: "1d" });
    await model.fit(series, series[0]?.candles[399]?.time ?? 0, [1, 3, 7]);
    clock += HOUR;
    const { id, dir } = await a.stage("1d");
    await model.toSaved(dir);
    await a.promote("1d", id, "statistical challenger not worse");
    const seen = await b.champion("1d");
    expect(seen.id).toBe(id);
    expect(seen.meta).toMatchObject({ kind: "statistical", name: "garch" });
    expect(seen.version).toBe((await a.champion("1d")).version);
    const served = await loadSavedForecaster(seen.dir);
    const s = series[0] as SeriesData;
    expect(await served.predict(s, [399], [1])).toEqual(await model.predict(s, [399], [1]));
    await a.rollback("1d");
  });

  it("GIVEN two promotions WHEN one replica rolls back THEN every replica serves the earlier version, and a rollback past the history names the versions", async () => {
    const [a, b] = [await replica("c"), await replica("d")];
    const first = (await a.champion("1d")).id;
    const second = await promoted(a, 2);
    expect((await b.champion("1d")).id).toBe(second);

    const restored = await b.rollback("1d");
    expect(restored.id).toBe(first);
    expect((await a.champion("1d")).id).toBe(first);
    expect((await a.versions("1d")).find((v) => v.champion)?.id).toBe(first);
    // Back to the shipped model by name, then the history leads to the second promotion again.
    expect((await a.rollback("1d", SHIPPED_ID)).id).toBe(SHIPPED_ID);
    expect((await b.champion("1d")).id).toBe(SHIPPED_ID);
    await expect(a.rollback("1d", "20990101T000000Z-ffff")).rejects.toBeInstanceOf(UserError);
    expect((await a.rollback("1d")).id).toBe(first);
  });

  it("GIVEN a challenger trained on a worker with another DATA_DIR THEN the bot that staged it promotes it from the database", async () => {
    const [bot, worker] = [await replica("bot"), await replica("worker")];
    clock += HOUR;
    const { id, dir } = await bot.stage("1d");
    // The worker finds the bot's folder names: the champion is written here, the challenger trained here.
    const champion = await bot.champion("1d");
    expect(await worker.localize(champion.dir)).toBe(
      join(root, "worker", "models", "1d", "versions", champion.id),
    );
    const trainedHere = worker.localPath(dir);
    expect(trainedHere).toBe(join(root, "worker", "models", "1d", "versions", id));
    await writeModel(trainedHere, handMadeMeta({ dataHash: "sha256:00000009" }), "weights 9");
    await worker.upload(dir);

    await bot.promote("1d", id, "trained on a worker");
    const served = await bot.champion("1d");
    expect(served.id).toBe(id);
    expect(await readFile(join(served.dir, "weights.bin"), "utf8")).toBe("weights 9");
    // keep 2: the champion, the previous one and two others; the oldest promoted version was pruned.
    expect((await worker.versions("1d")).length).toBeLessThanOrEqual(5);
  });

  it("GIVEN versions pruned by one replica THEN another replica's copies of them are removed on its next look, while a challenger training there stays", async () => {
    const [a, b] = [await replica("prune-a"), await replica("prune-b")];
    const oldest = await promoted(a, 20);
    const oldCopy = (await b.champion("1d")).dir;
    expect(oldCopy).toBe(join(root, "prune-b", "models", "1d", "versions", oldest));
    clock += HOUR;
    const training = b.localPath((await b.stage("1d")).dir);
    await writeModel(training, handMadeMeta({ dataHash: "sha256:00000030" }), "training");
    // keep 2: the champion, the previous one and two others stay; four promotions later `oldest` is pruned.
    for (let n = 21; n <= 25; n++) await promoted(a, n);
    expect((await a.versions("1d")).map((v) => v.id)).not.toContain(oldest);
    await expect(readFile(join(oldCopy, "meta.json"), "utf8")).resolves.toBeTruthy();

    await b.champion("1d");
    await expect(readFile(join(oldCopy, "meta.json"), "utf8")).rejects.toThrow(/ENOENT/);
    // Staged before the newest promotion and never uploaded: the database counts it lost, so does the sweep.
    await expect(readFile(join(training, "weights.bin"), "utf8")).rejects.toThrow(/ENOENT/);
    clock += HOUR;
    const fresh = b.localPath((await b.stage("1d")).dir);
    await writeModel(fresh, handMadeMeta({ dataHash: "sha256:00000031" }), "training now");
    await a.rollback("1d");
    await b.champion("1d");
    expect(await readFile(join(fresh, "weights.bin"), "utf8")).toBe("training now");
  });

  it("GIVEN DATABASE_URL THEN `coincast model list` and `coincast model rollback` in their own processes read and switch the shared champion", async () => {
    const registry = await replica("cli");
    const before = (await registry.champion("1d")).id;
    const env = { DATABASE_URL: database.url, DATA_DIR: join(root, "cli-data"), MODELS_DIR: shippedDir };
    const listed = await coincast(["model", "list", "--timeframe", "1d"], env);
    expect(listed).toMatch(new RegExp(`\\* ${before}`));

    const rolled = await coincast(["model", "rollback", "--timeframe", "1d"], env);
    expect(rolled).toMatch(/serves again/);
    const after = (await registry.champion("1d")).id;
    expect(after).not.toBe(before);
    expect(await coincast(["model", "list", "--timeframe", "1d"], env)).toMatch(new RegExp(`\\* ${after}`));
  }, 240_000);
  it("GIVEN the champion row's rollback history damaged THEN its version serves on, the log says so once, and a rollback to it settles the row", async () => {
    const db = openPostgres(database.url);
    pools.push(db);
    const warned: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => warned.push(JSON.parse(line).msg) });
    const dir = join(root, "history", "models");
    const registry = await openPostgresModelRegistry({
      db,
      shippedDir,
      dir,
      keep: 2,
      logger,
      now: () => clock,
    });
    const id = await promoted(registry, 40);
    await db.query("UPDATE model_champions SET history = '{' WHERE timeframe = '1d'");
    const damage = "the champion row's history is not readable";
    expect(await registry.champion("1d")).toMatchObject({ id, fallback: { source: "recorded", damage } });
    await registry.champion("1d");
    expect(warned).toEqual([
      `serving ${id}, recovered: ${damage}; the last recorded champion switch names ${id}`,
    ]);
    expect((await registry.rollback("1d", id)).id).toBe(id);
    expect(await registry.champion("1d")).not.toHaveProperty("fallback");
  });
});
