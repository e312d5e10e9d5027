import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faqCommand } from "../../commands/faq.js";
import { readRecordedEvaluations } from "../../src/evaluation/recorded.js";
import { readReport } from "../../src/evaluation/report.js";
import { silentLogger } from "../../src/logger.js";
import { readSavedMetas } from "../../src/model/saved/model-io.js";
import {
  commandContext,
  fakeCommandServices,
  recordedOf,
  shippedChampion,
  statisticalChampion,
} from "../helpers/fake-command-services.js";

const ask = async (topic: string, services: Parameters<typeof commandContext>[0]) =>
  (await faqCommand.run({ topic }, commandContext(services))).lines.join("\n");

describe("/faq model and accuracy, from what serves", () => {
  it("GIVEN the shipped models and their recorded walk-forward THEN the answers name what serves, its blend and the figures /model gives", async () => {
    const evaluations = readRecordedEvaluations("models", silentLogger());
    const services = fakeCommandServices({
      champion: shippedChampion,
      evaluation: evaluations.evaluation,
    });
    const model = await ask("model", services);
    expect(model).toMatch(/^The 1d model is cnn-gru: one cnn-gru network for all 50 coins it trained on/);
    expect(model).toMatch(/anchored on HAR-RV/);
    // The members' blend weights at one day, averaged: the share of the network's departure that is served.
    const metas = await readSavedMetas(join("models", "1d"));
    const share =
      metas.reduce((sum, m) => sum + ("anchor" in m ? (m.anchor?.weights[0] ?? 0) : 0), 0) / metas.length;
    expect(model).toContain(`${metas.length} networks from different seeds are averaged`);
    expect(model).toContain(`${(share * 100).toFixed(0)}% at 1d`);
    expect(model).not.toMatch(/are HAR-RV|HAR is what answers/);

    const accuracy = await ask("accuracy", services);
    expect(accuracy).toMatch(/nobody here can forecast the direction/);
    expect(accuracy).toMatch(/walk-forward of origins 2023-01-01 to 2025-12-08/);
    // The same range skill the /model table prints, and HAR-RV's from the same walk-forward beside it.
    const table = (await services.forecasts.models()).find((r) => r.timeframe === "1d");
    if (table === undefined || "unavailable" in table) throw new Error("no 1d report");
    const first = table.skill[0]?.crpsRatio ?? Number.NaN;
    const har = table.baseline[0]?.crpsRatio ?? Number.NaN;
    expect(accuracy).toContain(
      `The 1d model (cnn-gru): its range beat "no change" by +${((1 - first) * 100).toFixed(1)}% at 1d`,
    );
    expect(accuracy).toContain(
      `HAR-RV's, the statistical model it is held against, +${((1 - har) * 100).toFixed(1)}% at 1d`,
    );
    // The pairs those figures pool, and that the window chose the recipe too.
    expect(accuracy).toContain("(CRPS, BTC/USDT, ETH/USDT and XRP/USDT pooled)");
    expect(accuracy).toMatch(/These are not the figures of an untouched test/);
    // Against a "no change" whose spread is taken at every origin, from the recorded per-point CRPS.
    const recorded = await readReport(join("models", "evaluation", "1d"));
    const pooledCrps = (model: string) => {
      const points = (recorded?.entries ?? [])
        .filter((e) => e.model === model && e.horizon === 1)
        .flatMap((e) => e.pointCrps ?? []);
      return points.reduce((a, b) => a + b, 0) / points.length;
    };
    const daily = 1 - pooledCrps("cnn-gru") / pooledCrps("persistence-daily");
    expect(accuracy).toContain(
      `whose spread is taken again every day, the range skill is 1d: +${(daily * 100).toFixed(1)}% at 1d`,
    );
    // Where HAR-RV is ahead on those pairs at one step, /faq model says so rather than only "chosen by a rule".
    const behind = `On BTC/USDT, ETH/USDT and XRP/USDT alone, HAR-RV's range is ahead of the 1d model's at 1d`;
    if (har < first) expect(model).toContain(behind);
    else expect(model).not.toContain(behind);
    expect(model).toMatch(/chosen on calibration windows, which training never read/);
  });

  it("GIVEN HAR serving THEN it is described as HAR, with no baseline beside its own figures", async () => {
    const champion = statisticalChampion(["har"]);
    const evaluation = recordedOf("1d");
    const services = fakeCommandServices({
      champion,
      evaluation: {
        ...evaluation,
        entries: evaluation.entries.map((e) => ({ ...e, model: e.model === "cnn-gru" ? "har" : e.model })),
      },
    });
    expect(await ask("model", services)).toMatch(/^The 1d model is har: HAR-RV \(statistical: /);
    expect(await ask("accuracy", services)).not.toMatch(/held against/);
  });

  it('GIVEN a median that is not "no change" (MASE above 1) THEN the answer gives its MASE instead of claiming 1.000', async () => {
    const evaluation = recordedOf("1d");
    const services = fakeCommandServices({
      evaluation: {
        ...evaluation,
        entries: evaluation.entries.map((e) => ({ ...e, metrics: { ...e.metrics, mase: 1.012 } })),
      },
    });
    const accuracy = await ask("accuracy", services);
    expect(accuracy).not.toMatch(/MASE is 1\.000/);
    expect(accuracy).toMatch(/on the worst pair was 1d 1\.012 \/ 1\.012 \/ 1\.012/);
    expect(await ask("model", services)).not.toMatch(/the median is no change/);
  });
});
