import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createModelRegistry, type ModelRegistry } from "../../src/lifecycle/model-registry.js";
import type { ModelMeta } from "../../src/model/saved/model-meta.js";
import { handMadeMeta } from "./hand-made-meta.js";

const HOUR = 3_600_000;

/** A saved model as far as the registry looks: a valid meta.json beside placeholder weights. */
async function writeModel(path: string, meta: ModelMeta): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "meta.json"), JSON.stringify(meta));
  await writeFile(join(path, "model.json"), "{}");
  await writeFile(join(path, "weights.bin"), "");
}

/** A file registry of 1d versions in a temporary folder, its log lines kept (warn and above). */
export async function fileRegistry() {
  const root = await mkdtemp(join(tmpdir(), "coincast-registry-"));
  const shippedDir = join(root, "shipped");
  const dir = join(root, "data", "models");
  let clock = Date.UTC(2026, 0, 21, 3);
  await writeModel(join(shippedDir, "1d"), handMadeMeta({ dataHash: "sha256:00000000" }));
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  /** A registry over the folder: `open()` again is another process on the same data. */
  const open = (): ModelRegistry =>
    createModelRegistry({ shippedDir, dir, keep: 2, logger, now: () => clock });
  return {
    dir,
    /** config.modelsDir: models/1d, the shipped version, lives here. */
    shippedDir,
    /** What the registry logged at warn: their messages. */
    warnings: () => lines.filter((l) => l.level >= 40).map((l) => l.msg),
    pointerFile: join(dir, "1d", "champion.json"),
    logFile: join(dir, "1d", "champions.log"),
    open,
    /** Stages, "trains" and promotes a version an hour after the last; its dataHash names `n`. */
    async promoted(registry: ModelRegistry, n: number): Promise<string> {
      clock += HOUR;
      const { id, dir: path } = await registry.stage("1d");
      await writeModel(path, handMadeMeta({ dataHash: `sha256:${String(n).padStart(8, "0")}` }));
      await registry.promote("1d", id, `challenger ${n} not worse`);
      return id;
    },
    later: () => {
      clock += HOUR;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
