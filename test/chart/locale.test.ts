import { describe, expect, it } from "vitest";
import { runChartJob } from "../../src/chart/chart-job.js";
import { formatAxisPrice, formatPrice, formatUtcTick } from "../../src/chart/format.js";
import { renderForecastChart } from "../../src/chart/render.js";
import { buildScene } from "../../src/chart/scene.js";
import { chartJobId } from "../../src/fleet/queue-jobs.js";
import { chartCacheKey } from "../../src/forecast/service.js";
import { btcDaily, xrp4h } from "./fixtures.js";

describe("the chart in the reader's language", () => {
  const { forecast, history } = btcDaily();

  it("GIVEN de THEN the scene's words are German and its numbers and dates are written the German way", () => {
    const scene = buildScene(forecast, history, "de");
    expect(scene.title).toBe("BTC/USDT · Prognose für 1d");
    expect(scene.asOf).toBe("Stand 12.01.2025, 00:00 UTC");
    expect(scene.footer).toBe("Modell cnn-gru 2025-12-08 a1b2c3d4 · keine Anlageberatung");
    expect(scene.staleText).toBe("VERALTETE DATEN");
    expect(scene.subtitle).toBe("1d-Kerzen, Live-Daten");
    // Intl puts a no-break space before the per cent sign, as German typesetting does.
    expect(scene.summary.map((s) => s.text)).toEqual([
      "Median 91,8 Tsd. (+0,4\u00a0%)",
      "80\u00a0% 88,5 Tsd. – 94,7 Tsd.",
      "95\u00a0% 86,2 Tsd. – 97,1 Tsd.",
      "P(steigt) 55\u00a0%",
    ]);
    expect(scene.edgeLabels.map((l) => l.text)).toEqual([
      "91,8 Tsd.",
      "94,7 Tsd.",
      "88,5 Tsd.",
      "97,1 Tsd.",
      "86,2 Tsd.",
    ]);
    // Dates over the history, then the target time (13 January) in the forecast zone.
    expect(scene.axis.ticks.map((t) => t.label)).toEqual([
      "15. Okt.",
      "1. Nov.",
      "15. Nov.",
      "1. Dez.",
      "15. Dez.",
      "1. Jan.",
      "13. Jan.",
    ]);
  });

  it("GIVEN en THEN the scene reads as it always has (the golden pictures pin it)", () => {
    const scene = buildScene(forecast, history);
    expect(scene.title).toBe("BTC/USDT · 1d forecast");
    expect(scene.summary.at(-1)?.text).toMatch(/^P\(up\) \d+%$/);
    expect(scene.staleText).toBe("STALE DATA");
  });

  it("GIVEN es and pt-BR THEN prices, percentages and ticks follow each language", () => {
    expect(formatPrice(97_123, "es")).toBe("97,1 mil");
    expect(formatPrice(1_234_567, "pt-BR")).toBe("1,23 mi");
    expect(formatPrice(3412.5, "de")).toBe("3.412,50");
    expect(formatAxisPrice(96_500, 500, 98_000, "de")).toBe("96,5 Tsd.");
    expect(formatUtcTick(Date.UTC(2025, 0, 12, 8), "es")).toBe("12 ene, 08:00");
    const xrp = xrp4h();
    const scene = buildScene(xrp.forecast, xrp.history, "pt-BR");
    expect(scene.staleText).toBe("DADOS DESATUALIZADOS");
    expect(scene.last.text).toMatch(/^\d,\d{4}$/);
  });

  it("GIVEN the chart job in de THEN it draws the German picture, not the English one", async () => {
    const german = Buffer.from((await runChartJob({ forecast, history, locale: "de" })).png);
    expect(german.equals(renderForecastChart({ forecast, history, locale: "de" }))).toBe(true);
    expect(german.equals(renderForecastChart({ forecast, history }))).toBe(false);
  });

  it("GIVEN two languages THEN the chart cache and the fleet's chart job tell their pictures apart", () => {
    expect(chartCacheKey(forecast, "de")).not.toBe(chartCacheKey(forecast, "en"));
    expect(chartCacheKey(forecast, "es")).not.toBe(chartCacheKey(forecast, "pt-BR"));
    expect(chartJobId({ forecast, history, locale: "de" })).not.toBe(chartJobId({ forecast, history }));
  });
});
