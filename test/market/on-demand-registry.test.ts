import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import {
  addChanges,
  type Change,
  type Entry,
  mergeChanges,
  openRegistryFile,
} from "../../src/market/on-demand-registry.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { folderPerTest } from "../helpers/on-demand-ground.js";

const ground = folderPerTest("coincast-on-demand-registry-");
const entry = (symbol: string, lastUsed: number, checkedAt = lastUsed): Entry => ({
  symbol,
  lastUsed,
  checkedAt,
});
const change = (symbol: string, lastUsed: number, checkedAt = lastUsed, adopted = false): Change => ({
  ...entry(symbol, lastUsed, checkedAt),
  adopted,
});
const symbolsIn = async (file: string) =>
  (JSON.parse(await readFile(file, "utf8")) as { symbols: Entry[] }).symbols.map((e) => e.symbol);
const keepAll = { maxSymbols: 100, stored: async () => true, drop: async () => {} };

describe("merging one replica's changes into the file", () => {
  it("GIVEN a pair in both THEN it takes the later lastUsed and the later checkedAt, each on its own", () => {
    const merged = mergeChanges([entry("SOL/USDT", 10, 50)], [change("SOL/USDT", 30, 20)]);
    expect(merged).toEqual([entry("SOL/USDT", 30, 50)]);
  });

  it("GIVEN a pair the file lacks THEN it is added only if this replica adopted it; the file's other pairs stay", () => {
    const base = [entry("BNB/USDT", 5)];
    const merged = mergeChanges(base, [change("SOL/USDT", 9, 9, true), change("DOGE/USDT", 9)]);
    expect(merged.map((e) => e.symbol)).toEqual(["BNB/USDT", "SOL/USDT"]);
    expect(base).toEqual([entry("BNB/USDT", 5)]);
  });

  it("GIVEN two changes to one pair before a sync THEN they fold into one: the later times, adopted if either was", () => {
    const pending = new Map<string, Change>();
    addChanges(pending, [change("SOL/USDT", 10, 40, true)]);
    addChanges(pending, [change("SOL/USDT", 30, 20)]);
    expect([...pending.values()]).toEqual([change("SOL/USDT", 30, 40, true)]);
  });
});

describe("the registry file", () => {
  it("GIVEN no file, then malformed entries THEN read gives none, then only the well-formed ones", async () => {
    const file = join(ground.dir, "on-demand.json");
    const registry = openRegistryFile(file, silentLogger());
    expect(await registry.read()).toEqual([]);
    await writeFile(
      file,
      JSON.stringify({ symbols: [entry("SOL/USDT", 1), { symbol: "../x" }, { symbol: "BNB/USDT" }] }),
    );
    expect(await registry.read()).toEqual([entry("SOL/USDT", 1), entry("BNB/USDT", 0)]);
  });

  it("GIVEN more pairs than maxSymbols THEN the most recently used are written, and the others dropped after the write, oldest first", async () => {
    const file = join(ground.dir, "candles", "binance", "on-demand.json");
    const registry = openRegistryFile(file, silentLogger());
    await registry.update([change("SOL/USDT", 1, 1, true), change("BNB/USDT", 3, 3, true)], keepAll);
    const dropped: { symbol: string; inFile: string[] }[] = [];
    const kept = await registry.update([change("DOGE/USDT", 2, 2, true), change("ADA/USDT", 4, 4, true)], {
      ...keepAll,
      maxSymbols: 2,
      drop: async (e) => void dropped.push({ symbol: e.symbol, inFile: await symbolsIn(file) }),
    });
    expect(kept.map((e) => e.symbol)).toEqual(["ADA/USDT", "BNB/USDT"]);
    expect(await symbolsIn(file)).toEqual(["ADA/USDT", "BNB/USDT"]);
    expect(dropped).toEqual([
      { symbol: "SOL/USDT", inFile: ["ADA/USDT", "BNB/USDT"] },
      { symbol: "DOGE/USDT", inFile: ["ADA/USDT", "BNB/USDT"] },
    ]);
  });

  it("GIVEN a pair adopted here whose candles another replica dropped since THEN it is not added; one the file holds is merged without a look", async () => {
    const file = join(ground.dir, "on-demand.json");
    const registry = openRegistryFile(file, silentLogger());
    await registry.update([change("BNB/USDT", 1, 1, true)], keepAll);
    const looked: string[] = [];
    const stored = async (symbol: string) => {
      looked.push(symbol);
      return symbol !== "SOL/USDT";
    };
    const changes = [
      change("SOL/USDT", 2, 2, true),
      change("DOGE/USDT", 3, 3, true),
      change("BNB/USDT", 4, 4, true),
    ];
    const kept = await registry.update(changes, { ...keepAll, stored });
    expect(kept.map((e) => e.symbol)).toEqual(["BNB/USDT", "DOGE/USDT"]);
    expect(looked).toEqual(["SOL/USDT", "DOGE/USDT"]);
  });

  it("GIVEN ten saves at once from two handles THEN none is lost: each waits for the lock", async () => {
    const file = join(ground.dir, "on-demand.json");
    const handles = [openRegistryFile(file, silentLogger()), openRegistryFile(file, silentLogger())];
    const pairs = Array.from({ length: 10 }, (_, i) => `P${i}/USDT`);
    await Promise.all(
      pairs.map((symbol, i) => handles[i % 2]?.update([change(symbol, i, i, true)], keepAll)),
    );
    expect((await symbolsIn(file)).sort()).toEqual([...pairs].sort());
  });

  it("GIVEN a lock whose holder was killed while it was fresh THEN a save waits until it is stale, then takes it over", async () => {
    const file = join(ground.dir, "on-demand.json");
    await mkdir(`${file}.lock`);
    // Last refreshed 8 s ago: stale (10 s) in 2 s, and no live holder refreshes it.
    const refreshed = new Date(Date.now() - 8_000);
    await utimes(`${file}.lock`, refreshed, refreshed);
    const started = Date.now();
    await openRegistryFile(file, silentLogger()).update([change("SOL/USDT", 1, 1, true)], keepAll);
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(await symbolsIn(file)).toEqual(["SOL/USDT"]);
  });

  it("GIVEN a malformed file THEN a save starts from empty and says so; GIVEN one that cannot be read (a folder) THEN the save fails", async () => {
    const file = join(ground.dir, "on-demand.json");
    const log = captureLogger();
    const registry = openRegistryFile(file, log.logger);
    await writeFile(file, "{ not json");
    await registry.update([change("SOL/USDT", 1, 1, true)], keepAll);
    expect(await symbolsIn(file)).toEqual(["SOL/USDT"]);
    expect(log.lines.map((l) => l.msg)).toContain("on-demand registry unreadable; read as empty");

    const folder = join(ground.dir, "a-folder.json");
    await mkdir(folder);
    await expect(
      openRegistryFile(folder, silentLogger()).update([change("SOL/USDT", 1, 1, true)], keepAll),
    ).rejects.toThrow(/EISDIR/);
  });
});
