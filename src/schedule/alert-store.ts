import type { SqlDriver } from "../storage/sql-driver.js";
import type { AlertRow, AlertStore } from "./alert-schema.js";
import { ruleColumns, SAME_ALERT_WHERE, stateColumns, toAlert } from "./alert-schema.js";
import { channelWhere } from "./channel-filter.js";
import { storedPauseReason } from "./pause-reason.js";

/** Rows of forecast volatility written per statement (3 parameters each, well under both back-ends' bounds). */
const VOLATILITY_BATCH = 200;

const RESUME_CHANNEL_SQL = `UPDATE alerts SET paused_at = NULL, pause_reason = NULL
  WHERE platform = ? AND channel_id = ? AND paused_at IS NOT NULL`;

/** The alert tables of the subscription store, over its SqlDriver (SQLite file or PostgreSQL). */
export function sqlAlertStore(db: SqlDriver): AlertStore {
  return {
    add: (alert, state, now, limit) => {
      const { kind, direction, level } = ruleColumns(alert.rule);
      const channel = [alert.platform, alert.channelId];
      return db.transaction(async (tx) => {
        // One channel's adds queue behind each other here, so the count below is the count at the insert.
        await tx.lock(`alerts|${alert.platform}|${alert.channelId}`);
        // ON CONFLICT: the UNIQUE index on channel, symbol and rule, not a look first, decides a duplicate.
        const row = await tx.get<AlertRow>(
          `INSERT INTO alerts (platform, channel_id, symbol, kind, direction, level, created_by, created_at,
             armed, checked_as_of, band_low, band_high, band_target, locale)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
           WHERE (SELECT COUNT(*) FROM alerts WHERE platform = ? AND channel_id = ?) < ?
           ON CONFLICT DO NOTHING RETURNING *`,
          [
            ...channel,
            alert.symbol,
            kind,
            direction,
            level,
            alert.createdBy,
            now,
            ...stateColumns(state),
            alert.locale ?? null,
          ]
            .concat(channel)
            .concat([limit]),
        );
        // Whatever the answer (added, the same one held, the channel full), the channel answered a command.
        await tx.run(RESUME_CHANNEL_SQL, channel);
        if (row !== undefined) {
          return { alert: toAlert({ ...row, paused_at: null, pause_reason: null }), created: true };
        }
        const same = await tx.get<AlertRow>(`SELECT * FROM alerts WHERE ${SAME_ALERT_WHERE}`, [
          ...channel,
          alert.symbol,
          kind,
          direction ?? "",
          level ?? 0,
        ]);
        return same === undefined ? null : { alert: toAlert(same), created: false };
      });
    },

    // Its firings go with it, as a subscription's claims do (a later alert may be handed the same id).
    remove: (platform, channelId, id) =>
      db.transaction(async (tx) => {
        const alert = [id, platform, channelId];
        await tx.run(
          "DELETE FROM alert_firings WHERE alert_id IN (SELECT id FROM alerts WHERE id = ? AND platform = ? AND channel_id = ?)",
          alert,
        );
        const { changes } = await tx.run(
          "DELETE FROM alerts WHERE id = ? AND platform = ? AND channel_id = ?",
          alert,
        );
        return changes === 1;
      }),

    async list(filter = {}) {
      const { where, params } = channelWhere(filter);
      const rows = await db.all<AlertRow>(`SELECT * FROM alerts ${where} ORDER BY id`, params);
      return rows.map(toAlert);
    },

    async resumeChannel(platform, channelId) {
      const { changes } = await db.run(RESUME_CHANNEL_SQL, [platform, channelId]);
      return changes;
    },

    async pauseChannel(platform, channelId, at, reason) {
      const { changes } = await db.run(
        `UPDATE alerts SET paused_at = ?, pause_reason = ?
         WHERE platform = ? AND channel_id = ? AND paused_at IS NULL`,
        [at, storedPauseReason(reason), platform, channelId],
      );
      return changes;
    },

    async advance(id, fromAsOf, state) {
      const { changes } = await db.run(
        `UPDATE alerts SET armed = ?, checked_as_of = ?, band_low = ?, band_high = ?, band_target = ?
         WHERE id = ? AND checked_as_of IS NOT DISTINCT FROM ?`,
        [...stateColumns(state), id, fromAsOf],
      );
      return changes === 1;
    },

    async claim(id, asOf, now) {
      const { changes } = await db.run(
        `INSERT INTO alert_firings (alert_id, as_of, status, claimed_at) VALUES (?, ?, 'claimed', ?)
         ON CONFLICT (alert_id, as_of) DO NOTHING`,
        [id, asOf, now],
      );
      return changes === 1;
    },

    async markDone(id, asOf, now) {
      const { changes } = await db.run(
        `UPDATE alert_firings SET status = 'done', done_at = ?
         WHERE alert_id = ? AND as_of = ? AND status = 'claimed'`,
        [now, id, asOf],
      );
      await db.run("UPDATE alerts SET last_fired_at = ? WHERE id = ?", [now, id]);
      return changes === 1;
    },

    async markFailed(id, asOf, now, error) {
      const { changes } = await db.run(
        `UPDATE alert_firings SET status = 'failed', done_at = ?, error = ?
         WHERE alert_id = ? AND as_of = ? AND status = 'claimed'`,
        [now, error, id, asOf],
      );
      return changes === 1;
    },

    claimsBefore: (claimedBefore) =>
      db.all<{ alertId: number; asOf: number; claimedAt: number }>(
        `SELECT alert_id AS "alertId", as_of AS "asOf", claimed_at AS "claimedAt" FROM alert_firings
         WHERE status = 'claimed' AND claimed_at < ? ORDER BY claimed_at`,
        [claimedBefore],
      ),

    volatilities: (symbol, since) =>
      db.all<{ asOf: number; volatility: number }>(
        `SELECT as_of AS "asOf", volatility FROM forecast_volatility
         WHERE symbol = ? AND as_of >= ? ORDER BY as_of`,
        [symbol, since],
      ),

    async saveVolatilities(symbol, values) {
      for (let start = 0; start < values.length; start += VOLATILITY_BATCH) {
        const batch = values.slice(start, start + VOLATILITY_BATCH);
        await db.run(
          `INSERT INTO forecast_volatility (symbol, as_of, volatility)
           VALUES ${batch.map(() => "(?, ?, ?)").join(", ")} ON CONFLICT (symbol, as_of) DO NOTHING`,
          batch.flatMap((v) => [symbol, v.asOf, v.volatility]),
        );
      }
    },
  };
}
