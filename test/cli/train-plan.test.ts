import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { planTrain } from "../../src/cli/train-plan.js";
import { ConfigError } from "../../src/errors.js";
import type { ModelRegistry } from "../../src/lifecycle/model-registry.js";
import { fileRegistry } from "../helpers/file-registry.js";
import { handMadeMeta } from "../helpers/hand-made-meta.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A file registry whose 1d shipped model (models/1d) is a hand-made three-coin network. */
async function registryHere() {
  const files = await fileRegistry();
  cleanups.push(files.remove);
  const registry = files.open();
  const modelVersions = vi.fn(async (): Promise<ModelRegistry> => registry);
  return { files, registry, services: { config: { modelsDir: files.shippedDir }, modelVersions } };
}

const UNREACHABLE = new ConfigError(
  "Invalid configuration:\n  DATABASE_URL: a PostgreSQL server that lets Coincast in, at 127.0.0.1:1, " +
    "database nodb as postgres; nothing listens there (connection refused)",
);

describe("train plans without the model registry unless it repeats the serving network's recipe", () => {
  it("GIVEN --kind har THEN the registry is never opened, and the note names models/1d, the model it replaces", async () => {
    const { services } = await registryHere();
    services.modelVersions.mockRejectedValue(UNREACHABLE);
    const { plans, notes } = await planTrain(services, ["1d"], { kind: "har" });
    expect(plans.get("1d")).toEqual(["har"]);
    expect(services.modelVersions).not.toHaveBeenCalled();
    expect(notes).toEqual([
      expect.stringMatching(
        /^The 1d model in models\/1d\/ is a network as `coincast train --timeframe 1d --kind network --epochs \d+` trains it; this run trains har instead, and saves it in its place\.$/,
      ),
    ]);
  });

  it("GIVEN a recipe the flags say in full THEN the registry is not opened either", async () => {
    const { services } = await registryHere();
    const flags = { kind: "network", global: true, epochs: "1", stride: "9", market: false, seeds: "1" };
    const { plans } = await planTrain(services, ["1d"], flags);
    expect(plans.get("1d")).toMatchObject({ global: true, epochs: 1, stride: 9, seeds: 1 });
    expect(services.modelVersions).not.toHaveBeenCalled();
    await planTrain(services, ["1d"], { kind: "network", global: true, epochs: "1" });
    expect(services.modelVersions).toHaveBeenCalledOnce();
  });

  it("GIVEN no --kind and a registry that cannot be opened THEN said once, and models/<tf>'s meta.json gives the recipe", async () => {
    const { services } = await registryHere();
    services.modelVersions.mockRejectedValue(UNREACHABLE);
    const { plans, notes } = await planTrain(services, ["1d", "4h"], {});
    expect(plans.get("1d")).toMatchObject({ global: false, epochs: handMadeMeta().hyperparameters.epochs });
    // No 4h model in the folder: the three-coin network, as where none serves.
    expect(plans.get("4h")).toMatchObject({ global: false, seeds: 1 });
    expect(notes).toEqual([
      "The model registry cannot be opened (Invalid configuration: DATABASE_URL: a PostgreSQL server that lets " +
        "Coincast in, at 127.0.0.1:1, database nodb as postgres; nothing listens there (connection refused)): " +
        "train reads how the model was made from models/<timeframe>/meta.json instead.",
    ]);
  });
});

describe("train's note when a retrained version is the registry's champion", () => {
  it("GIVEN a promoted champion THEN the note says train saves to models/1d and the champion goes on serving, which it does", async () => {
    const { files, registry, services } = await registryHere();
    const id = await files.promoted(registry, 1);
    const same = await planTrain(services, ["1d"], {});
    expect(same.notes).toEqual([
      `The 1d model serving now is the registry's champion, ${id}; this run trains it again as it was made and ` +
        `saves it to models/1d/, the shipped model's folder: the registry's champion is unchanged, ${id} goes on ` +
        "serving (`coincast model rollback --timeframe 1d shipped` serves the new one).",
    ]);
    const other = await planTrain(services, ["1d"], { global: true });
    expect(other.notes[0]).toMatch(
      new RegExp(
        `^The 1d model serving now is the registry's champion, ${id}, a network as .*; this run trains a network ` +
          "as `coincast train --timeframe 1d --kind network --global` trains it instead and saves it to models/1d/",
      ),
    );
    // What the note says: train writing models/1d (the shipped version) leaves the champion pointer as it was.
    await writeFile(
      join(files.shippedDir, "1d", "meta.json"),
      JSON.stringify(handMadeMeta({ dataHash: "sha256:99999999" })),
    );
    expect((await files.open().champion("1d")).id).toBe(id);
    expect((await files.open().rollback("1d", "shipped")).meta.dataHash).toBe("sha256:99999999");
  });

  it("GIVEN the shipped model serving THEN nothing is said of a recipe it repeats", async () => {
    const { services } = await registryHere();
    expect((await planTrain(services, ["1d"], {})).notes).toEqual([]);
    expect((await planTrain(services, ["1d"], { global: false, epochs: "1" })).notes[0]).toMatch(
      /^The 1d model serving now is a network as .*; this run trains .* instead, and saves it in its place, models\/1d\/\.$/,
    );
  });
});
