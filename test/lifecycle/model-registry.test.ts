import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import {
  createModelRegistry,
  type ModelRegistry,
  newVersionId,
  registryOver,
  SHIPPED_ID,
} from "../../src/lifecycle/model-registry.js";
import {
  openPostgresModelRegistry,
  postgresVersionStore,
} from "../../src/lifecycle/model-registry-postgres.js";
import { modelVersion } from "../../src/lifecycle/model-version.js";
import type { VersionStore } from "../../src/lifecycle/version-store.js";
import { fileVersionStore } from "../../src/lifecycle/version-store-files.js";
import { silentLogger } from "../../src/logger.js";
import type { ModelMeta } from "../../src/model/saved/model-meta.js";
import { openPostgres } from "../../src/storage/postgres.js";
import { postgresDriver } from "../../src/storage/postgres-driver.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";
import { createTestDatabase, postgresAvailable } from "../helpers/postgres.js";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 21, 3);

let root: string;
let shippedDir: string;
let dir: string;
let clock: number;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "coincast-registry-"));
  shippedDir = join(root, "shipped");
  dir = join(root, "data", "models");
  clock = T0;
  await writeModel(join(shippedDir, "1d"), handMadeMeta({ dataHash: "sha256:00000000" }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A saved model as far as the registry looks: a valid meta.json beside placeholder weights. */
async function writeModel(path: string, meta: ModelMeta): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "meta.json"), JSON.stringify(meta));
  await writeFile(join(path, "model.json"), "{}");
  await writeFile(join(path, "weights.bin"), "");
}

const registryWith = (keep = 2) =>
  createModelRegistry({ shippedDir, dir, keep, logger: silentLogger(), now: () => clock });

/** Stages and "trains" a challenger one hour after the previous one; its dataHash names its number. */
async function staged(registry: ModelRegistry, n: number): Promise<string> {
  clock += HOUR;
  const { id, dir: path } = await registry.stage("1d");
  await writeModel(path, handMadeMeta({ dataHash: `sha256:${String(n).padStart(8, "0")}` }));
  return id;
}

async function promoted(registry: ModelRegistry, n: number): Promise<string> {
  const id = await staged(registry, n);
  await registry.promote("1d", id, `challenger ${n} not worse`);
  return id;
}

const versionDirs = async () => (await readdir(join(dir, "1d", "versions"))).sort();

/** A registry back-end: a fresh one per test; `open` again is another process on the same data. */
interface RegistryBackend {
  name: string;
  available: boolean;
  sharedVersions: boolean;
  setUp(): Promise<void>;
  open(keep?: number): Promise<ModelRegistry>;
  /** Its version store on the same data, for a registry over a store made to fail. */
  store(): Promise<VersionStore>;
  tearDown(): Promise<void>;
}

const postgres = await postgresAvailable();

const backends: RegistryBackend[] = [
  {
    name: "files",
    available: true,
    sharedVersions: false,
    setUp: async () => undefined,
    open: async (keep = 2) => registryWith(keep),
    store: async () => fileVersionStore({ dir }),
    tearDown: async () => undefined,
  },
  (() => {
    let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    const pools: pg.Pool[] = [];
    return {
      name: "PostgreSQL",
      available: postgres,
      sharedVersions: true,
      async setUp() {
        database = await createTestDatabase();
      },
      async open(keep = 2) {
        if (database === undefined) throw new Error("no test database");
        const db = openPostgres(database.url, { max: 3 });
        pools.push(db);
        return openPostgresModelRegistry({
          db,
          shippedDir,
          dir,
          keep,
          logger: silentLogger(),
          now: () => clock,
        });
      },
      async store() {
        if (database === undefined) throw new Error("no test database");
        const db = openPostgres(database.url, { max: 3 });
        pools.push(db);
        return postgresVersionStore({
          driver: postgresDriver(db),
          dir,
          logger: silentLogger(),
          now: () => clock,
        });
      },
      async tearDown() {
        for (const pool of pools.splice(0)) await pool.end();
        await database?.drop();
      },
    };
  })(),
];

describe.each(backends)("the registry's rules on $name", (backend) => {
  describe.skipIf(!backend.available)(`${backend.name} versions`, () => {
    beforeEach(() => backend.setUp());
    afterEach(() => backend.tearDown());

    it("GIVEN nothing promoted THEN the shipped model is the champion, and there is no earlier one to roll back to", async () => {
      const registry = await backend.open();
      expect(await registry.champion("1d")).toMatchObject({
        id: SHIPPED_ID,
        dir: join(shippedDir, "1d"),
        promotedAt: null,
      });
      expect((await registry.champion("1d")).version).toBe(
        modelVersion(handMadeMeta({ dataHash: "sha256:00000000" })),
      );
      await expect(registry.rollback("1d")).rejects.toMatchObject({ code: "no-earlier-version" });
    });

    it("GIVEN its store THEN the registry declares what it can do", async () => {
      const registry = await backend.open();
      expect(registry.has).toEqual({ sharedVersions: backend.sharedVersions });
      expect(registry.files.localPath(join(shippedDir, "1d"))).toBe(join(shippedDir, "1d"));
    });

    it("GIVEN a promoted challenger THEN it serves, also for a registry opened afresh on the same data", async () => {
      const registry = await backend.open();
      const id = await promoted(registry, 1);
      const expected = { id, promotedAt: T0 + HOUR, reason: "challenger 1 not worse" };
      expect(await registry.champion("1d")).toMatchObject(expected);
      const fresh = await backend.open();
      expect(await fresh.champion("1d")).toMatchObject(expected);
      expect((await fresh.champion("1d")).meta.dataHash).toBe("sha256:00000001");
    });

    it("GIVEN keep 2 and five promotions THEN the champion, the 2 newest earlier versions and the shipped one are listed", async () => {
      const registry = await backend.open(2);
      const ids = [];
      for (let n = 1; n <= 5; n++) ids.push(await promoted(registry, n));
      expect((await registry.versions("1d")).map((v) => [v.id, v.champion])).toEqual([
        [ids[4], true],
        [ids[3], false],
        [ids[2], false],
        [SHIPPED_ID, false],
      ]);
    });

    it("GIVEN a lost challenger and a newer one training THEN a promotion removes the lost one only; discard removes the other", async () => {
      const registry = await backend.open();
      const lost = await staged(registry, 1);
      const winner = await staged(registry, 2);
      const training = await staged(registry, 3);
      await registry.promote("1d", winner, "won");
      expect((await registry.versions("1d")).map((v) => v.id)).toEqual([winner, SHIPPED_ID]);
      await expect(registry.promote("1d", lost, "late")).rejects.toThrow();
      await registry.discard("1d", training);
      await expect(registry.promote("1d", training, "discarded")).rejects.toThrow();
      expect((await registry.champion("1d")).id).toBe(winner);
    });

    it("GIVEN a challenger judged against a champion another process has replaced since THEN promoting it over that champion changes nothing", async () => {
      const registry = await backend.open();
      const judgedAgainst = (await registry.champion("1d")).id;
      const late = await staged(registry, 1);
      // Another process: its own challenger, staged and promoted while this one was still being judged.
      const other = await backend.open();
      const theirs = await staged(other, 2);
      expect(await other.promote("1d", theirs, "won elsewhere", judgedAgainst)).toBe(true);
      expect(await registry.promote("1d", late, "judged against the shipped model", judgedAgainst)).toBe(
        false,
      );
      expect((await registry.champion("1d")).id).toBe(theirs);
    });

    it("GIVEN a promotion killed after its mark and before the pointer switch THEN the old champion serves and `model list` never calls the other promoted", async () => {
      const registry = await backend.open();
      const champion = await promoted(registry, 1);
      const store = await backend.store();
      // The process dies between markPromoted and writePointer: the pointer is never switched.
      const killed = registryOver(
        {
          ...store,
          write: (tf, task) =>
            store.write(tf, (w) =>
              task({
                ...w,
                writePointer: async () => {
                  throw new Error("killed before the pointer switch");
                },
              }),
            ),
        },
        { shippedDir, keep: 2, logger: silentLogger(), now: () => clock },
      );
      const cut = await staged(registry, 2);
      await expect(killed.promote("1d", cut, "challenger 2 not worse")).rejects.toThrow(/killed/);
      const fresh = await backend.open();
      expect((await fresh.champion("1d")).id).toBe(champion);
      const listed = await fresh.versions("1d");
      // What `model list` calls promoted: the versions that served, never the one cut short.
      expect(listed.filter((v) => v.promotedAt !== null && !v.neverServed).map((v) => v.id)).toEqual([
        champion,
      ]);
      // A later promotion still goes through, and the version that served stays its rollback target.
      const next = await promoted(fresh, 3);
      expect((await fresh.rollback("1d")).id).toBe(champion);
      expect((await fresh.versions("1d")).find((v) => v.id === next)?.neverServed).toBe(false);
    });

    it("GIVEN a promoted version THEN discard refuses to delete it", async () => {
      const registry = await backend.open();
      const id = await promoted(registry, 1);
      await expect(registry.discard("1d", id)).rejects.toThrow(/was promoted/);
    });

    it("GIVEN two promotions THEN rollback without an id restores the previous champion, then the one rolled back from", async () => {
      const registry = await backend.open();
      const first = await promoted(registry, 1);
      const second = await promoted(registry, 2);
      clock += HOUR;
      const restored = await registry.rollback("1d");
      expect(restored).toMatchObject({ id: first, promotedAt: clock, reason: `rollback from ${second}` });
      expect(restored).not.toHaveProperty("champion");
      expect((await (await backend.open()).champion("1d")).id).toBe(first);
      expect((await registry.rollback("1d")).id).toBe(second);
    });

    it("GIVEN one promotion THEN rollback returns to the shipped model, and forward again", async () => {
      const registry = await backend.open();
      const id = await promoted(registry, 1);
      expect((await registry.rollback("1d", SHIPPED_ID)).id).toBe(SHIPPED_ID);
      expect((await registry.champion("1d")).id).toBe(SHIPPED_ID);
      expect((await registry.versions("1d")).map((v) => v.id)).toEqual([id, SHIPPED_ID]);
      expect((await registry.rollback("1d")).id).toBe(id);
    });

    it("GIVEN an unknown id THEN rollback fails with a UserError listing the known ids", async () => {
      const registry = await backend.open();
      const id = await promoted(registry, 1);
      const failure = await registry.rollback("1d", "20990101T000000Z-dead").catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(UserError);
      expect(failure).toMatchObject({ code: "unknown-version" });
      expect((failure as UserError).message).toContain(`Versions: ${id}, shipped.`);
      expect((failure as UserError).suggestions).toEqual([id, SHIPPED_ID]);
      await expect(registry.rollback("1d", "../../etc")).rejects.toThrow(UserError);
    });
  });
});

/** What only the file store shows: its folders, champion.json and promotion markers. */
describe("the file registry on disk", () => {
  it("GIVEN a clock THEN version ids read as UTC seconds plus 4 hex digits and sort by time", () => {
    const id = newVersionId(T0);
    expect(id).toMatch(/^20260121T030000Z-[0-9a-f]{4}$/);
    expect(newVersionId(T0 + 1000) > id).toBe(true);
  });

  it("GIVEN a promoted challenger THEN it serves, also for a registry created afresh on the same folder", async () => {
    const registry = registryWith();
    const id = await promoted(registry, 1);
    const expected = { id, promotedAt: T0 + HOUR, reason: "challenger 1 not worse" };
    expect(await registry.champion("1d")).toMatchObject(expected);
    expect(await registryWith().champion("1d")).toMatchObject(expected);
    expect((await registryWith().champion("1d")).meta.dataHash).toBe("sha256:00000001");
    const pointer = JSON.parse(await readFile(join(dir, "1d", "champion.json"), "utf8"));
    expect(pointer).toMatchObject({ id, history: [{ id: SHIPPED_ID, promotedAt: null }] });
  });

  it("GIVEN keep 2 THEN promotion keeps the champion and the 2 newest earlier versions, and the shipped one", async () => {
    const registry = registryWith(2);
    const ids = [];
    for (let n = 1; n <= 5; n++) ids.push(await promoted(registry, n));
    expect(await versionDirs()).toEqual(ids.slice(2));
    const listed = await registry.versions("1d");
    expect(listed.map((v) => [v.id, v.champion])).toEqual([
      [ids[4], true],
      [ids[3], false],
      [ids[2], false],
      [SHIPPED_ID, false],
    ]);
  });

  it("GIVEN a lost challenger and a crashed training THEN both are gone after the next promotion, a newer one stays", async () => {
    const registry = registryWith();
    await staged(registry, 1);
    const crashed = `.${newVersionId(clock)}.tmp-abc123`;
    await mkdir(join(dir, "1d", "versions", crashed));
    const winner = await staged(registry, 2);
    const training = await staged(registry, 3);
    await registry.promote("1d", winner, "won");
    expect(await versionDirs()).toEqual([winner, training]);
    expect((await registry.versions("1d")).map((v) => v.id)).toEqual([winner, SHIPPED_ID]);

    await registry.discard("1d", training);
    expect(await versionDirs()).toEqual([winner]);
  });

  it("GIVEN champion.json pointing at a broken version THEN the newest valid kept version serves, with a warning", async () => {
    const registry = registryWith();
    const older = await promoted(registry, 1);
    const newer = await promoted(registry, 2);
    await rm(join(dir, "1d", "versions", newer, "weights.bin"));
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const watched = createModelRegistry({ shippedDir, dir, keep: 2, logger });
    expect((await watched.champion("1d")).id).toBe(older);
    expect(lines.join("")).toContain(`serving ${older}, a fallback: the champion pointer names ${newer}`);
    await rm(join(dir, "1d", "versions", older), { recursive: true });
    expect((await registry.champion("1d")).id).toBe(SHIPPED_ID);
  });
});
