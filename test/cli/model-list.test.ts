import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/coincast.mjs", import.meta.url));
const SHIPPED = fileURLToPath(new URL("../../models/1d", import.meta.url));
const ID = "20260121T030000Z-a1b2";

/** `coincast model list` of the 1d model over `dataDir`, run as the bin. */
const modelList = (dataDir: string) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [BIN, "model", "list", "--timeframe", "1d"],
      {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: dataDir,
          LOG_LEVEL: "silent",
          COINCAST_QUIET_SOURCE_RUN: "1",
        },
      },
      (error, out, stderr) => (error === null ? resolve(out) : reject(new Error(`${error}: ${stderr}`))),
    ),
  );

describe("`coincast model list` with a damaged champion pointer", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coincast-model-list-"));
    const version = join(dataDir, "models", "1d", "versions", ID);
    await cp(SHIPPED, version, { recursive: true });
    await writeFile(join(version, "promotion.json"), JSON.stringify({ promotedAt: 0, reason: "test" }));
    await writeFile(join(dataDir, "models", "1d", "champion.json"), '{"id": ');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("GIVEN champion.json corrupt and no switch recorded THEN the list says which version serves and why", async () => {
    const stdout = await modelList(dataDir);
    expect(stdout).toContain(
      `1d:\n  ! serving ${ID}, a fallback: champion.json is not a champion pointer and no champion switch is ` +
        `recorded: the newest promoted version (${ID}) is the guess\n  * ${ID}`,
    );
  });
});

describe("`coincast model list` after a promotion killed before its pointer switch", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coincast-model-list-"));
    const version = join(dataDir, "models", "1d", "versions", ID);
    await cp(SHIPPED, version, { recursive: true });
    const promotedAt = Date.UTC(2026, 11, 8, 0, 20);
    await writeFile(join(version, "promotion.json"), JSON.stringify({ promotedAt, reason: "not worse" }));
    // The shipped model still serves: the pointer was never switched to the marked version.
    await writeFile(
      join(dataDir, "models", "1d", "champion.json"),
      JSON.stringify({ id: "shipped", promotedAt: 0, reason: "rollback", history: [] }),
    );
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("GIVEN a version marked promoted that never served THEN it is listed as staged, never served, not as promoted", async () => {
    const stdout = await modelList(dataDir);
    expect(stdout).toMatch(new RegExp(`^ {4}${ID} .*, staged, never served`, "m"));
    expect(stdout).toMatch(/^ {2}\* shipped /m);
    expect(stdout).not.toMatch(/promoted 2026-12-08/);
  });
});
