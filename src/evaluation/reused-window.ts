import type { SavedMeta } from "../model/saved/model-io.js";

/**
 * Whether this model's recorded out-of-sample figures come from a test window that was scored more than once
 * while its recipe was chosen: the global networks anchored on HAR (issue 27). README, "Global network": the
 * daily window was scored for v2, v3 and v4, the 4h window four times. The one rule the model card, /model and
 * /faq accuracy ask before they add the caveat (the catalogue's faq.accuracy.reused, one wording for all).
 */
export function testWindowReused(meta: SavedMeta): boolean {
  return "anchor" in meta && meta.anchor !== undefined;
}
