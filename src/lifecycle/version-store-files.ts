import { randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import {
  CHAMPION_FILE,
  checkedMeta,
  ID_PATTERN,
  LEFTOVER_PATTERN,
  type Pointer,
  PROMOTION_FILE,
  parseJson,
  pointerSchema,
  readPromotion,
} from "./model-version-files.js";
import type { PromotedVersion, StagedEntry, VersionStore, VersionWriter } from "./version-store.js";

/**
 * Versions as folders: `<dir>/<timeframe>/versions/<id>/` (a promotion.json inside marks it promoted) and
 * `<dir>/<timeframe>/champion.json`, a small file replaced atomically, so a crash leaves either the old
 * or the new champion. Writes of one timeframe take turns within this process.
 */
export function fileVersionStore(options: { dir: string; logger: Logger }): VersionStore {
  const { dir, logger } = options;
  const root = (tf: ModelTimeframe) => join(dir, tf);
  const versionsDir = (tf: ModelTimeframe) => join(root(tf), "versions");
  const dirOf = (tf: ModelTimeframe, id: string) => join(versionsDir(tf), id);
  const turns = new Map<ModelTimeframe, Promise<unknown>>();

  const promoted = async (tf: ModelTimeframe): Promise<PromotedVersion[]> => {
    const ids = (await names(tf)).filter((n) => ID_PATTERN.test(n));
    const marks = await Promise.all(ids.map((id) => readPromotion(dirOf(tf, id))));
    const found: PromotedVersion[] = [];
    ids.forEach((id, i) => {
      const mark = marks[i];
      if (mark !== null && mark !== undefined) found.push({ id, ...mark });
    });
    return found.sort((a, b) => b.id.localeCompare(a.id));
  };
  const names = (tf: ModelTimeframe) => readdir(versionsDir(tf)).catch(() => [] as string[]);

  const writer: VersionWriter = {
    promoted,
    async staged(tf) {
      const entries: StagedEntry[] = [];
      for (const name of await names(tf)) {
        const leftover = LEFTOVER_PATTERN.exec(name)?.[1];
        if (leftover !== undefined) entries.push({ name, id: leftover, leftover: true });
        else if (ID_PATTERN.test(name) && (await readPromotion(dirOf(tf, name))) === null)
          entries.push({ name, id: name, leftover: false });
      }
      return entries;
    },
    savedMeta: (tf, id) => checkedMeta(dirOf(tf, id)),
    isPromoted: async (tf, id) => (await readPromotion(dirOf(tf, id))) !== null,
    async markPromoted(tf, id, promotion) {
      if ((await readPromotion(dirOf(tf, id))) !== null) return;
      await writeFileAtomic(join(dirOf(tf, id), PROMOTION_FILE), `${JSON.stringify(promotion)}\n`, {
        fsync: true,
      });
    },
    writePointer: (tf, pointer) =>
      writeFileAtomic(join(root(tf), CHAMPION_FILE), `${JSON.stringify(pointer, null, 2)}\n`, {
        fsync: true,
      }),
    async remove(tf, doomed) {
      for (const name of doomed) {
        let path = join(versionsDir(tf), name);
        // Renamed aside first, so that a half-deleted folder never looks like a version.
        if (ID_PATTERN.test(name)) {
          const aside = `${path}.old-${randomBytes(4).toString("hex")}`;
          const moved = await rename(path, aside).then(
            () => true,
            () => false,
          );
          if (!moved) continue;
          path = aside;
        }
        await rm(path, { recursive: true, force: true });
      }
    },
  };

  return {
    has: { sharedVersions: false },
    // One machine (or a shared DATA_DIR volume): a job's folders are read as they are.
    files: {
      localize: async (folder) => folder,
      localPath: (folder) => folder,
      upload: async () => undefined,
    },
    dirOf,
    async pointer(tf) {
      const file = join(root(tf), CHAMPION_FILE);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        // Unreadable is treated as corrupt: serving something beats failing every forecast.
        logger.warn({ timeframe: tf, file, err: error }, "champion.json unreadable: ignored");
        return "corrupt";
      }
      const parsed = pointerSchema.safeParse(parseJson(text));
      if (parsed.success) return parsed.data satisfies Pointer;
      logger.warn({ timeframe: tf, file }, "champion.json is corrupt: ignored");
      return "corrupt";
    },
    promoted,
    describe: (tf, id) => checkedMeta(dirOf(tf, id)),
    localize: async () => undefined,
    async isFree(tf, id) {
      await mkdir(versionsDir(tf), { recursive: true });
      return access(dirOf(tf, id)).then(
        () => false,
        () => true,
      );
    },
    write<T>(tf: ModelTimeframe, task: (w: VersionWriter) => Promise<T>): Promise<T> {
      const run = (turns.get(tf) ?? Promise.resolve()).then(
        () => task(writer),
        () => task(writer),
      );
      turns.set(
        tf,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}
