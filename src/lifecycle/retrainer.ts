import type { ChallengeWhy } from "../contracts/retrain.js";
import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Candle } from "../market/types.js";
import { MODEL_TIMEFRAMES, type ModelTimeframe } from "../model/horizons.js";
import type { SeriesData, TrainProgress } from "../model/types.js";
import { utcMinute } from "../time.js";
import type { ChallengeInput, ChallengeOutput, ChallengeProgress } from "./challenge.js";
import { explainChallenge } from "./challenge-rule.js";
import type { ModelRegistry, ModelVersionInfo } from "./model-registry.js";

/** Which models a retrain covers: one timeframe, or every one when left out. */
export interface RetrainScope {
  timeframe?: ModelTimeframe;
}

/** Where a running retrain is, for a progress line ("training 1d, 40% done"). */
export interface RetrainStatus {
  startedAt: number;
  timeframe: ModelTimeframe;
  /** Of the whole retrain, all its timeframes together: 0..1. */
  fraction: number;
  phase: ChallengeProgress["phase"] | "starting";
  /** The training worker's last epoch report (epoch, loss, validation loss, ETA), when training. */
  epoch?: TrainProgress;
}

/** What one timeframe's retrain ended in. */
export type RetrainOutcome =
  | {
      timeframe: ModelTimeframe;
      decision: ChallengeOutput["decision"];
      /** In English; `why` holds its values for a reply in another language. */
      reason: string;
      why?: ChallengeWhy | undefined;
      window: ChallengeOutput["window"];
      scores: { champion: ChallengeOutput["champion"]; challenger: ChallengeOutput["challenger"] };
      /** The champion the challenger met. */
      championId: string;
      /** The new champion's id when promoted. */
      promotedId: string | null;
    }
  | { timeframe: ModelTimeframe; decision: "failed"; reason: string; championId: string };

export interface Retrainer {
  /**
   * Trains a challenger per timeframe, scores it against the champion on the newest held-out data, and
   * promotes it only when it is not worse (see challenge.ts for the rule). One retrain at a time.
   * @throws UserError "already running, 40% done" when one is running.
   */
  retrain(scope?: RetrainScope, onProgress?: (status: RetrainStatus) => void): Promise<RetrainOutcome[]>;
  /** The running retrain, or null. */
  status(): RetrainStatus | null;
  /** Makes an earlier version the champion again (default: the previous one). */
  rollback(timeframe: ModelTimeframe, id?: string): Promise<ModelVersionInfo>;
  /** Called after every promotion or rollback (the service drops its cache then). */
  onChampionChange(listener: (timeframe: ModelTimeframe) => Promise<void> | void): void;
}

export interface RetrainerDeps {
  /** `staged` lets a retrain remove the challengers killed retrains left; a registry without it keeps them. */
  registry: Pick<ModelRegistry, "champion" | "stage" | "promote" | "discard" | "rollback"> &
    Partial<Pick<ModelRegistry, "staged">>;
  /** Runs a challenge off the main thread (the training worker in Coincast). */
  runner: {
    challenge(
      input: ChallengeInput,
      onProgress?: (progress: ChallengeProgress) => void,
    ): Promise<ChallengeOutput>;
  };
  /** The candles to train and judge on (the forecast core's series cache). */
  series: { get(symbol: string, timeframe: ModelTimeframe): Promise<{ candles: Candle[] }> };
  symbols: readonly string[];
  holdoutDays: number;
  logger: Logger;
  now?: () => number;
}

/** A retrain that left the champion as it was, with why (no challenger was compared). */
function unchanged(timeframe: ModelTimeframe, championId: string, why: ChallengeWhy): RetrainOutcome {
  return {
    timeframe,
    decision: "keep",
    reason: explainChallenge(why),
    why,
    window: { start: 0, end: 0, origins: 0 },
    scores: { champion: null, challenger: null },
    championId,
    promotedId: null,
  };
}

export function createRetrainer(deps: RetrainerDeps): Retrainer {
  const { registry, runner, series, logger } = deps;
  const now = deps.now ?? Date.now;
  const listeners: ((timeframe: ModelTimeframe) => Promise<void> | void)[] = [];
  let running: RetrainStatus | null = null;

  const championChanged = async (timeframe: ModelTimeframe) => {
    for (const listener of listeners) await listener(timeframe);
  };

  /**
   * Discards the challengers staged before `current` that were never promoted: a retrain killed after its
   * challenger was saved (the process died before it could discard it) leaves one, and a promotion would
   * prune it, but a champion that keeps winning never is. One retrain runs at a time, so an older challenger
   * is no longer training (the rule promotion applies); a newer one may be, and stays.
   */
  const discardOrphans = async (timeframe: ModelTimeframe, current: string, log: Logger) => {
    if (registry.staged === undefined) return;
    try {
      const orphans = (await registry.staged(timeframe)).filter((id) => id < current);
      for (const id of orphans) await registry.discard(timeframe, id);
      if (orphans.length > 0) log.info({ removed: orphans }, "removed challengers left by killed retrains");
    } catch (error) {
      log.warn({ err: error }, "could not remove challengers left by killed retrains");
    }
  };

  const retrainOne = async (
    timeframe: ModelTimeframe,
    report: (progress: ChallengeProgress) => void,
  ): Promise<RetrainOutcome> => {
    const champion = await registry.champion(timeframe);
    // A global network trained on the corpus too: a challenger of SYMBOLS alone would replace a model of
    // fifty coins with one of three. Its retrain is `coincast train --global`, which reads the corpus.
    const here = champion.meta.symbols.filter((symbol) => deps.symbols.includes(symbol));
    if (here.length < champion.meta.symbols.length)
      return unchanged(timeframe, champion.id, {
        code: "narrower",
        trainedOn: champion.meta.symbols.length,
        here: here.length,
      });
    const data: SeriesData[] = [];
    for (const symbol of deps.symbols)
      data.push({ symbol, candles: (await series.get(symbol, timeframe)).candles });
    const staged = await registry.stage(timeframe);
    const log = logger.child({ timeframe, champion: champion.id, challenger: staged.id });
    let result: ChallengeOutput;
    try {
      result = await runner.challenge(
        {
          timeframe,
          series: data,
          championDir: champion.dir,
          challengerDir: staged.dir,
          holdoutDays: deps.holdoutDays,
        },
        report,
      );
    } catch (error) {
      // The champion was never touched: it keeps serving. What the challenger left on disk goes.
      log.error({ err: error }, "retrain failed; the champion keeps serving");
      await registry.discard(timeframe, staged.id).catch(() => {});
      await discardOrphans(timeframe, staged.id, log);
      return {
        timeframe,
        decision: "failed",
        reason: "training failed (see the log)",
        championId: champion.id,
      };
    }
    const scores = { champion: result.champion, challenger: result.challenger };
    // Only over the champion it was judged against: another process may have promoted its own meanwhile.
    if (
      result.decision === "promote" &&
      !(await registry.promote(timeframe, staged.id, result.reason, champion.id))
    ) {
      await registry.discard(timeframe, staged.id).catch(() => {});
      const serving = (await registry.champion(timeframe)).id;
      return unchanged(timeframe, serving, { code: "champion-changed", serving });
    }
    if (result.decision === "promote") {
      log.info({ window: result.window, scores, reason: result.reason }, "challenger promoted");
      await championChanged(timeframe);
    } else {
      await registry.discard(timeframe, staged.id).catch(() => {});
      log.info({ window: result.window, scores, reason: result.reason }, "champion kept");
    }
    // After a promotion the registry has pruned them already; this finds none then.
    await discardOrphans(timeframe, staged.id, log);
    return {
      timeframe,
      decision: result.decision,
      reason: result.reason,
      why: result.why,
      window: result.window,
      scores,
      championId: champion.id,
      promotedId: result.decision === "promote" ? staged.id : null,
    };
  };

  return {
    async retrain(scope = {}, onProgress) {
      if (running !== null) {
        const percent = `${Math.round(running.fraction * 100)}%`;
        const started = utcMinute(running.startedAt);
        throw new UserError(
          `A retrain is already running (${percent} done, ${running.phase} the ` +
            `${running.timeframe} model, started ${started} UTC). Try again when it has finished.`,
          {
            code: "retrain-running",
            // The share as a number: each language writes its percentage (80%, 80 %).
            params: { fraction: running.fraction, timeframe: running.timeframe, started },
          },
        );
      }
      const timeframes = scope.timeframe === undefined ? MODEL_TIMEFRAMES : [scope.timeframe];
      const status: RetrainStatus = {
        startedAt: now(),
        timeframe: timeframes[0] ?? "1d",
        fraction: 0,
        phase: "starting",
      };
      running = status;
      const outcomes: RetrainOutcome[] = [];
      try {
        for (const [index, timeframe] of timeframes.entries()) {
          status.timeframe = timeframe;
          const outcome = await retrainOne(timeframe, (progress) => {
            status.phase = progress.phase;
            status.fraction = (index + progress.fraction) / timeframes.length;
            if (progress.train === undefined) delete status.epoch;
            else status.epoch = { ...progress.train };
            onProgress?.({ ...status });
          });
          outcomes.push(outcome);
        }
      } finally {
        running = null;
      }
      return outcomes;
    },
    status: () => (running === null ? null : { ...running }),
    async rollback(timeframe, id) {
      const restored = await registry.rollback(timeframe, id);
      await championChanged(timeframe);
      return restored;
    },
    onChampionChange: (listener) => {
      listeners.push(listener);
    },
  };
}
