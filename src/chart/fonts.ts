import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";

/**
 * The family every text in the picture names. An alias of our own, not "DejaVu Sans": a machine with
 * DejaVu installed system-wide would otherwise be free to pick its own copy (another version, other
 * hinting) and the picture would differ from one machine to the next.
 */
export const CHART_FONT = "Coincast DejaVu Sans";

const FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] as const;

/** The directory of the TTF files shipped by the dejavu-fonts-ttf package, wherever npm put it. */
function fontDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
}

/**
 * Registers the shipped DejaVu Sans (regular and bold) under {@link CHART_FONT}, so that text renders on a
 * bare machine with no system fonts. Safe to call before every render: Skia's font registry is global to
 * the process, so registering twice would only add duplicates, and `GlobalFonts.has` tells us it is done.
 * @throws Error when a font file cannot be loaded (the package is missing or damaged).
 */
export function registerChartFonts(): void {
  if (GlobalFonts.has(CHART_FONT)) return;
  const dir = fontDir();
  for (const file of FILES) {
    if (GlobalFonts.registerFromPath(join(dir, file), CHART_FONT) === null) {
      throw new Error(`could not load the chart font ${join(dir, file)}`);
    }
  }
}

/** A CSS font shorthand naming {@link CHART_FONT}, for drawing on the canvas directly. */
export function cssFont(size: number, weight: "normal" | "bold" = "normal"): string {
  return `${weight} ${size}px "${CHART_FONT}"`;
}
