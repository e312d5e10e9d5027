import type { ForecastCache } from "../src/forecast/cache.js";
import type { CoreOverrides } from "../src/main.js";

/** A cache that never holds anything: every forecast and chart is computed. */
const missingCache = <T>(): ForecastCache<T> => ({
  kind: "sqlite",
  get: async () => undefined,
  set: async () => {},
  clear: async () => {},
  close: async () => {},
});

/** The forecast core's overrides for a bench of the uncached path: both caches always miss. */
export function uncachedCore(): CoreOverrides {
  return { cache: missingCache(), chartCache: missingCache() };
}
