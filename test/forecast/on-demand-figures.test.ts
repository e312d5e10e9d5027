import { describe, expect, it } from "vitest";
import { formatText } from "../../src/chat/format-text.js";
import { i18nFor } from "../../src/i18n/index.js";
import { onDemandForecastUnderTest } from "./on-demand-fixture.js";

describe("/forecast for a pair outside SYMBOLS, end to end over the fake exchange", () => {
  const { build, run } = onDemandForecastUnderTest();
  /** /forecast SOL 1d's reply, as text, from the services built with `options`. */
  const solText = async (options?: Parameters<typeof build>[0]) =>
    formatText((await run((await build(options)).services, "SOL")).reply);

  it("GIVEN the served global HAR-anchored network AND its walk-forward's held-out coins THEN /forecast SOL 1d quotes those, not the leave-one-coin-out report", async () => {
    const text = await solText({ anchored: true, heldOut: true, leaveOneOut: true });
    expect(text).toContain(
      'Not trained on this coin; on coins it never saw (left out of its training: ADA/USDT, LINK/USDT), its range beat "no change" by 10.0% (CRPS) and its 80% band held 71% of outcomes;',
    );
    expect(text).not.toContain("BTC/USDT, ETH/USDT, XRP/USDT");
  });

  it("GIVEN the served 2-seed ensemble AND the single network's run AND the ensemble's later run THEN /forecast SOL 1d quotes the ensemble's held-out rows", async () => {
    const text = await solText({ anchored: true, seeds: 2, heldOut: true, ensembleRun: true });
    expect(text).toContain(
      'Not trained on this coin; on coins it never saw (left out of its training: DOGE/USDT), its range beat "no change" by 20.0% (CRPS) and its 80% band held 79% of outcomes;',
    );
    expect(text).not.toContain("ADA/USDT");
  });

  it("GIVEN the served single network AND the ensemble's later run THEN it still quotes its own recipe's run", async () => {
    const text = await solText({ anchored: true, heldOut: true, ensembleRun: true });
    expect(text).toContain("left out of its training: ADA/USDT, LINK/USDT), its range beat");
    expect(text).not.toContain("DOGE/USDT");
  });

  it("GIVEN a served 3-seed ensemble AND runs of one and two seeds only THEN it quotes neither", async () => {
    const text = await solText({ anchored: true, seeds: 3, heldOut: true, ensembleRun: true });
    expect(text).toContain(
      "Not trained on this coin, and no record yet of how it does on coins it never saw.",
    );
  });

  it("GIVEN an older-recipe network AND both reports THEN it falls back to the leave-one-coin-out report of its own recipe", async () => {
    const text = await solText({ heldOut: true, leaveOneOut: true });
    expect(text).toContain("left out of its training: BTC/USDT, ETH/USDT, XRP/USDT), its range beat");
    expect(text).not.toContain("ADA/USDT");
  });

  it("GIVEN the global network AND only the older recipe's leave-one-coin-out report THEN it quotes no other model's figures", async () => {
    const text = await solText({ anchored: true, leaveOneOut: true });
    expect(text).toContain(
      "Not trained on this coin, and no record yet of how it does on coins it never saw.",
    );
    expect(text).not.toContain("BTC/USDT, ETH/USDT, XRP/USDT");
  });

  it("GIVEN no leave-one-coin-out report THEN the reply still says the model never trained on this coin", async () => {
    expect(await solText()).toContain("Not trained on this coin, and no record yet");
  });

  it("GIVEN the served ensemble trained on DOGE AND its walk-forward held DOGE out THEN /forecast DOGE 1d quotes DOGE's own row, said held out there, in English and German; BTC keeps the evaluation's line", async () => {
    const { services, market } = await build({
      anchored: true,
      seeds: 2,
      ensembleRun: true,
      trainedOnDoge: true,
      evaluation: true,
    });
    await market.update("btc"); // the scheduled refresh of a configured pair
    const english = formatText((await run(services, "DOGE")).reply);
    expect(english).toContain(
      'On DOGE/USDT out of sample (walk-forward 2024, a coin held out of training there) its range beat "no change" by 20.0% (CRPS) and its 80% band held 79% of outcomes; its median is "no change" itself:',
    );
    expect(english).not.toContain("Not trained on this coin");
    expect(english).not.toContain("coins it never saw");
    const german = formatText((await run(services, "DOGE", i18nFor("de"))).reply);
    expect(german).toContain(
      "Bei DOGE/USDT außerhalb der Stichprobe (Walk-forward 2024, eine dort aus dem Training ausgelassene Münze) schlug seine Spanne „keine Änderung“ um 20,0\u00a0% (CRPS), und sein 80-%-Band enthielt 79\u00a0% der Ergebnisse;",
    );
    // BTC has its row in the timeframe's evaluation: that line, not the global run's (BTC trained on there).
    const btc = formatText((await run(services, "BTC")).reply);
    expect(btc).toContain(
      'Out of sample its range beat "no change" by 3.0% (CRPS) and its 80% band held 82%',
    );
    expect(btc).not.toContain("On BTC/USDT out of sample");
  });

  it("GIVEN a coin the run trained on AND no evaluation of it THEN its row says trained on there", async () => {
    const { services, market } = await build({ anchored: true, seeds: 2, ensembleRun: true });
    await market.update("btc");
    const text = formatText((await run(services, "BTC")).reply);
    expect(text).toContain(
      'On BTC/USDT out of sample (walk-forward 2024, a coin trained on there) its range beat "no change" by 20.0% (CRPS) and its 80% band held 90% of outcomes;',
    );
  });

  it("GIVEN a coin the served model never trained on AND its run held it out THEN one line: not trained on it, and its own held-out row instead of the pooled one, in English and Spanish", async () => {
    const { services } = await build({ anchored: true, seeds: 2, ensembleRun: true });
    const english = formatText((await run(services, "DOGE")).reply);
    expect(english).toContain(
      'Not trained on this coin; on DOGE/USDT itself out of sample (walk-forward 2024, a coin held out of training there), its range beat "no change" by 20.0% (CRPS) and its 80% band held 79% of outcomes;',
    );
    expect(english).not.toContain("coins it never saw");
    const spanish = formatText((await run(services, "DOGE", i18nFor("es"))).reply);
    expect(spanish).toContain(
      "No se entrenó con esta moneda; en la propia DOGE/USDT, fuera de la muestra (walk-forward 2024, una moneda excluida del entrenamiento allí), su rango superó a «sin cambios» en un 20,0\u00a0% (CRPS)",
    );
  });
});
