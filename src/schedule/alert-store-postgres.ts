import type pg from "pg";
import type { AlertRow, AlertStore } from "./alert-schema.js";
import { ruleColumns, stateColumns, toAlert } from "./alert-schema.js";
import { channelWhere, postgresPlaceholder } from "./channel-filter.js";

/** The alert tables of the PostgreSQL subscription store: the same contract as alert-store.ts. */
export function postgresAlertStore(db: pg.Pool): AlertStore {
  return {
    async add(alert, state, now, limit) {
      const { kind, direction, level } = ruleColumns(alert.rule);
      const client = await db.connect();
      try {
        await client.query("BEGIN");
        // One channel's adds queue behind each other here, so the count below is the count at the insert.
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
          `alerts|${alert.platform}|${alert.channelId}`,
        ]);
        const { rows } = await client.query<AlertRow>(
          `INSERT INTO alerts (platform, channel_id, symbol, kind, direction, level, created_by, created_at,
             armed, checked_as_of, band_low, band_high, band_target)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
           WHERE (SELECT COUNT(*) FROM alerts WHERE platform = $1 AND channel_id = $2) < $14
           RETURNING *`,
          [
            alert.platform,
            alert.channelId,
            alert.symbol,
            kind,
            direction,
            level,
            alert.createdBy,
            now,
            ...stateColumns(state),
            limit,
          ],
        );
        if (rows[0] !== undefined) {
          await client.query(
            "UPDATE alerts SET paused_at = NULL, pause_reason = NULL WHERE platform = $1 AND channel_id = $2",
            [alert.platform, alert.channelId],
          );
        }
        await client.query("COMMIT");
        return rows[0] === undefined ? null : toAlert({ ...rows[0], paused_at: null, pause_reason: null });
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async remove(platform, channelId, id) {
      const result = await db.query(
        "DELETE FROM alerts WHERE id = $1 AND platform = $2 AND channel_id = $3",
        [id, platform, channelId],
      );
      return result.rowCount === 1;
    },

    async list(filter = {}) {
      const { where, params } = channelWhere(filter, postgresPlaceholder);
      const { rows } = await db.query<AlertRow>(`SELECT * FROM alerts ${where} ORDER BY id`, params);
      return rows.map(toAlert);
    },

    async pauseChannel(platform, channelId, at, reason) {
      const result = await db.query(
        `UPDATE alerts SET paused_at = $1, pause_reason = $2
         WHERE platform = $3 AND channel_id = $4 AND paused_at IS NULL`,
        [at, reason, platform, channelId],
      );
      return result.rowCount ?? 0;
    },

    async advance(id, fromAsOf, state) {
      const result = await db.query(
        `UPDATE alerts SET armed = $1, checked_as_of = $2, band_low = $3, band_high = $4, band_target = $5
         WHERE id = $6 AND checked_as_of IS NOT DISTINCT FROM $7`,
        [...stateColumns(state), id, fromAsOf],
      );
      return result.rowCount === 1;
    },

    async claim(id, asOf, now) {
      const result = await db.query(
        `INSERT INTO alert_firings (alert_id, as_of, status, claimed_at) VALUES ($1, $2, 'claimed', $3)
         ON CONFLICT (alert_id, as_of) DO NOTHING`,
        [id, asOf, now],
      );
      return result.rowCount === 1;
    },

    async markDone(id, asOf, now) {
      const result = await db.query(
        `UPDATE alert_firings SET status = 'done', done_at = $1
         WHERE alert_id = $2 AND as_of = $3 AND status = 'claimed'`,
        [now, id, asOf],
      );
      await db.query("UPDATE alerts SET last_fired_at = $1 WHERE id = $2", [now, id]);
      return result.rowCount === 1;
    },

    async markFailed(id, asOf, now, error) {
      const result = await db.query(
        `UPDATE alert_firings SET status = 'failed', done_at = $1, error = $2
         WHERE alert_id = $3 AND as_of = $4 AND status = 'claimed'`,
        [now, error, id, asOf],
      );
      return result.rowCount === 1;
    },

    async claimsBefore(claimedBefore) {
      const { rows } = await db.query<{ alertId: number; asOf: number; claimedAt: number }>(
        `SELECT alert_id AS "alertId", as_of AS "asOf", claimed_at AS "claimedAt" FROM alert_firings
         WHERE status = 'claimed' AND claimed_at < $1 ORDER BY claimed_at`,
        [claimedBefore],
      );
      return rows;
    },

    async volatilities(symbol, since) {
      const { rows } = await db.query<{ asOf: number; volatility: number }>(
        `SELECT as_of AS "asOf", volatility FROM forecast_volatility
         WHERE symbol = $1 AND as_of >= $2 ORDER BY as_of`,
        [symbol, since],
      );
      return rows;
    },

    async saveVolatilities(symbol, values) {
      if (values.length === 0) return;
      await db.query(
        `INSERT INTO forecast_volatility (symbol, as_of, volatility)
         SELECT $1, * FROM UNNEST($2::bigint[], $3::double precision[])
         ON CONFLICT (symbol, as_of) DO NOTHING`,
        [symbol, values.map((v) => v.asOf), values.map((v) => v.volatility)],
      );
    },
  };
}
