import type { Reply } from "../contracts/chat.js";
import { isUserError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Observer } from "./alert-observe.js";
import { type Fired, type Observation, stepAlert } from "./alert-rules.js";
import type { Alert, AlertStore } from "./alert-schema.js";
import { type ChannelMoves, sendFollowingMove } from "./follow-move.js";
import { pauseReasonText } from "./pause-reason.js";
import { DEFAULT_CLAIM_LEASE_MS } from "./scheduler.js";
import { isChannelGone, type Platform, type PostTarget } from "./target.js";

/** One alert that fired on one close: what happened, and the observation it fired on (its forecast is charted). */
export interface AlertFiring {
  alert: Alert;
  fired: Fired;
  observation: Observation;
}

export interface AlertOutcome {
  alertId: number;
  /** The candle it fired on. */
  asOf: number;
  /**
   * `taken`: another checker (a replica, an earlier run before a crash) claimed this firing first;
   * `merged`: the chat moved to one holding the same alert, which fires for itself.
   */
  status: "sent" | "taken" | "failed" | "paused" | "merged";
}

export interface AlertChecker {
  /**
   * Checks every active alert against the newest closed 4h candle of its symbol, and sends what fired.
   * Runs one at a time in this process; a symbol that can not be forecast now is skipped with a log line.
   */
  run(): Promise<AlertOutcome[]>;
}

/**
 * The rules of scheduled posts, applied to alerts:
 * - **Claim, send, mark.** A firing is claimed (INSERT under UNIQUE (alert, candle)) before it is sent and
 *   marked done or failed after; the alert's state (armed, candle checked) is stored last, compare-and-set
 *   on the candle it was read at. A restart, a second trigger or a second replica finds the candle checked
 *   or the claim taken, so a firing is sent at most once; a crash between the send and its mark leaves the
 *   claim, and the firing is not resent: once older than the lease (10 minutes) it is marked failed,
 *   "possibly delivered", with a log line, at the next run.
 * - **Channel gone.** A ChannelGoneError pauses every alert of that channel (a new /alert there resumes
 *   them); any other error marks that firing failed, and the alert waits for its next crossing as if sent.
 * - **Chat moved.** One that names the chat's new id (a Telegram group upgraded to a supergroup) moves the
 *   chat's alerts and subscription there, and the firing goes there; an alert the new chat held already
 *   stays, the old chat's copy goes (`merged`), unsent.
 * - **Offline.** Only the newest close is checked: a crossing that came and went while the bot was down, or
 *   while the exchange could not be reached (the candle does not advance), is not reported afterwards.
 */
export function createAlertChecker(options: {
  store: AlertStore;
  observer: Observer;
  /** Platforms without a target in this run keep their alerts, unchecked. */
  targets: Partial<Record<Platform, PostTarget>>;
  /** Moves a chat that has a new id (the subscription store's moveChannel, logged: channelMoves). */
  moves: ChannelMoves;
  compose(firing: AlertFiring): Promise<Reply>;
  logger: Logger;
  now?: () => number;
  /** A claim older than this was left by a crash (the daily posts' lease, 10 minutes). */
  claimLeaseMs?: number;
}): AlertChecker {
  const { store, observer, targets, logger } = options;
  const clock = options.now ?? Date.now;
  const leaseMs = options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  let queue: Promise<unknown> = Promise.resolve();

  const fire = async (
    alert: Alert,
    fired: Fired,
    observation: Observation,
    gone: Set<string>,
  ): Promise<AlertOutcome> => {
    const asOf = observation.forecast.asOf;
    const fields = { alertId: alert.id, platform: alert.platform, channelId: alert.channelId, asOf };
    const outcome = (status: AlertOutcome["status"]): AlertOutcome => ({ alertId: alert.id, asOf, status });
    if (!(await store.claim(alert.id, asOf, clock()))) return outcome("taken");
    try {
      const target = targets[alert.platform];
      if (target === undefined) throw new Error(`no ${alert.platform} adapter in this run`);
      const sent = await sendFollowingMove({
        target,
        moves: options.moves,
        platform: alert.platform,
        channelId: alert.channelId,
        reply: await options.compose({ alert, fired, observation }),
        stillThere: async (to) =>
          (await store.list({ platform: alert.platform, channelId: to })).some(
            (kept) => kept.id === alert.id,
          ),
      });
      if (!sent) {
        logger.info(fields, "chat moved to one holding the same alert: that one fires instead");
        return outcome("merged");
      }
    } catch (error) {
      await store.markFailed(alert.id, asOf, clock(), error instanceof Error ? error.message : String(error));
      if (isChannelGone(error)) {
        gone.add(`${alert.platform}|${alert.channelId}`);
        // The channel refused, which after a move is the new one: its alerts are the ones to pause.
        const paused = await store.pauseChannel(alert.platform, error.channelId, clock(), error.reason);
        logger.warn(
          { ...fields, reason: pauseReasonText(error.reason), paused },
          "channel can no longer be posted in: alerts paused",
        );
        return outcome("paused");
      }
      logger.error({ ...fields, err: error }, "alert could not be sent; it waits for its next crossing");
      return outcome("failed");
    }
    await store.markDone(alert.id, asOf, clock());
    logger.info(fields, "alert sent");
    return outcome("sent");
  };

  const giveUpAbandoned = async (): Promise<void> => {
    for (const claim of await store.claimsBefore(clock() - leaseMs)) {
      const reason = "claimed but never marked done (crash?): possibly delivered, not resent";
      if (!(await store.markFailed(claim.alertId, claim.asOf, clock(), reason))) continue;
      logger.warn(
        { alertId: claim.alertId, asOf: claim.asOf, claimedAt: new Date(claim.claimedAt).toISOString() },
        "alert left claimed by a crash: marked failed, not resent (at most once; it may have been delivered)",
      );
    }
  };

  const run = async (): Promise<AlertOutcome[]> => {
    await giveUpAbandoned();
    const outcomes: AlertOutcome[] = [];
    const active = (await store.list()).filter(
      (a) => a.pausedAt === null && targets[a.platform] !== undefined,
    );
    const bySymbol = new Map<string, Alert[]>();
    for (const alert of active) bySymbol.set(alert.symbol, [...(bySymbol.get(alert.symbol) ?? []), alert]);
    const gone = new Set<string>();
    for (const [symbol, alerts] of bySymbol) {
      let observation: Observation;
      try {
        observation = await observer.observe(symbol, {
          volatility: alerts.some((a) => a.rule.kind === "volatility"),
        });
      } catch (error) {
        if (isUserError(error))
          logger.info({ symbol, reason: error.message }, "alerts not checked: no forecast");
        else logger.warn({ symbol, err: error }, "alerts not checked: the forecast failed");
        continue;
      }
      for (const alert of alerts) {
        if (gone.has(`${alert.platform}|${alert.channelId}`)) continue;
        const step = stepAlert(alert.rule, alert.state, observation);
        if (step.next === alert.state) continue;
        if (step.fired !== null) outcomes.push(await fire(alert, step.fired, observation, gone));
        if (!(await store.advance(alert.id, alert.state.checkedAsOf, step.next)))
          logger.debug({ alertId: alert.id }, "alert already checked at this candle elsewhere");
      }
    }
    return outcomes;
  };

  return {
    run: () => {
      const result = queue.then(run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
