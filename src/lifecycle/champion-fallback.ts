import { SHIPPED_ID } from "../contracts/retrain.js";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import type { Pointer } from "./model-version-files.js";
import type { CorruptPointer } from "./version-store.js";

/** Why the version that serves is not simply the one a sound champion pointer names. */
export interface ChampionFallback {
  /**
   * What named the wanted version: the pointer; the last switch recorded beside a damaged pointer (the
   * operator's or a retrain's last choice); or, none recorded, a guess: the newest promoted version.
   */
  source: "pointer" | "recorded" | "guessed";
  wanted: string;
  /** What is wrong with the pointer, when it is damaged or lost. */
  damage?: string;
  /** Each version tried before the serving one, and why it cannot serve. */
  failures: string[];
}

/** The pointer the rules go by, and where the version it wants comes from (one rule for every store). */
export function wantedChampion(
  read: Pointer | null | CorruptPointer,
  newestPromoted: string | undefined,
  shipped: string,
): { pointer: Pointer | null; fallback: ChampionFallback } {
  if (read === null || !("corrupt" in read))
    return { pointer: read, fallback: { source: "pointer", wanted: read?.id ?? shipped, failures: [] } };
  const { corrupt: damage, recovered } = read;
  if (recovered !== null)
    return {
      pointer: recovered,
      fallback: { source: "recorded", wanted: recovered.id, damage, failures: [] },
    };
  return {
    pointer: null,
    fallback: { source: "guessed", wanted: newestPromoted ?? shipped, damage, failures: [] },
  };
}

/** Whether `serving` is anything but what a sound pointer named: what is then told in the log and the list. */
export function isFallback(serving: string, fallback: ChampionFallback): boolean {
  return fallback.source !== "pointer" || serving !== fallback.wanted;
}

/**
 * "serving 20260121T030000Z-a1b2, recovered: champion.json is not a champion pointer; the last recorded
 * champion switch names 20260121T030000Z-a1b2": which version serves and why, for the log and
 * `coincast model list`.
 */
export function describeFallback(serving: string, fallback: ChampionFallback): string {
  const { source, wanted, damage, failures } = fallback;
  const guess =
    wanted === SHIPPED_ID
      ? "the shipped model (nothing is promoted)"
      : `the newest promoted version (${wanted})`;
  const parts = [
    source === "pointer"
      ? `the champion pointer names ${wanted}`
      : source === "recorded"
        ? `${damage}; the last recorded champion switch names ${wanted}`
        : `${damage} and no champion switch is recorded: ${guess} is the guess`,
  ];
  if (serving !== wanted) parts.push(`unusable: ${failures.join("; ")}`);
  const how = source === "recorded" && serving === wanted ? "recovered" : "a fallback";
  return `serving ${serving}, ${how}: ${parts.join("; ")}`;
}

/**
 * Tells the log of a fallback once per distinct cause and timeframe, however often the champion is read
 * (every forecast's recheck a minute apart): again when the cause changes, or once it was resolved and
 * recurs; its resolution is told once too.
 */
export function fallbackReporter(
  logger: Logger,
): (tf: ModelTimeframe, serving: string, fallback: ChampionFallback) => void {
  const told = new Map<ModelTimeframe, string>();
  return (tf, serving, fallback) => {
    if (!isFallback(serving, fallback)) {
      if (told.delete(tf))
        logger.info({ timeframe: tf, serving }, "the champion pointer's version serves again");
      return;
    }
    const cause = JSON.stringify([serving, fallback]);
    if (told.get(tf) === cause) return;
    told.set(tf, cause);
    logger.warn({ timeframe: tf, serving, ...fallback }, describeFallback(serving, fallback));
  };
}
