import { createCanvas } from "@napi-rs/canvas";
import {
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  type ChartItem,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from "chart.js";
import type { Forecast } from "../contracts/forecast.js";
import type { Locale } from "../i18n/index.js";
import type { Candle } from "../market/types.js";
import { CHART_FONT, registerChartFonts } from "./fonts.js";
import { formatAxisPrice } from "./format.js";
import { FONT_SIZE, FRAME, layoutHeader } from "./header.js";
import { overlayPlugins, rightPadding } from "./overlays.js";
import { encodeOpaquePng } from "./png.js";
import { buildScene, type Point, type Scene } from "./scene.js";
import { CHART_THEMES, type ChartTheme, type ChartThemeName } from "./theme.js";

export type { ChartThemeName } from "./theme.js";

/** The picture's size: the 1.91:1 link-preview shape, shown whole by Discord and Telegram alike. */
export const CHART_SIZE = { width: 1200, height: 630 } as const;

export interface ForecastChartInput {
  forecast: Forecast;
  /** Candles of the forecast's timeframe, oldest first, ending with the forecast's origin candle. */
  history: readonly Candle[];
  /** Default "dark". Either paints its own background, so both read on dark and light chats. */
  theme?: ChartThemeName;
  /** The language of the picture's words, numbers and dates; default English. */
  locale?: Locale;
}

/**
 * The forecast as a PNG: recent closes, the median path and the 80% and 95% cones to the target, the last
 * price, dates in UTC. Synchronous and deterministic: the same input gives the same bytes, and nothing in
 * the picture reads the clock. Renders with the shipped DejaVu fonts, so it needs no system fonts.
 * @throws Error when the history does not end with the forecast's origin candle.
 */
export function renderForecastChart(input: ForecastChartInput): Buffer {
  registerChartFonts();
  // Only what a line chart needs; registering twice is a no-op, so this stays cheap on every call.
  Chart.register(LineController, LineElement, PointElement, LinearScale, Filler);
  const locale = input.locale ?? "en";
  const scene = buildScene(input.forecast, input.history, locale);
  const theme = CHART_THEMES[input.theme ?? "dark"];
  // A fresh canvas per picture costs well under a millisecond and keeps calls independent of each other.
  const canvas = createCanvas(CHART_SIZE.width, CHART_SIZE.height);
  const ctx = canvas.getContext("2d");
  const measure = (text: string, font: string) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  // The header first: how many lines it takes in this language decides where the plot starts.
  const header = layoutHeader(scene, measure, CHART_SIZE.width);
  const padding = { top: header.bottom, right: rightPadding(ctx, scene) };
  const config = chartConfig(scene, theme, padding, locale);
  config.plugins = overlayPlugins(ctx, scene, theme, CHART_SIZE, header);
  // Outside a browser Chart.js picks its BasicPlatform: no DOM, no listeners; it only needs the context.
  const chart = new Chart(ctx as unknown as ChartItem, config);
  try {
    // Encode before destroy(): destroying a chart clears its canvas. The background plugin paints every
    // pixel opaque, which encodeOpaquePng needs.
    return encodeOpaquePng(canvas.data(), CHART_SIZE.width, CHART_SIZE.height);
  } finally {
    chart.destroy();
  }
}

type LineDataset = ChartDataset<"line", Point[]>;

/** A dataset drawn as a bare path: no points, and no stroke or fill unless `options` ask for one. */
const line = (data: readonly Point[], options: Omit<LineDataset, "data">): LineDataset => ({
  data: [...data],
  pointRadius: 0,
  borderWidth: 0,
  fill: false,
  ...options,
});

function chartConfig(
  scene: Scene,
  theme: ChartTheme,
  padding: { top: number; right: number },
  locale: Locale,
): ChartConfiguration<"line", Point[]> {
  const tickFont = { family: CHART_FONT, size: FONT_SIZE.tick };
  const labels = new Map(scene.axis.ticks.map((t) => [t.value, t.label]));
  return {
    type: "line",
    data: {
      // Fill "-1" shades down to the dataset before: each band's high edge fills to its low edge.
      datasets: [
        line(scene.history, {
          order: 1,
          borderColor: theme.history,
          borderWidth: 3,
          fill: "start",
          backgroundColor: theme.historyFill,
        }),
        line(scene.band95.low, { order: 4 }),
        line(scene.band95.high, { order: 4, fill: "-1", backgroundColor: theme.band95 }),
        line(scene.band80.low, { order: 3 }),
        line(scene.band80.high, { order: 3, fill: "-1", backgroundColor: theme.band80 }),
        line(scene.median, { order: 0, borderColor: theme.median, borderWidth: 3, borderDash: [12, 7] }),
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      parsing: false,
      normalized: true,
      layout: { padding: { ...padding, bottom: FRAME.bottom, left: FRAME.left } },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        x: {
          type: "linear",
          min: scene.axis.min,
          max: scene.axis.max,
          // Our own UTC-aligned ticks (see time-axis.ts) in place of Chart.js's evenly spaced numbers.
          afterBuildTicks: (scale) => {
            scale.ticks = scene.axis.ticks.map((t) => ({ value: t.value }));
          },
          ticks: {
            callback: (value) => labels.get(Number(value)) ?? "",
            autoSkip: false,
            maxRotation: 0,
            padding: 8,
            color: theme.mutedText,
            font: tickFont,
          },
          grid: { color: theme.grid, drawTicks: false },
          border: { display: false },
        },
        y: {
          type: "linear",
          position: "left",
          grace: "6%",
          ticks: {
            maxTicksLimit: 7,
            padding: 10,
            color: theme.mutedText,
            font: tickFont,
            callback: (value, _index, ticks) => {
              const step = Math.abs((ticks[1]?.value ?? 0) - (ticks[0]?.value ?? 0));
              const axisMax = Math.max(...ticks.map((t) => Math.abs(t.value)));
              return formatAxisPrice(Number(value), step, axisMax, locale);
            },
          },
          grid: { color: theme.grid, drawTicks: false },
          border: { display: false },
        },
      },
    },
  };
}
