import { describe, expect, it } from "vitest";
import { FRAME, type HeaderLayout, layoutHeader, type Measure } from "../../src/chart/header.js";

const WIDTH = 1200;
/** A font of fixed advance: every character half as wide as the font is tall, so widths are easy to plan. */
const measure: Measure = (text, font) => (text.length * Number(/(\d+)px/.exec(font)?.[1])) / 2;
const size = (font: string) => Number(/(\d+)px/.exec(font)?.[1]);
/** The right end of a placed text: where it starts, plus its width when it is left-aligned. */
const rightEnd = (t: HeaderLayout["title"]) => (t.align === "right" ? t.x : t.x + measure(t.text, t.font));

const summary = [
  { kind: "median" as const, text: "m".repeat(20) },
  { kind: "band80" as const, text: "a".repeat(18) },
  { kind: "band95" as const, text: "b".repeat(18) },
  { kind: "text" as const, text: "p".repeat(10) },
];
const header = (title: number, asOf: number, stale: number, extra = 0) => ({
  title: "T".repeat(title),
  asOf: "A".repeat(asOf),
  stale: stale > 0,
  staleText: "S".repeat(stale),
  summary: extra > 0 ? [...summary, { kind: "text" as const, text: "L".repeat(extra) }] : summary,
});

describe("layoutHeader", () => {
  it("GIVEN a header that fits THEN one line each, where the picture always had them, and the plot at 108", () => {
    const layout = layoutHeader(header(26, 30, 10), measure, WIDTH);
    expect(layout.asOf).toMatchObject({ baseline: 44, x: WIDTH - FRAME.margin, align: "right" });
    expect(size(layout.asOf.font)).toBe(19);
    expect(layout.stale?.pill.y).toBe(22);
    expect(layout.summary).toHaveLength(1);
    expect(layout.summary[0]?.baseline).toBe(86);
    expect(layout.bottom).toBe(108);
  });

  it("GIVEN a time a little too long beside the title THEN it shrinks, staying on the title's line", () => {
    // Room 1152 - 24 - title 30 × 15 leaves 678; pill 12 × 8.5 + 20 and its gap take 138: the time's 62
    // characters need 589 px at 19 px, 527 at 17.
    const layout = layoutHeader(header(30, 62, 12), measure, WIDTH);
    expect(layout.asOf.baseline).toBe(44);
    expect(size(layout.asOf.font)).toBeLessThan(19);
    expect(size(layout.asOf.font)).toBeGreaterThanOrEqual(16);
    expect(layout.stale?.pill.x).toBeGreaterThanOrEqual(rightEnd(layout.title) + 24);
  });

  it("GIVEN a time that does not fit even at 16 px THEN it takes its own line and the pill keeps the title's", () => {
    const layout = layoutHeader(header(30, 70, 20), measure, WIDTH);
    expect(size(layout.asOf.font)).toBe(19);
    expect(layout.asOf.baseline).toBeGreaterThan(layout.title.baseline + 20);
    const pill = layout.stale?.pill;
    expect(pill && pill.x + pill.width).toBe(WIDTH - FRAME.margin);
    expect(pill?.x).toBeGreaterThanOrEqual(rightEnd(layout.title) + 24);
    expect(layout.summary[0]?.baseline).toBeGreaterThan(layout.asOf.baseline + 20);
    expect(layout.bottom).toBeGreaterThan(108);
  });

  it("GIVEN a pill that does not fit beside the title either THEN it goes left of the time, on the time's line", () => {
    const layout = layoutHeader(header(50, 70, 60), measure, WIDTH);
    const pill = layout.stale?.pill;
    const text = layout.stale?.text;
    expect(text?.baseline).toBe(layout.asOf.baseline - 3);
    expect(pill && pill.x + pill.width).toBeLessThanOrEqual(
      WIDTH - FRAME.margin - measure(layout.asOf.text, layout.asOf.font),
    );
    expect(pill?.x).toBeGreaterThanOrEqual(FRAME.margin);
  });

  it("GIVEN a summary too long even at 16 px THEN the items that do not fit wrap, in order, at full size", () => {
    const layout = layoutHeader(header(26, 30, 0, 60), measure, WIDTH);
    expect(layout.summary.map((l) => l.items.map((i) => i.text[0]))).toEqual([["m", "a", "b", "p"], ["L"]]);
    for (const line of layout.summary) {
      expect(line.size).toBe(19);
      const last = line.items.at(-1);
      expect(last && last.x + measure(last.text, `${line.size}px`)).toBeLessThanOrEqual(WIDTH - FRAME.margin);
    }
    expect(layout.summary[1]?.items[0]?.x).toBe(FRAME.margin);
    expect(layout.bottom).toBe(138);
  });

  it("GIVEN a summary that fits once shrunk THEN it stays on one line, shrunk, as before", () => {
    const layout = layoutHeader(header(26, 30, 0, 40), measure, WIDTH);
    expect(layout.summary).toHaveLength(1);
    expect(layout.summary[0]?.size).toBeLessThan(19);
    expect(layout.bottom).toBe(108);
  });
});
