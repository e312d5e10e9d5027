import { UserError } from "../errors.js";
import type { Logger } from "../logger.js";
import { typedPair } from "../market/symbols.js";
import type { Observer } from "./alert-observe.js";
import { type AlertRule, initialState, MIN_VOLATILITY_DAYS, type Observation } from "./alert-rules.js";
import { type Alert, type AlertStore, MAX_ALERTS_PER_CHANNEL } from "./alert-schema.js";
import type { Platform } from "./target.js";

/** What chat commands do with alerts. */
export interface Alerts {
  /**
   * Resolves the symbol (backfilling a listed pair on its first use), observes it, and stores the alert
   * armed or, when its condition holds already, waiting for the next crossing.
   * @throws UserError: unknown symbol (with suggestions), the channel's bound reached, the same alert set
   *   already, or (volatility) too little history for a year's percentile.
   */
  add(
    alert: {
      platform: Platform;
      channelId: string;
      symbol: string;
      rule: AlertRule;
      createdBy: string;
      /** Whoever sets it: its posts are written in this language. */
      locale?: string;
    },
    options?: { onFetching?: (symbol: string) => Promise<void> | void },
  ): Promise<{ alert: Alert; observation: Observation }>;
  /** Removes the channel's alert `id`; false when this channel has none with that id. */
  remove(platform: Platform, channelId: string, id: number): Promise<boolean>;
  list(filter?: { platform?: Platform; channelId?: string }): Promise<Alert[]>;
  /** The per-channel bound. */
  readonly limit: number;
}

const sameRule = (a: AlertRule, b: AlertRule): boolean => JSON.stringify(a) === JSON.stringify(b);

export function createAlerts(options: {
  store: AlertStore;
  observer: Observer;
  logger: Logger;
  now?: () => number;
  limit?: number;
}): Alerts {
  const { store, observer, logger } = options;
  const now = options.now ?? Date.now;
  const limit = options.limit ?? MAX_ALERTS_PER_CHANNEL;
  const full = () =>
    new UserError(
      `This channel has ${limit} alerts, the most it may hold. /alerts lists them; /alert remove ID frees one.`,
      { code: "alert-limit", params: { limit } },
    );
  const exists = (alert: Alert) =>
    new UserError(`This channel has that alert already: #${alert.id}.`, {
      code: "alert-exists",
      params: { id: alert.id },
    });
  const resumePaused = async (held: readonly Alert[]) => {
    const paused = held.find((a) => a.pausedAt !== null);
    if (paused === undefined) return;
    const resumed = await store.resumeChannel(paused.platform, paused.channelId);
    logger.info({ platform: paused.platform, channelId: paused.channelId, resumed }, "paused alerts resumed");
  };
  return {
    limit,
    async add(input, addOptions = {}) {
      const where = { platform: input.platform, channelId: input.channelId };
      // Refused before any model run or backfill: a full channel costs nothing. The same alert set already
      // is still named by its id (the pair as typed, matched against the channel's own alerts).
      const held = await store.list(where);
      if (held.length >= limit) {
        // Refused, but the channel answered: its paused alerts resume, as after any /alert there.
        await resumePaused(held);
        const pair = typedPair(
          input.symbol,
          held.map((a) => a.symbol),
        );
        const same = held.find((a) => a.symbol === pair && sameRule(a.rule, input.rule));
        throw same === undefined ? full() : exists(same);
      }
      const observation = await observer.observe(input.symbol, {
        volatility: input.rule.kind === "volatility",
        ...(addOptions.onFetching === undefined ? {} : { onFetching: addOptions.onFetching }),
      });
      const symbol = observation.forecast.symbol;
      if (input.rule.kind === "volatility" && observation.volatility === undefined) {
        throw new UserError(
          `${symbol} has less than ${MIN_VOLATILITY_DAYS} days of forecast history, too little for its ` +
            "volatility's 90th percentile. Try a price or band alert.",
          { code: "history-too-short", params: { context: "volatility", symbol, days: MIN_VOLATILITY_DAYS } },
        );
      }
      const stored = await store.add(
        {
          ...where,
          symbol,
          rule: input.rule,
          createdBy: input.createdBy,
          ...(input.locale === undefined ? {} : { locale: input.locale }),
        },
        initialState(input.rule, observation),
        now(),
        limit,
      );
      if (stored === null) throw full();
      // The store's UNIQUE index, not a look before the insert, finds the duplicate: of identical adds at
      // once one is stored and the others are told its id.
      if (!stored.created) throw exists(stored.alert);
      logger.info({ ...where, alertId: stored.alert.id, symbol, rule: input.rule }, "alert set");
      return { alert: stored.alert, observation };
    },
    async remove(platform, channelId, id) {
      const removed = await store.remove(platform, channelId, id);
      if (removed) logger.info({ platform, channelId, alertId: id }, "alert removed");
      return removed;
    },
    list: (filter) => store.list(filter),
  };
}
