import { ewmaModel } from "./ewma.js";
import { garchModel } from "./garch.js";
import { HAR_RV_TERMS, harModel } from "./har.js";
import type { VolatilityModel, VolatilityState } from "./volatility-forecaster.js";

/** A volatility model back from its saved state (see VolatilityModel.state): forecasts as the fitted one did. */
export function restoreVolatilityModel(state: VolatilityState): VolatilityModel {
  if (state.kind === "ewma") return ewmaModel(state.lambda);
  if (state.kind === "garch") {
    const { kind: _, startTime, anchorTime, anchorVariance, ...params } = state;
    const anchor =
      anchorTime === undefined || anchorVariance === undefined
        ? undefined
        : { time: anchorTime, variance: anchorVariance };
    return garchModel(params, startTime, anchor);
  }
  return harModel(
    new Map(
      state.horizons.map((h) => [
        h.horizon,
        {
          terms: [...(h.terms ?? HAR_RV_TERMS)],
          beta: [...h.beta],
          residualVariance: h.residualVariance,
          ...(h.logSmearing === undefined ? {} : { logSmearing: h.logSmearing }),
        },
      ]),
    ),
    state.perDay,
  );
}
