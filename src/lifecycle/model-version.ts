import { createHash } from "node:crypto";
import type { SavedMeta } from "../model/saved/model-io.js";
import { isoDay } from "../time.js";

/**
 * "cnn-gru 2025-12-08 a1b2c3d4": which trained model answered, so a track record (and the forecast cache,
 * whose keys carry it) can tell versions apart. The hash is of the whole meta.json (design, features,
 * scaler, calibration, data hash), not of the data alone: a model re-shipped with a new design on the same
 * candles is a new version, and its forecasts never meet the old one's cached answers.
 */
export function modelVersion(meta: SavedMeta): string {
  const hex = createHash("sha256").update(JSON.stringify(meta)).digest("hex");
  return `${meta.name} ${isoDay(meta.trainedUntil)} ${hex.slice(0, 8)}`;
}
