import type { ModelMeta } from "../model/model-meta.js";
import { isoDay } from "../time.js";

/** "cnn-gru 2025-12-08 a1b2c3d4": which trained model answered, so a track record can tell versions apart. */
export function modelVersion(meta: ModelMeta): string {
  // dataHash reads "sha256:<hex>": the first 8 characters would always be "sha256:" and one hex digit.
  const hex = meta.dataHash.slice(meta.dataHash.indexOf(":") + 1);
  return `${meta.name} ${isoDay(meta.trainedUntil)} ${hex.slice(0, 8)}`;
}
