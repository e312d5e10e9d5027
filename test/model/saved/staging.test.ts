import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writeDirectoryAtomic } from "../../../src/model/saved/model-io.js";
import { STALE_STAGING_MS } from "../../../src/model/saved/staging.js";
import { until } from "../../helpers/processes.js";

let models: string;
beforeEach(async () => {
  models = await mkdtemp(join(tmpdir(), "coincast-staging-"));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(models, { recursive: true, force: true });
});

const fillMeta = (staging: string) => writeFile(join(staging, "meta.json"), "{}\n");

/** A staging folder as a killed save leaves it, last touched `ageMs` ago. */
async function leftover(name: string, ageMs: number): Promise<void> {
  await mkdir(join(models, name, "seed-42"), { recursive: true });
  const then = new Date(Date.now() - ageMs);
  await utimes(join(models, name), then, then);
}

describe("writeDirectoryAtomic's staging folder", () => {
  it("GIVEN a save THEN the model's folder is readable by other users (0755), not mkdtemp's 0700", async () => {
    await writeDirectoryAtomic(join(models, "1d"), fillMeta);
    expect((await stat(join(models, "1d"))).mode & 0o777).toBe(0o755);
  });

  it("GIVEN staging folders a killed save left THEN the next save removes the stale ones only", async () => {
    await leftover(".1d.tmp-KILLED", STALE_STAGING_MS + 60_000);
    // Touched within the last ten minutes: another process may be writing it.
    await leftover(".1d.tmp-LIVE00", 60_000);
    // Another model's, stale but not this save's to judge.
    await leftover(".4h.tmp-OTHER0", STALE_STAGING_MS + 60_000);
    await writeDirectoryAtomic(join(models, "1d"), fillMeta);
    expect((await readdir(models)).sort()).toEqual([".1d.tmp-LIVE00", ".4h.tmp-OTHER0", "1d"]);
  });

  it("GIVEN a fill that takes long (a seed ensemble training) THEN its staging folder is touched every minute, so no other save takes it for stale", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const old = new Date(Date.now() - STALE_STAGING_MS);
    await writeDirectoryAtomic(join(models, "1d"), async (staging) => {
      await utimes(staging, old, old);
      vi.advanceTimersByTime(60_000);
      await until("the heartbeat", async () => (await stat(staging)).mtimeMs > old.getTime() + 1000, 5000);
      await fillMeta(staging);
    });
    expect(await readdir(models)).toEqual(["1d"]);
  });
});
