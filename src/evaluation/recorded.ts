import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import type { ModelTimeframe } from "../model/horizons.js";
import { type CoinFigures, coinFigures } from "./coin-rows.js";
import { evaluationDir, readReport } from "./report.js";
import type { EvaluationEntry } from "./score.js";
import { type CrpsSkillRow, crpsSkill } from "./skill.js";
import {
  GLOBAL_SUFFIX,
  heldOutFigures,
  LEAVE_ONE_COIN_OUT_SUFFIX,
  type UnseenCoinFigures,
  unseenCoinFigures,
} from "./unseen-coins.js";

/** What the verdicts need of a recorded walk-forward evaluation (models/evaluation/<tf>/report.json). */
export interface RecordedEvaluation {
  entries: readonly Pick<EvaluationEntry, "model" | "symbol" | "horizon" | "metrics">[];
  /** CRPS against persistence per symbol and horizon, and pooled (crpsSkill of the report). */
  skill?: readonly CrpsSkillRow[];
  /** The walk-forward's first and last origin (ms), where the report says. */
  period?: { start: number; end: number };
}

/** The evaluations recorded beside the shipped models, each read once per process. */
export interface RecordedEvaluations {
  /** The walk-forward of a timeframe's models, or null when none is recorded (or it cannot be read). */
  evaluation(timeframe: ModelTimeframe): Promise<RecordedEvaluation | null>;
  /** The leave-one-coin-out figures of a timeframe (models/evaluation/<tf>-leave-one-coin-out/), or null. */
  unseenCoins(timeframe: ModelTimeframe): Promise<readonly UnseenCoinFigures[] | null>;
  /**
   * The held-out coins' figures of every global walk-forward of a timeframe (models/evaluation/<tf>-global
   * and the runs beside it, <tf>-global-v2...: coins in a run's config.holdOut were never trained on in any
   * fold), each with its `run`, in globalRuns order; null when none is recorded or none held a coin out.
   * A reply picks its served recipe's rows with servedFigures.
   */
  heldOutCoins(timeframe: ModelTimeframe): Promise<readonly UnseenCoinFigures[] | null>;
  /**
   * Every scored coin's own rows in the same global walk-forwards (held out there or trained on), each with
   * its `run`; null when none is recorded. A reply picks its served recipe's row with servedCoinRow.
   */
  coins(timeframe: ModelTimeframe): Promise<readonly CoinFigures[] | null>;
}

/**
 * The folders of a timeframe's global walk-forwards under models/evaluation/ (<tf>-global, <tf>-global-v2,
 * ...), in name order with numbers compared as numbers: a later run sorts after the one it reruns.
 */
export async function globalRuns(modelsDir: string, timeframe: ModelTimeframe): Promise<string[]> {
  const prefix = `${timeframe}${GLOBAL_SUFFIX}`;
  const names = await readdir(join(modelsDir, "evaluation")).catch(() => [] as string[]);
  return names
    .filter((name) => name === prefix || name.startsWith(`${prefix}-`))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/**
 * Reads the recorded evaluations under `modelsDir` on first use, once per timeframe. A missing report is
 * null; a damaged one is logged and null (a reply loses its verdict, never its forecast) and read again on
 * the next call. Per-point CRPS is summarised on reading and then let go: the 4h report is 13 MB.
 */
export function readRecordedEvaluations(modelsDir: string, logger: Logger): RecordedEvaluations {
  const once = <T>(read: (timeframe: ModelTimeframe) => Promise<T | null>, what: string) => {
    const kept = new Map<ModelTimeframe, Promise<T | null>>();
    return (timeframe: ModelTimeframe): Promise<T | null> => {
      let found = kept.get(timeframe);
      if (found === undefined) {
        found = read(timeframe).catch((error: unknown) => {
          logger.warn({ err: error, timeframe }, `could not read the recorded ${what}`);
          kept.delete(timeframe);
          return null;
        });
        kept.set(timeframe, found);
      }
      return found;
    };
  };
  const globals = once((timeframe) => readGlobalRuns(modelsDir, timeframe), "global walk-forwards");
  return {
    evaluation: once(async (timeframe) => {
      const read = await readReport(evaluationDir(modelsDir, timeframe));
      if (read === null) return null;
      const entries = read.entries.map(({ model, symbol, horizon, metrics }) => ({
        model,
        symbol,
        horizon,
        metrics,
      }));
      const { start, end } = read.config;
      return { entries, skill: crpsSkill(read), period: { start, end } };
    }, "evaluation"),
    unseenCoins: once(async (timeframe) => {
      const run = `${timeframe}${LEAVE_ONE_COIN_OUT_SUFFIX}`;
      const read = await readReport(evaluationDir(modelsDir, run));
      return read === null ? null : unseenCoinFigures(read, crpsSkill(read)).map((f) => ({ ...f, run }));
    }, "leave-one-coin-out evaluation"),
    // Read once for both: the held-out coins' pooled figures and every coin's own rows.
    heldOutCoins: async (timeframe) => {
      const { heldOut } = (await globals(timeframe)) ?? { heldOut: [] };
      return heldOut.length === 0 ? null : heldOut;
    },
    coins: async (timeframe) => {
      const { coins } = (await globals(timeframe)) ?? { coins: [] };
      return coins.length === 0 ? null : coins;
    },
  };
}

/**
 * Every global walk-forward of a timeframe summarised, one report at a time (the 4h ones are 13 MB each,
 * let go once summarised): the held-out coins' pooled figures and every scored coin's own rows, each
 * with its run.
 */
async function readGlobalRuns(modelsDir: string, timeframe: ModelTimeframe) {
  const heldOut: UnseenCoinFigures[] = [];
  const coins: CoinFigures[] = [];
  for (const run of await globalRuns(modelsDir, timeframe)) {
    const read = await readReport(evaluationDir(modelsDir, run));
    if (read === null) continue;
    heldOut.push(...heldOutFigures(read).map((f) => ({ ...f, run })));
    coins.push(...coinFigures(read).map((f) => ({ ...f, run })));
  }
  return { heldOut, coins };
}
