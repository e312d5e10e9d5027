/** Where labels go on the picture: pure geometry in pixels, free of the canvas, so it can be tested. */
import type { EdgeLabel, Point } from "./scene.js";

export const LABEL_HEIGHT = 22;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A label at its vertical centre (px). */
export interface PlacedLabel extends EdgeLabel {
  y: number;
}

/**
 * Places labels in order of importance at their own height, clamped inside [top, bottom]; a label that
 * would overlap one already placed is dropped rather than moved, so no number ever sits beside the
 * wrong line.
 */
export function placeLabels(
  labels: readonly EdgeLabel[],
  yOf: (price: number) => number,
  bounds: { top: number; bottom: number },
  height: number = LABEL_HEIGHT,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const label of labels) {
    const y = Math.min(Math.max(yOf(label.price), bounds.top + height / 2), bounds.bottom - height / 2);
    if (placed.every((p) => Math.abs(p.y - y) >= height)) placed.push({ ...label, y });
  }
  return placed;
}

/** Points every few pixels along a polyline, to test boxes against the line rather than its corners only. */
function sample(line: readonly Point[], every = 4): Point[] {
  const points: Point[] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Point;
    const b = line[i] as Point;
    const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / every));
    for (let k = 0; k < n; k++)
      points.push({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n });
  }
  const last = line.at(-1);
  if (last !== undefined) points.push(last);
  return points;
}

/**
 * A box of `size` beside `anchor` (the last price's dot) that covers as little of `lines` as it can:
 * the first of a few spots around the dot, nearest first, that is clear of them and inside `bounds`,
 * else the one that covers the fewest of their points.
 */
export function placeTag(
  anchor: Point,
  size: { width: number; height: number },
  lines: readonly (readonly Point[])[],
  bounds: { left: number; top: number; right: number; bottom: number },
): Box {
  const { width: w, height: h } = size;
  const gap = 14;
  const spots: Box[] = [
    { x: anchor.x - w - gap, y: anchor.y - h - gap },
    { x: anchor.x - w - gap, y: anchor.y + gap },
    { x: anchor.x - w / 2, y: anchor.y - h - gap - 4 },
    { x: anchor.x - w / 2, y: anchor.y + gap + 4 },
    { x: anchor.x - w - gap, y: anchor.y - h - 3 * gap },
    { x: anchor.x - w - gap, y: anchor.y + 3 * gap },
    { x: anchor.x - w - gap, y: anchor.y - h - 6 * gap },
    { x: anchor.x - w - gap, y: anchor.y + 6 * gap },
  ].map((s) => ({ ...s, width: w, height: h }));
  const inside = spots.filter(
    (s) => s.x >= bounds.left && s.y >= bounds.top && s.x + w <= bounds.right && s.y + h <= bounds.bottom,
  );
  const points = lines.flatMap((line) => sample(line));
  const margin = 3;
  const covered = (s: Box) =>
    points.filter(
      (p) => p.x >= s.x - margin && p.x <= s.x + w + margin && p.y >= s.y - margin && p.y <= s.y + h + margin,
    ).length;
  let best = inside[0] ?? (spots[0] as Box);
  let bestCount = Number.POSITIVE_INFINITY;
  for (const spot of inside) {
    const count = covered(spot);
    if (count === 0) return spot;
    if (count < bestCount) [best, bestCount] = [spot, count];
  }
  return best;
}
