import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeFallback } from "../../src/lifecycle/champion-fallback.js";
import { SHIPPED_ID } from "../../src/lifecycle/model-registry.js";
import { fileRegistry } from "../helpers/file-registry.js";

let files: Awaited<ReturnType<typeof fileRegistry>>;
beforeEach(async () => {
  files = await fileRegistry();
});
afterEach(() => files.remove());

/** Two promotions, then the operator rolls back to the first: [first, second]. */
async function rolledBack() {
  const registry = files.open();
  const first = await files.promoted(registry, 1);
  const second = await files.promoted(registry, 2);
  files.later();
  expect((await registry.rollback("1d")).id).toBe(first);
  return [first, second] as const;
}

describe("a damaged champion.json", () => {
  it("GIVEN a rollback and then champion.json truncated THEN the version rolled back to still serves, says it was recovered, and the next rollback goes where it would have", async () => {
    const [first, second] = await rolledBack();
    await writeFile(files.pointerFile, '{"id": ');
    const fresh = files.open();
    const champion = await fresh.champion("1d");
    expect(champion).toMatchObject({ id: first, reason: `rollback from ${second}` });
    expect(champion.fallback).toMatchObject({ source: "recorded", wanted: first });
    const listed = (await fresh.versions("1d")).find((v) => v.champion);
    expect(listed?.id).toBe(first);
    expect(describeFallback(first, listed?.fallback ?? { source: "pointer", wanted: "", failures: [] })).toBe(
      `serving ${first}, recovered: champion.json is not a champion pointer; the last recorded champion switch names ${first}`,
    );
    expect(files.warnings()).toEqual([
      `serving ${first}, recovered: champion.json is not a champion pointer; the last recorded champion switch names ${first}`,
    ]);
    // The rollback history came back with it.
    expect((await fresh.rollback("1d")).id).toBe(second);
    expect(await fresh.champion("1d")).not.toHaveProperty("fallback");
  });

  it("GIVEN champion.json removed by hand after a rollback THEN the version rolled back to serves, not the shipped one", async () => {
    const [first] = await rolledBack();
    await rm(files.pointerFile);
    expect(await files.open().champion("1d")).toMatchObject({
      id: first,
      fallback: { source: "recorded", damage: "champion.json is missing" },
    });
  });

  it("GIVEN the record's last line torn by a full disk THEN the last whole switch serves, and the next switch is a line of its own", async () => {
    const [first, second] = await rolledBack();
    await appendFile(files.logFile, `{"id":"${second}","promotedAt":`);
    await writeFile(files.pointerFile, "");
    const registry = files.open();
    expect((await registry.champion("1d")).id).toBe(first);
    files.later();
    expect((await registry.rollback("1d", SHIPPED_ID)).id).toBe(SHIPPED_ID);
    await writeFile(files.pointerFile, "garbage");
    expect((await files.open().champion("1d")).id).toBe(SHIPPED_ID);
    const lines = (await readFile(files.logFile, "utf8")).trimEnd().split("\n");
    expect(lines.map((line) => line.slice(0, 7))).toEqual([
      '{"id":"',
      '{"id":"',
      '{"id":"',
      '{"id":"',
      '{"id":"',
    ]);
  });

  it("GIVEN champion.json corrupt and no switch recorded THEN the newest promoted version serves, and list and log say it is a guess; an explicit rollback to it settles the pointer", async () => {
    const registry = files.open();
    const first = await files.promoted(registry, 1);
    const second = await files.promoted(registry, 2);
    await writeFile(files.pointerFile, '{"id": ');
    await rm(files.logFile);
    const why =
      `serving ${second}, a fallback: champion.json is not a champion pointer and no champion switch is ` +
      `recorded: the newest promoted version (${second}) is the guess`;
    const champion = (await registry.versions("1d")).find((v) => v.champion);
    expect(champion?.id).toBe(second);
    expect(
      describeFallback(second, champion?.fallback ?? { source: "pointer", wanted: "", failures: [] }),
    ).toBe(why);
    expect(files.warnings()).toEqual([why]);
    // A promotion keeps the earlier ones.
    const third = await files.promoted(registry, 3);
    expect((await registry.versions("1d")).map((v) => v.id)).toEqual([third, second, first, SHIPPED_ID]);
    await writeFile(files.pointerFile, "[]");
    expect((await registry.champion("1d")).fallback).toMatchObject({ source: "recorded", wanted: third });
    expect((await registry.rollback("1d", third)).id).toBe(third);
    expect(await registry.champion("1d")).not.toHaveProperty("fallback");
    expect(JSON.parse(await readFile(join(files.dir, "1d", "champion.json"), "utf8"))).toMatchObject({
      id: third,
    });
  });

  it("GIVEN champion.json corrupt and nothing promoted or recorded THEN the shipped model serves, said to be the guess", async () => {
    const registry = files.open();
    await registry.stage("1d");
    await writeFile(files.pointerFile, "{");
    expect((await registry.champion("1d")).id).toBe(SHIPPED_ID);
    expect(files.warnings()).toEqual([
      "serving shipped, a fallback: champion.json is not a champion pointer and no champion switch is recorded: " +
        "the shipped model (nothing is promoted) is the guess",
    ]);
  });

  it("GIVEN a promotion killed after its switch was recorded and before champion.json was replaced THEN the old champion serves and the other is listed as never served; champion.json lost, the recorded switch serves", async () => {
    const registry = files.open();
    const first = await files.promoted(registry, 1);
    const before = await readFile(files.pointerFile, "utf8");
    const second = await files.promoted(registry, 2);
    // The kill: the promotion mark and the log line are written, champion.json is still the old one.
    await writeFile(files.pointerFile, before);
    const listed = await files.open().versions("1d");
    expect(listed.map((v) => [v.id, v.champion, v.neverServed])).toEqual([
      [second, false, true],
      [first, true, false],
      [SHIPPED_ID, false, false],
    ]);
    // The mark came first, so what the log recovers is a version that can serve.
    await rm(files.pointerFile);
    expect(await files.open().champion("1d")).toMatchObject({
      id: second,
      fallback: { source: "recorded", wanted: second, failures: [] },
    });
  });
});
