import { randomBytes } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { UserError } from "../errors.js";
import { MODEL_TIMEFRAMES, type ModelTimeframe } from "../model/horizons.js";
import { kindOf } from "../model/saved/forecasters.js";
import { ModelLoadError, readSavedMetas, type SavedMeta, savedModelDirs } from "../model/saved/model-io.js";

/** How the model registry keeps its versions on disk: ids, the champion pointer, promotion markers. */

export const ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;
/** What writeDirectoryAtomic leaves after a crash (`.<id>.tmp-*`), and what pruning renames aside (`<id>.old-*`). */
export const LEFTOVER_PATTERN = /^\.?(\d{8}T\d{6}Z-[0-9a-f]{4})\.(?:tmp|old)-/;
export const CHAMPION_FILE = "champion.json";
/**
 * Beside champion.json: every champion switch (promotion or rollback), one whole pointer a line, appended
 * before champion.json is replaced. Only read when champion.json is damaged or lost, to recover the last
 * switch the operator or a retrain made rather than guess.
 */
export const CHAMPION_LOG = "champions.log";
/** Written into a version's directory when it is promoted: what makes it a version rather than a staged challenger. */
export const PROMOTION_FILE = "promotion.json";
export const HISTORY_LIMIT = 50;

const historyEntry = z.object({ id: z.string(), promotedAt: z.number().nullable() });
export const pointerSchema = z.object({
  id: z.string(),
  promotedAt: z.number(),
  reason: z.string(),
  /** Earlier champions, most recent first: the default rollback target is history[0]. */
  history: z.array(historyEntry).default([]),
});
export type Pointer = z.infer<typeof pointerSchema>;
export const promotionSchema = z.object({ promotedAt: z.number(), reason: z.string() });
export type Promotion = z.infer<typeof promotionSchema>;

/** "20260121T030000Z-a1b2": UTC to the second plus 4 random hex digits, so ids sort by staging time. */
export function newVersionId(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

/**
 * Creates the registry. The champion pointer is a small JSON file replaced atomically, so a crash leaves
 * either the old or the new champion; every read falls back to the next valid version rather than failing.
 */
/** The outgoing champion goes first; the incoming one leaves the list; each id once. */
export function nextHistory(
  pointer: Pointer | null,
  outgoing: { id: string; promotedAt: number | null },
  incoming: string,
): Pointer["history"] {
  const entries = [{ id: outgoing.id, promotedAt: outgoing.promotedAt }, ...(pointer?.history ?? [])];
  const seen = new Set<string>([incoming]);
  return entries
    .filter((e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      return true;
    })
    .slice(0, HISTORY_LIMIT);
}

/**
 * meta.json of a saved model whose files are all present (a statistical model is its meta.json alone);
 * weights are not loaded (that needs a backend).
 */
export async function checkedMeta(dir: string): Promise<SavedMeta> {
  const [meta] = await readSavedMetas(dir);
  if (meta === undefined) throw new ModelLoadError(`${dir} holds no saved model`);
  const files = kindOf(meta).filesBesideMeta;
  for (const part of await savedModelDirs(dir)) {
    for (const file of files) {
      await access(join(part, file)).catch((error: unknown) => {
        throw new ModelLoadError(`${join(part, file)} is missing`, { cause: error });
      });
    }
  }
  return meta;
}

export async function readPromotion(dir: string): Promise<Promotion | null> {
  const text = await readFile(join(dir, PROMOTION_FILE), "utf8").catch(() => null);
  if (text === null) return null;
  const parsed = promotionSchema.safeParse(parseJson(text));
  // A damaged marker still says the version was promoted: keeping it is the safe reading.
  return parsed.success ? parsed.data : { promotedAt: 0, reason: "" };
}

/** The last whole pointer of a champion log; null when none is (a line torn by a full disk is skipped). */
export function lastLoggedPointer(text: string): Pointer | null {
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed = pointerSchema.safeParse(parseJson(lines[i] ?? ""));
    if (parsed.success) return parsed.data;
  }
  return null;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `{ timeframe, id }` of a version folder `.../<timeframe>/versions/<id>` (both registries lay versions out
 * so), else undefined: how a worker on another machine knows which version a job's folder names.
 */
export function versionOfDir(dir: string): { timeframe: ModelTimeframe; id: string } | undefined {
  const id = basename(dir);
  const versions = dirname(dir);
  const timeframe = MODEL_TIMEFRAMES.find((tf) => tf === basename(dirname(versions)));
  if (!ID_PATTERN.test(id) || basename(versions) !== "versions" || timeframe === undefined) return undefined;
  return { timeframe, id };
}

/**
 * The version a rollback goes to, for both registries: `id` when given, else the newest entry of the
 * champion's history that is still listed.
 * @throws UserError listing the known ids when `id` is unknown or there is no earlier champion.
 */
export function rollbackTarget<T extends { id: string }>(
  tf: ModelTimeframe,
  id: string | undefined,
  list: readonly T[],
  pointer: Pointer | null,
  championId: string,
): T {
  const ids = list.map((v) => v.id);
  const targetId = id ?? pointer?.history.find((e) => e.id !== championId && ids.includes(e.id))?.id;
  const known = `Versions: ${ids.join(", ")}.`;
  if (targetId === undefined) {
    throw new UserError(`There is no earlier ${tf} champion to roll back to. ${known}`, {
      code: "no-earlier-version",
      suggestions: ids,
    });
  }
  const target = list.find((v) => v.id === targetId);
  if (target === undefined) {
    throw new UserError(`Unknown ${tf} model version "${targetId.slice(0, 40)}". ${known}`, {
      code: "unknown-version",
      suggestions: ids,
    });
  }
  return target;
}
