import type { Database } from "sqlite";
import type { AlertRow, AlertStore } from "./alert-schema.js";
import { ruleColumns, stateColumns, toAlert } from "./alert-schema.js";
import { channelWhere, sqlitePlaceholder } from "./channel-filter.js";

/** The alert tables of the SQLite subscription store (DATA_DIR/subscriptions.sqlite). */
export function sqliteAlertStore(db: Database): AlertStore {
  return {
    async add(alert, state, now, limit) {
      const { kind, direction, level } = ruleColumns(alert.rule);
      // The count and the insert are one statement, so two adds at once cannot both pass the bound.
      const result = await db.run(
        `INSERT INTO alerts (platform, channel_id, symbol, kind, direction, level, created_by, created_at,
           armed, checked_as_of, band_low, band_high, band_target)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
         WHERE (SELECT COUNT(*) FROM alerts WHERE platform = ? AND channel_id = ?) < ?`,
        alert.platform,
        alert.channelId,
        alert.symbol,
        kind,
        direction,
        level,
        alert.createdBy,
        now,
        ...stateColumns(state),
        alert.platform,
        alert.channelId,
        limit,
      );
      if (result.changes !== 1 || result.lastID === undefined) return null;
      await db.run(
        "UPDATE alerts SET paused_at = NULL, pause_reason = NULL WHERE platform = ? AND channel_id = ?",
        alert.platform,
        alert.channelId,
      );
      const row = await db.get<AlertRow>("SELECT * FROM alerts WHERE id = ?", result.lastID);
      if (row === undefined) throw new Error("an alert just written could not be read back");
      return toAlert(row);
    },

    async remove(platform, channelId, id) {
      const result = await db.run(
        "DELETE FROM alerts WHERE id = ? AND platform = ? AND channel_id = ?",
        id,
        platform,
        channelId,
      );
      return result.changes === 1;
    },

    async list(filter = {}) {
      const { where, params } = channelWhere(filter, sqlitePlaceholder);
      const rows = await db.all<AlertRow[]>(`SELECT * FROM alerts ${where} ORDER BY id`, params);
      return rows.map(toAlert);
    },

    async pauseChannel(platform, channelId, at, reason) {
      const result = await db.run(
        `UPDATE alerts SET paused_at = ?, pause_reason = ?
         WHERE platform = ? AND channel_id = ? AND paused_at IS NULL`,
        at,
        reason,
        platform,
        channelId,
      );
      return result.changes ?? 0;
    },

    async advance(id, fromAsOf, state) {
      const result = await db.run(
        `UPDATE alerts SET armed = ?, checked_as_of = ?, band_low = ?, band_high = ?, band_target = ?
         WHERE id = ? AND checked_as_of IS ?`,
        ...stateColumns(state),
        id,
        fromAsOf,
      );
      return result.changes === 1;
    },

    async claim(id, asOf, now) {
      const result = await db.run(
        `INSERT INTO alert_firings (alert_id, as_of, status, claimed_at) VALUES (?, ?, 'claimed', ?)
         ON CONFLICT (alert_id, as_of) DO NOTHING`,
        id,
        asOf,
        now,
      );
      return result.changes === 1;
    },

    async markDone(id, asOf, now) {
      const result = await db.run(
        `UPDATE alert_firings SET status = 'done', done_at = ?
         WHERE alert_id = ? AND as_of = ? AND status = 'claimed'`,
        now,
        id,
        asOf,
      );
      await db.run("UPDATE alerts SET last_fired_at = ? WHERE id = ?", now, id);
      return result.changes === 1;
    },

    async markFailed(id, asOf, now, error) {
      const result = await db.run(
        `UPDATE alert_firings SET status = 'failed', done_at = ?, error = ?
         WHERE alert_id = ? AND as_of = ? AND status = 'claimed'`,
        now,
        error,
        id,
        asOf,
      );
      return result.changes === 1;
    },

    async claimsBefore(claimedBefore) {
      return db.all<{ alertId: number; asOf: number; claimedAt: number }[]>(
        `SELECT alert_id AS alertId, as_of AS asOf, claimed_at AS claimedAt FROM alert_firings
         WHERE status = 'claimed' AND claimed_at < ? ORDER BY claimed_at`,
        claimedBefore,
      );
    },

    async volatilities(symbol, since) {
      return db.all<{ asOf: number; volatility: number }[]>(
        "SELECT as_of AS asOf, volatility FROM forecast_volatility WHERE symbol = ? AND as_of >= ? ORDER BY as_of",
        symbol,
        since,
      );
    },

    async saveVolatilities(symbol, values) {
      for (const { asOf, volatility } of values) {
        await db.run(
          `INSERT INTO forecast_volatility (symbol, as_of, volatility) VALUES (?, ?, ?)
           ON CONFLICT (symbol, as_of) DO NOTHING`,
          symbol,
          asOf,
          volatility,
        );
      }
    },
  };
}
