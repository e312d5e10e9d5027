import { randomBytes } from "node:crypto";
import { access, mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ModelTimeframe } from "../model/horizons.js";
import { replaceFile } from "../storage/durable-file.js";
import {
  CHAMPION_FILE,
  CHAMPION_LOG,
  checkedMeta,
  ID_PATTERN,
  LEFTOVER_PATTERN,
  lastLoggedPointer,
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
 * or the new champion; every switch is also appended to `champions.log` beside it, from which a damaged
 * or lost champion.json is recovered. Writes of one timeframe take turns within this process.
 */
export function fileVersionStore(options: { dir: string }): VersionStore {
  const { dir } = options;
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
  const recorded = (tf: ModelTimeframe) =>
    readFile(join(root(tf), CHAMPION_LOG), "utf8").then(lastLoggedPointer, () => null);
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
      await replaceFile(join(dirOf(tf, id), PROMOTION_FILE), `${JSON.stringify(promotion)}\n`);
    },
    async writePointer(tf, pointer) {
      // Recorded first: a full disk fails the switch before it happens, and a crash between leaves a
      // record of the switch the command was asked for, which serves only if champion.json is lost.
      await appendLine(join(root(tf), CHAMPION_LOG), JSON.stringify(pointer));
      // Replaced atomically (a temporary file renamed over it): a reader sees the old pointer or the new.
      await replaceFile(join(root(tf), CHAMPION_FILE), `${JSON.stringify(pointer, null, 2)}\n`);
    },
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
        const code = (error as NodeJS.ErrnoException).code;
        // Lost after a switch was recorded (removed by hand, say) is as damaged as unreadable.
        const recovered = await recorded(tf);
        if (code === "ENOENT")
          return recovered === null ? null : { corrupt: `${CHAMPION_FILE} is missing`, recovered };
        return { corrupt: `${CHAMPION_FILE} is unreadable (${code ?? (error as Error).message})`, recovered };
      }
      const parsed = pointerSchema.safeParse(parseJson(text));
      if (parsed.success) return parsed.data satisfies Pointer;
      return { corrupt: `${CHAMPION_FILE} is not a champion pointer`, recovered: await recorded(tf) };
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

/** Appends one line and syncs it; after a line torn by a full disk the new one starts a line of its own. */
async function appendLine(file: string, line: string): Promise<void> {
  const handle = await open(file, "a+");
  try {
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    await handle.write(`${size > 0 && last[0] !== 0x0a ? "\n" : ""}${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
