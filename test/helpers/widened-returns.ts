import type { Candle } from "../../src/market/types.js";
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from "../../src/model/networks/architectures.js";
import { fitAnchoredNetwork } from "../../src/model/networks/fit-anchored.js";
import { chooseSlices } from "../../src/model/networks/fit-network.js";
import type { SeriesData } from "../../src/model/types.js";
import { clusteredCandles, DAY, START } from "./synthetic-panel.js";

/**
 * The clustered series with every close-to-close log return from candle `from` on times `factor`, its
 * realised variance (what HAR forecasts from) left as it was: from there its standardised returns are
 * `factor` times as wide as the other coins'.
 */
function widened(candles: readonly Candle[], from: number, factor: number): Candle[] {
  const out: Candle[] = [];
  candles.forEach((c, t) => {
    const previous = candles[t - 1];
    const prior = out[t - 1];
    if (previous === undefined || prior === undefined) {
      out.push({ ...c });
      return;
    }
    const r = Math.log(c.close / previous.close) * (t >= from ? factor : 1);
    const open = prior.close;
    const close = open * Math.exp(r);
    const up = c.high / Math.max(c.open, c.close);
    const down = c.low / Math.min(c.open, c.close);
    out.push({ ...c, open, close, high: Math.max(open, close) * up, low: Math.min(open, close) * down });
  });
  return out;
}

/**
 * The small HAR-anchored global fit the coin-scale suite runs: four clustered coins named `names` over 900
 * days, horizons 1 and 3, the coins at `factors`' indices widened by their factor from the first calibration
 * window on (so only the calibration slice tells them apart), a fifth coin outside the fits, and `fitWith`
 * (seed 42, pooled) with the hyperparameters changed by `extra`.
 */
export function widenedPanel(names: readonly string[], factors: Readonly<Record<number, number>>) {
  const horizons = [1, 3];
  const window = 20;
  const n = 900;
  const trainEnd = START + (n - 1) * DAY;
  const hyper: Hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    anchor: "har",
    convFilters: [4],
    recurrentUnits: [4],
    denseUnits: 4,
    epochs: 2,
    batchSize: 64,
    validationFraction: 0.3,
  };
  const base = [1, 2, 3, 4].map((seed) => clusteredCandles(n, seed, { realizedVariance: true }));
  const plain = base.map((candles, i) => ({ symbol: names[i] as string, candles }));
  const { calibrationStart } = chooseSlices(plain, trainEnd, horizons, window, hyper.validationFraction);
  const from = ((calibrationStart as number) - START) / DAY;
  const panel = plain.map((s, i) => {
    const factor = factors[i];
    return factor === undefined ? s : { ...s, candles: widened(s.candles, from, factor) };
  });
  const outside = { symbol: "OUT/USDT", candles: clusteredCandles(n, 9, { realizedVariance: true }) };
  const fitWith = (series: readonly SeriesData[], extra: Partial<Hyperparameters>) =>
    fitAnchoredNetwork(series, trainEnd, horizons, {
      name: "cnn-gru",
      architecture: "cnn-gru",
      window,
      timeframe: "1d",
      hyper: { ...hyper, ...extra },
      seed: 42,
      pooled: true,
    });
  return { horizons, n, trainEnd, from, panel, outside, fitWith };
}
