import { featuresFirstValid } from "../../features/compute-features.js";
import { isStatisticalMeta, type SavedMeta } from "./model-io.js";

// What is said about a saved model of either kind without loading it (commands and the service read this).

/**
 * Candles a series needs before a model's first forecast: a network's indicator warm-up plus its window;
 * a statistical model's 30-day realised variance plus the 100 standardised returns an on-demand fit of an
 * unseen coin takes its quantiles from.
 */
export function historyNeeded(meta: SavedMeta, perDay: number): number {
  if (isStatisticalMeta(meta)) return 30 * perDay + 160;
  return featuresFirstValid(perDay) + meta.window;
}

/** A one-line description: "HAR-RV (statistical)", "cnn-gru network, one for BTC/USDT, ETH/USDT". */
export function describeKind(meta: SavedMeta): string {
  if (isStatisticalMeta(meta)) {
    const names = meta.members.map((m) => MEMBER_LABELS[m]);
    return meta.members.length === 1
      ? `${names[0]} (statistical: zero-drift median, volatility forecast x past standardised returns)`
      : `equal-weight quantile average of ${names.join(", ")} (statistical, zero-drift median)`;
  }
  return `${meta.architecture} network`;
}

/** How reports and chat name the statistical members. */
export const MEMBER_LABELS = { har: "HAR-RV", garch: "GARCH(1,1)-t", ewma: "EWMA (RiskMetrics)" } as const;
