import { describe, expect, it } from "vitest";
import { CHART_SIZE, renderForecastChart } from "../../src/chart/render.js";
import { buildScene } from "../../src/chart/scene.js";
import { LOCALES } from "../../src/i18n/index.js";
import { type DrawnText, overlaps, recordDrawnText } from "./drawn-text.js";
import { btcDailyWithLatest } from "./fixtures.js";

/** The picture's side margin, which the header's texts keep to (FRAME.margin). */
const MARGIN = 24;

describe.each(LOCALES)("the daily chart's header in %s", (locale) => {
  describe.each([true, false])("with stale data %s and a newer 4h close", (stale) => {
    const input = { ...btcDailyWithLatest(stale), locale };
    const scene = buildScene(input.forecast, input.history, locale);
    const { texts, pills } = recordDrawnText(() => renderForecastChart(input));
    const drawn = (text: string): DrawnText[] => texts.filter((t) => t.text === text);
    const header = [scene.title, scene.asOf, ...scene.summary.map((s) => s.text)];
    if (stale) header.push(scene.staleText);

    it("THEN every text of the header is drawn, once", () => {
      for (const text of header) expect(drawn(text), text).toHaveLength(1);
    });

    it("THEN no drawn text runs past the margins", () => {
      for (const t of texts.filter((t) => header.includes(t.text))) {
        expect(t.left, t.text).toBeGreaterThanOrEqual(MARGIN - 2);
        expect(t.right, t.text).toBeLessThanOrEqual(CHART_SIZE.width - MARGIN);
      }
      for (const t of texts) {
        expect(t.left, t.text).toBeGreaterThanOrEqual(0);
        expect(t.right, t.text).toBeLessThanOrEqual(CHART_SIZE.width);
      }
    });

    it("THEN no two texts of the header overlap", () => {
      const boxes = texts.filter((t) => header.includes(t.text));
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) expect(overlaps(a, b), `${a.text} / ${b.text}`).toBe(false);
      }
    });

    it.runIf(stale)("THEN the stale label's pill covers neither the title nor the time", () => {
      const [label] = drawn(scene.staleText);
      const pill = pills.find(
        (p) => label !== undefined && p.left <= label.left && p.right >= label.right && p.top <= label.top,
      );
      expect(pill).toBeDefined();
      for (const text of [scene.title, scene.asOf]) {
        const [box] = drawn(text);
        expect(box && pill && overlaps(box, pill), text).toBe(false);
      }
    });
  });
});
