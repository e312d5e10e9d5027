import { cssFont } from "./fonts.js";
import type { Scene } from "./scene.js";

/** Font sizes in px: a 1200 px picture shown about 400 px wide on a phone shrinks them three times. */
export const FONT_SIZE = { title: 30, summary: 19, asOf: 19, label: 18, tick: 18, footer: 16 } as const;
/**
 * Room Chart.js leaves around its plot for what the overlays draw there; `right` is the least. The top is
 * the header's own: {@link layoutHeader} says where it ends.
 */
export const FRAME = { bottom: 34, left: 14, right: 118, margin: 24 } as const;

/** The width of `text` drawn in the CSS `font`: the canvas's measureText, passed in so layout needs no canvas. */
export type Measure = (text: string, font: string) => number;

/** A text and where it is drawn: `x` is its left end, or its right end when `align` is "right". */
export interface PlacedText {
  text: string;
  font: string;
  x: number;
  baseline: number;
  align: "left" | "right";
}

/** One line of the summary: each item's swatch starts at `x`, its text after the swatch. */
export interface SummaryLine {
  size: number;
  baseline: number;
  items: (Scene["summary"][number] & { x: number })[];
}

export interface HeaderLayout {
  title: PlacedText;
  asOf: PlacedText;
  /** The stale-data pill (its box) and its words, when the data is stale. */
  stale?: { pill: { x: number; y: number; width: number; height: number }; text: PlacedText };
  summary: SummaryLine[];
  /** Where the plot starts: a little below the header's last line. */
  bottom: number;
}

/** Room a swatch takes before its text in the summary line, at the summary's own size (px). */
export const SWATCH = { median: 34, band80: 30, band95: 30, text: 0 } as const;
const SUMMARY_GAP = 30;
/** Baselines and gaps (px). The first line's numbers are the picture as it was before lines could wrap. */
const LINE = { title: 46, asOfBelow: 30, summaryAfterTitle: 40, summaryAfterAsOf: 32, summary: 30, plot: 22 };
/** The least room between the title and the pill or time right of it. */
const TITLE_GAP = 24;
const PILL = { height: 30, padding: 10, gap: 16, font: cssFont(FONT_SIZE.asOf - 2, "bold") };

/** The largest size from `from` down to `least` at which `fits` holds, or `least` when none does. */
function fitSize(from: number, least: number, fits: (size: number) => boolean): number {
  let size = from;
  while (size > least && !fits(size)) size--;
  return size;
}

/**
 * Lays out the header: the title, the stale-data pill and the "as of" time on the first line, then the
 * summary. Nothing overlaps and nothing runs past the margins, in any language: the time shrinks, then
 * takes a line of its own (the pill too if it must), and a summary too long even at the footer size wraps
 * its last items onto further lines rather than cut them off. English, which fits, stays as it always was.
 */
export function layoutHeader(
  scene: Pick<Scene, "title" | "asOf" | "stale" | "staleText" | "summary">,
  measure: Measure,
  width: number,
): HeaderLayout {
  const m = FRAME.margin;
  const room = width - 2 * m;
  const right = width - m;
  const titleSize = fitSize(FONT_SIZE.title, 1, (s) => measure(scene.title, cssFont(s, "bold")) <= room);
  const titleFont = cssFont(titleSize, "bold");
  const title: PlacedText = { text: scene.title, font: titleFont, x: m, baseline: LINE.title, align: "left" };
  const besideTitle = room - measure(scene.title, titleFont) - TITLE_GAP;
  const pillWidth = scene.stale ? measure(scene.staleText, PILL.font) + 2 * PILL.padding : 0;
  const pillRoom = scene.stale ? pillWidth + PILL.gap : 0;
  const asOfWidth = (size: number) => measure(scene.asOf, cssFont(size));

  const sameLine = fitSize(FONT_SIZE.asOf, FONT_SIZE.footer, (s) => pillRoom + asOfWidth(s) <= besideTitle);
  const fitsBeside = pillRoom + asOfWidth(sameLine) <= besideTitle;
  const pillBeside = fitsBeside || pillWidth <= besideTitle;
  const asOfBaseline = fitsBeside ? LINE.title - 2 : LINE.title + LINE.asOfBelow;
  const asOfRoom = fitsBeside ? besideTitle : room - (pillBeside ? 0 : pillRoom);
  const asOfSize = fitsBeside ? sameLine : fitSize(FONT_SIZE.asOf, 1, (s) => asOfWidth(s) <= asOfRoom);
  const asOf: PlacedText = {
    text: scene.asOf,
    font: cssFont(asOfSize),
    x: right,
    baseline: asOfBaseline,
    align: "right",
  };

  let stale: HeaderLayout["stale"];
  if (scene.stale) {
    // The pill sits left of the time on the time's line, or alone at the right end of the title's line.
    const pillLine = pillBeside ? LINE.title : asOfBaseline;
    const pillRight = fitsBeside || !pillBeside ? right - asOfWidth(asOfSize) - PILL.gap : right;
    const x = pillRight - pillWidth;
    stale = {
      pill: { x, y: pillLine - 24, width: pillWidth, height: PILL.height },
      text: {
        text: scene.staleText,
        font: PILL.font,
        x: x + PILL.padding,
        baseline: pillLine - 3,
        align: "left",
      },
    };
  }

  const first = fitsBeside ? LINE.title + LINE.summaryAfterTitle : asOfBaseline + LINE.summaryAfterAsOf;
  const summary = layoutSummary(scene.summary, measure, { left: m, baseline: first, width: room });
  const last = summary.at(-1)?.baseline ?? first;
  return { title, asOf, ...(stale && { stale }), summary, bottom: last + LINE.plot };
}

/** Width of summary items at `size` px: swatches, texts and the gaps after them. */
function summaryWidth(items: Scene["summary"], measure: Measure, size: number): number {
  const scale = size / FONT_SIZE.summary;
  return items.reduce(
    (sum, item) => sum + measure(item.text, cssFont(size)) + (SWATCH[item.kind] + SUMMARY_GAP) * scale,
    0,
  );
}

/**
 * The legend and the numbers: a swatch of each forecast element before its values. A line too long (a pair
 * priced in many digits, a language of long words) first shrinks, down to the footer size; past that the
 * items that do not fit go on a second line (a third if need be) at the full size.
 */
function layoutSummary(
  items: Scene["summary"],
  measure: Measure,
  box: { left: number; baseline: number; width: number },
): SummaryLine[] {
  const fits = (part: Scene["summary"]) => (s: number) => summaryWidth(part, measure, s) <= box.width;
  const oneLine = fitSize(FONT_SIZE.summary, FONT_SIZE.footer, fits(items));
  const parts: Scene["summary"][] = [];
  if (fits(items)(oneLine)) parts.push(items);
  else {
    for (const item of items) {
      const line = parts.at(-1);
      if (line !== undefined && fits([...line, item])(FONT_SIZE.summary)) line.push(item);
      else parts.push([item]);
    }
  }
  return parts.map((part, i) => {
    // A single item wider than the line (never seen) shrinks as far as it must.
    const size = parts.length === 1 ? oneLine : fitSize(FONT_SIZE.summary, 1, fits(part));
    const scale = size / FONT_SIZE.summary;
    let x = box.left;
    const placed = part.map((item) => {
      const at = x;
      x += measure(item.text, cssFont(size)) + (SWATCH[item.kind] + SUMMARY_GAP) * scale;
      return { ...item, x: at };
    });
    return { size, baseline: box.baseline + i * LINE.summary, items: placed };
  });
}
