import { describe, expect, it } from "vitest";
import { placeLabels, placeTag } from "../../src/chart/labels.js";
import type { EdgeLabel } from "../../src/chart/scene.js";

describe("placeLabels", () => {
  const label = (kind: EdgeLabel["kind"], price: number): EdgeLabel => ({ kind, price, text: String(price) });
  const bounds = { top: 0, bottom: 500 };
  // One pixel per unit of price, upside down as on a canvas.
  const yOf = (price: number) => 500 - price;

  it("GIVEN labels far apart THEN each sits at its own price", () => {
    const placed = placeLabels(
      [label("median", 250), label("band80", 300), label("band80", 200)],
      yOf,
      bounds,
    );
    expect(placed.map((p) => p.y)).toEqual([250, 200, 300]);
  });

  it("GIVEN a 95% label within a line of an 80% one THEN the less important one is dropped, not moved", () => {
    const placed = placeLabels(
      [label("median", 250), label("band80", 300), label("band95", 310)],
      yOf,
      bounds,
    );
    expect(placed.map((p) => p.kind)).toEqual(["median", "band80"]);
  });

  it("GIVEN a price beyond the plot THEN its label is clamped inside it", () => {
    const [placed] = placeLabels([label("median", 600)], yOf, bounds);
    expect(placed?.y).toBe(11);
  });
});

describe("placeTag", () => {
  const bounds = { left: 0, top: 0, right: 1000, bottom: 500 };
  const size = { width: 80, height: 28 };

  it("GIVEN nothing near the dot THEN the tag goes up and to its left", () => {
    const tag = placeTag({ x: 500, y: 250 }, size, [], bounds);
    expect(tag.x + tag.width).toBeLessThan(500);
    expect(tag.y + tag.height).toBeLessThan(250);
  });

  it("GIVEN a line coming down into the dot from the upper left THEN the tag avoids it", () => {
    const line = [
      { x: 300, y: 50 },
      { x: 500, y: 250 },
    ];
    const tag = placeTag({ x: 500, y: 250 }, size, [line], bounds);
    const hit = line.some(
      (p) => p.x >= tag.x && p.x <= tag.x + tag.width && p.y >= tag.y && p.y <= tag.y + tag.height,
    );
    expect(hit).toBe(false);
    expect(tag.y).toBeGreaterThan(250);
  });
});
