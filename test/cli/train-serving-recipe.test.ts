import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { ModelMeta } from "../../src/model/saved/model-io.js";
import { freePort, runCoincast } from "../helpers/processes.js";

const SHIPPED_MEMBER = fileURLToPath(new URL("../../models/1d/seed-42/", import.meta.url));
const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/**
 * A MODELS_DIR whose daily model is one member of the shipped global network, its recipe made cheap (one
 * epoch, every 200th window: seconds, not the minutes of the shipped recipe); `edit` changes its meta.json.
 */
async function globalChampion(edit: (meta: ModelMeta) => ModelMeta = (m) => m): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "coincast-train-recipe-"));
  roots.push(root);
  const dir = join(root, "1d");
  await mkdir(dir);
  await cp(SHIPPED_MEMBER, dir, { recursive: true });
  const meta = JSON.parse(await readFile(join(dir, "meta.json"), "utf8")) as ModelMeta;
  const cheap = { ...meta, hyperparameters: { ...meta.hyperparameters, epochs: 1, trainStride: 200 } };
  await writeFile(join(dir, "meta.json"), JSON.stringify(edit(cheap)));
  return root;
}

const train = (modelsDir: string, ...args: string[]) => trainWith({ MODELS_DIR: modelsDir }, ...args);
const trainWith = (env: Record<string, string>, ...args: string[]) =>
  runCoincast(["train", "--timeframe", "1d", "--workers", "1", ...args], env, {
    timeoutMs: 180_000,
  });
const savedMeta = async (modelsDir: string) =>
  JSON.parse(await readFile(join(modelsDir, "1d", "meta.json"), "utf8")) as ModelMeta;

describe("coincast train retrains the serving model's recipe, not the plain one", () => {
  it("GIVEN a global HAR-anchored champion and no flags THEN the saved network is global again: anchored, on the corpus, its stride", async () => {
    const modelsDir = await globalChampion();
    const result = await train(modelsDir);
    expect(result.stderr).not.toMatch(/error|refus/i);
    expect(result.code).toBe(0);
    // Its own recipe: nothing to warn of.
    expect(result.stdout).not.toMatch(/instead/);
    const meta = await savedMeta(modelsDir);
    expect(meta.anchor).toBeDefined();
    expect(meta.hyperparameters).toMatchObject({ anchor: "har", trainStride: 200, epochs: 1 });
    expect(meta.symbols.length).toBeGreaterThan(3);
  }, 200_000);

  it("GIVEN --no-global THEN the flag wins: the three-coin network, and the console said so before training", async () => {
    const modelsDir = await globalChampion();
    const result = await train(modelsDir, "--no-global", "--epochs", "1");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /serving now is a network as `coincast train --timeframe 1d --kind network --global --epochs 1 --stride 200` trains it; this run trains a network as `coincast train --timeframe 1d --kind network --epochs 1` trains it instead/,
    );
    const meta = await savedMeta(modelsDir);
    expect(meta.anchor).toBeUndefined();
    expect(meta.symbols).toEqual(["BTC/USDT", "ETH/USDT", "XRP/USDT"]);
  }, 200_000);

  it("GIVEN an anchored champion whose meta.json does not record the anchor THEN refused naming the flags, and the model is left as it was", async () => {
    const modelsDir = await globalChampion((m) => {
      const { anchor: _, ...hyperparameters } = m.hyperparameters;
      return { ...m, hyperparameters };
    });
    const before = await readFile(join(modelsDir, "1d", "weights.bin"));
    const result = await train(modelsDir, "--epochs", "1");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot be retrained as it was.*`--global`.*`--no-global`/s);
    expect(await readFile(join(modelsDir, "1d", "weights.bin"))).toEqual(before);
  }, 200_000);

  it("GIVEN DATABASE_URL naming a closed port and --kind har THEN it refits all the same: a statistical refit never opens the registry", async () => {
    const modelsDir = await globalChampion();
    const port = await freePort();
    const result = await trainWith(
      { MODELS_DIR: modelsDir, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nodb` },
      "--kind",
      "har",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^The 1d model in models\/1d\/ is a network as `coincast train --timeframe 1d --kind network --global --epochs 1 --stride 200` trains it; this run trains har instead, and saves it in its place\.\nSaved .*\(1d, har,/,
    );
    expect(await savedMeta(modelsDir)).toMatchObject({ kind: "statistical", members: ["har"] });
  }, 60_000);
});
