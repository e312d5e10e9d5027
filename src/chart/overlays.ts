import type { SKRSContext2D } from "@napi-rs/canvas";
import type { Chart, Plugin } from "chart.js";
import { cssFont } from "./fonts.js";
import { FONT_SIZE, FRAME, type HeaderLayout, type PlacedText, SWATCH } from "./header.js";
import { placeLabels, placeTag } from "./labels.js";
import type { EdgeLabel, Scene } from "./scene.js";
import type { ChartTheme } from "./theme.js";

/** Gap between the end of the cone and its labels. */
const EDGE_GAP = 12;

/** Room right of the plot for the cone's end labels: more for a pair priced in many digits. */
export function rightPadding(ctx: SKRSContext2D, scene: Scene): number {
  ctx.font = cssFont(FONT_SIZE.label, "bold");
  const widest = Math.max(...scene.edgeLabels.map((l) => ctx.measureText(l.text).width));
  return Math.max(FRAME.right, Math.ceil(widest) + EDGE_GAP + FRAME.margin / 2);
}

function pill(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, fill: string): void {
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, h / 2);
  ctx.fill();
}

function dot(ctx: SKRSContext2D, x: number, y: number, colour: string, ring: string): void {
  ctx.beginPath();
  ctx.arc(x, y, 7, 0, 2 * Math.PI);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.lineWidth = 3;
  ctx.strokeStyle = ring;
  ctx.stroke();
}

const kindColour = (theme: ChartTheme, kind: EdgeLabel["kind"]): string =>
  kind === "median" ? theme.median : kind === "band80" ? theme.band80Text : theme.band95Text;

/**
 * The parts of the picture Chart.js does not draw: background and forecast zone, the last price and the
 * cone's end values, title, summary and footer. They draw on `ctx`, the canvas the chart was given, typed
 * as @napi-rs/canvas's own context rather than the DOM one Chart.js declares.
 */
export function overlayPlugins(
  ctx: SKRSContext2D,
  scene: Scene,
  theme: ChartTheme,
  size: { width: number; height: number },
  header: HeaderLayout,
): Plugin<"line">[] {
  const px = (chart: Chart<"line">) => ({
    x: (value: number) => chart.scales.x?.getPixelForValue(value) ?? 0,
    y: (value: number) => chart.scales.y?.getPixelForValue(value) ?? 0,
  });

  const background: Plugin<"line"> = {
    id: "coincast-background",
    beforeDraw(chart) {
      const area = chart.chartArea;
      ctx.save();
      ctx.fillStyle = theme.background;
      ctx.fillRect(0, 0, size.width, size.height);
      const zoneStart = px(chart).x(scene.axis.origin);
      ctx.fillStyle = theme.forecastZone;
      ctx.fillRect(zoneStart, area.top, area.right - zoneStart, area.bottom - area.top);
      // The zone's edge, where "now" is: the time axis changes scale there (see time-axis.ts).
      ctx.strokeStyle = theme.grid;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 6]);
      ctx.beginPath();
      ctx.moveTo(Math.round(zoneStart), area.top);
      ctx.lineTo(Math.round(zoneStart), area.bottom);
      ctx.stroke();
      ctx.restore();
    },
  };

  const markers: Plugin<"line"> = {
    id: "coincast-markers",
    afterDatasetsDraw(chart) {
      const { x, y } = px(chart);
      const area = chart.chartArea;
      ctx.save();
      const [, end] = scene.median;
      dot(ctx, x(end.x), y(end.y), theme.median, theme.background);

      // The last price: a dot at the cone's tip and its value in a pill beside it, off the lines.
      const anchor = { x: x(scene.last.x), y: y(scene.last.y) };
      dot(ctx, anchor.x, anchor.y, theme.history, theme.background);
      ctx.font = cssFont(FONT_SIZE.label, "bold");
      const size = { width: ctx.measureText(scene.last.text).width + 20, height: 28 };
      const toPixels = (points: readonly { x: number; y: number }[]) =>
        points.map((p) => ({ x: x(p.x), y: y(p.y) }));
      const lines = [scene.history, scene.band95.low, scene.band95.high, scene.median].map(toPixels);
      const tag = placeTag(anchor, size, lines, area);
      pill(ctx, tag.x, tag.y, tag.width, tag.height, theme.history);
      ctx.fillStyle = theme.background;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(scene.last.text, tag.x + tag.width / 2, tag.y + tag.height / 2 + 1);
      ctx.textAlign = "left";

      const placed = placeLabels(scene.edgeLabels, y, area);
      for (const label of placed) {
        ctx.font = cssFont(FONT_SIZE.label, label.kind === "median" ? "bold" : "normal");
        ctx.fillStyle = kindColour(theme, label.kind);
        ctx.fillText(label.text, area.right + EDGE_GAP, label.y + 1);
      }
      ctx.restore();
    },
  };

  const frame: Plugin<"line"> = {
    id: "coincast-frame",
    afterDraw() {
      const m = FRAME.margin;
      ctx.save();
      ctx.textBaseline = "alphabetic";

      drawHeader(ctx, header, theme);

      ctx.font = cssFont(FONT_SIZE.footer);
      ctx.fillStyle = theme.mutedText;
      ctx.textAlign = "left";
      ctx.fillText(`${scene.subtitle} · ${scene.footer}`, m, size.height - 12);
      ctx.restore();
    },
  };

  return [background, markers, frame];
}

/** The title, the stale-data pill, the "as of" time and the summary, where {@link layoutHeader} put them. */
function drawHeader(ctx: SKRSContext2D, header: HeaderLayout, theme: ChartTheme): void {
  const text = (placed: PlacedText, colour: string) => {
    ctx.font = placed.font;
    ctx.textAlign = placed.align;
    ctx.fillStyle = colour;
    ctx.fillText(placed.text, placed.x, placed.baseline);
  };
  text(header.title, theme.text);
  text(header.asOf, theme.text);
  if (header.stale !== undefined) {
    const { pill: box } = header.stale;
    pill(ctx, box.x, box.y, box.width, box.height, theme.stale);
    text(header.stale.text, theme.staleText);
  }
  ctx.textAlign = "left";
  for (const line of header.summary) {
    const scale = line.size / FONT_SIZE.summary;
    const { baseline } = line;
    ctx.font = cssFont(line.size);
    for (const item of line.items) {
      if (item.kind === "median") {
        ctx.fillStyle = theme.median;
        ctx.fillRect(item.x, baseline - 8 * scale, 26 * scale, 4);
      } else if (item.kind !== "text") {
        ctx.fillStyle = item.kind === "band80" ? theme.band80 : theme.band95;
        ctx.fillRect(item.x, baseline - 15 * scale, 22 * scale, 18 * scale);
      }
      ctx.fillStyle = item.kind === "text" ? theme.text : kindColour(theme, item.kind);
      ctx.fillText(item.text, item.x + SWATCH[item.kind] * scale, baseline);
    }
  }
}
