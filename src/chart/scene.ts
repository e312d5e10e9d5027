import type { Forecast } from "../contracts/forecast.js";
import { formatDateTime, formatPercent, signedPercent } from "../format.js";
import { i18nFor, type Locale } from "../i18n/index.js";
import { type Candle, TIMEFRAME_MS } from "../market/types.js";
import { utcMinute } from "../time.js";
import { formatPrice } from "./format.js";
import { buildTimeAxis, type TimeAxis } from "./time-axis.js";

/** Steps of history the picture shows: enough for a trend and a range, few enough to see each move. */
export const CHART_HISTORY = 90;
/** Width of the forecast zone, in candles of history (see {@link TimeAxis} for why it is fixed). */
export const FORECAST_ZONE_STEPS = 16;

export interface Point {
  x: number;
  y: number;
}

/** A value drawn at the right edge, beside the end of the cone. */
export interface EdgeLabel {
  kind: "median" | "band80" | "band95";
  price: number;
  text: string;
}

/**
 * Everything the picture shows, as numbers and strings on the stretched time axis: the pure half of
 * rendering, free of Chart.js and the canvas, so that what is drawn can be tested without pixels.
 */
export interface Scene {
  axis: TimeAxis;
  history: Point[];
  /** Last close: the tip of the cone, marked with a dot and its price. */
  last: Point & { text: string };
  median: [Point, Point];
  band80: { low: [Point, Point]; high: [Point, Point] };
  band95: { low: [Point, Point]; high: [Point, Point] };
  /** In order of importance: when labels would overlap, the later ones give way. */
  edgeLabels: EdgeLabel[];
  title: string;
  /** "as of 2025-01-12 00:00 UTC": the close of the last candle, when the last price was the price. */
  asOf: string;
  subtitle: string;
  stale: boolean;
  /** The stale-data pill's words ("STALE DATA"). */
  staleText: string;
  summary: { kind: "median" | "band80" | "band95" | "text"; text: string }[];
  footer: string;
}

/**
 * Lays out one forecast over its recent history.
 * @param history candles of the forecast's timeframe, oldest first; the last one is the forecast's origin
 * (its open time is `forecast.asOf`). Only the last {@link CHART_HISTORY} are shown.
 * @throws Error when the history does not end at the forecast's origin: the cone would start elsewhere.
 */
export function buildScene(forecast: Forecast, history: readonly Candle[], locale: Locale = "en"): Scene {
  const last = history.at(-1);
  if (last === undefined || last.time !== forecast.asOf) {
    throw new Error(
      `chart: the history must end with the forecast's origin candle (${utcMinute(forecast.asOf)}), ` +
        `got ${last === undefined ? "no candles" : utcMinute(last.time)}`,
    );
  }
  const step = TIMEFRAME_MS[forecast.timeframe];
  const shown = history.slice(-CHART_HISTORY);
  // Each close is drawn at the candle's close time, so the last one sits where the forecast starts.
  const origin = forecast.asOf + step;
  const firstClose = (shown[0] as Candle).time + step;
  const axis = buildTimeAxis({
    firstClose,
    origin,
    target: forecast.targetTime,
    step,
    zoneSteps: FORECAST_ZONE_STEPS,
    locale,
  });
  const end = axis.toAxis(forecast.targetTime);
  const tip: Point = { x: origin, y: forecast.lastPrice };
  const to = (y: number): [Point, Point] => [tip, { x: end, y }];
  const { interval80: i80, interval95: i95 } = forecast;

  const { t } = i18nFor(locale);
  const price = (value: number) => formatPrice(value, locale);
  // English keeps its hand-written "80%" and "62%": the golden pictures pin them, whatever the ICU build.
  const percent = (share: number) =>
    locale === "en" ? `${Math.round(share * 100)}%` : formatPercent(share, 0, locale);
  const band = (level: number, low: number, high: number) =>
    t("chart.band", { level: percent(level), low: price(low), high: price(high) });

  return {
    axis,
    history: shown.map((c) => ({ x: c.time + step, y: c.close })),
    last: { ...tip, text: price(forecast.lastPrice) },
    median: to(forecast.median),
    band80: { low: to(i80.low), high: to(i80.high) },
    band95: { low: to(i95.low), high: to(i95.high) },
    edgeLabels: [
      { kind: "median", price: forecast.median, text: price(forecast.median) },
      { kind: "band80", price: i80.high, text: price(i80.high) },
      { kind: "band80", price: i80.low, text: price(i80.low) },
      { kind: "band95", price: i95.high, text: price(i95.high) },
      { kind: "band95", price: i95.low, text: price(i95.low) },
    ],
    title: t("chart.title", { symbol: forecast.symbol, horizon: forecast.horizon }),
    // A daily forecast starts from the daily close; the newest 4h close, when later, is named in the summary.
    asOf: t(forecast.latest === undefined ? "chart.asOf" : "chart.asOfDaily", {
      time: formatDateTime(origin, locale),
    }),
    subtitle: t("chart.subtitle", {
      timeframe: forecast.timeframe,
      source: t(forecast.data.source === "live" ? "chart.live" : "chart.shipped"),
    }),
    stale: forecast.data.stale,
    staleText: t("chart.stale"),
    summary: [
      {
        kind: "median",
        text: t("chart.median", {
          price: price(forecast.median),
          change: signedPercent(forecast.median / forecast.lastPrice - 1, 1, locale),
        }),
      },
      { kind: "band80", text: band(0.8, i80.low, i80.high) },
      { kind: "band95", text: band(0.95, i95.low, i95.high) },
      { kind: "text", text: t("chart.pUp", { share: percent(forecast.probabilityUp) }) },
      ...(forecast.latest === undefined
        ? []
        : [
            {
              kind: "text" as const,
              text: t("chart.latest", {
                price: price(forecast.latest.price),
                time: formatDateTime(forecast.latest.time, locale),
              }),
            },
          ]),
    ],
    footer: t("chart.footer", { version: forecast.modelVersion }),
  };
}
