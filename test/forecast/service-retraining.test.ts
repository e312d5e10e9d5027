import { describe, expect, it } from "vitest";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";
import { fakeRunner, serviceUnderTest, sleep } from "./service-fixture.js";

describe("ForecastService", () => {
  const { build } = serviceUnderTest();

  describe("retraining", () => {
    it("GIVEN a challenger that is worse THEN the champion is kept and keeps serving, cache untouched", async () => {
      const run = fakeRunner();
      run.runner.challenge = async () => ({
        decision: "keep",
        reason: "challenger pinball 0.030 > champion 0.020",
        window: { start: 0, end: 1, origins: 60 },
        champion: { pinball: 0.02, mae: 1, naiveMae: 1 },
        challenger: { pinball: 0.03, mae: 1, naiveMae: 1 },
        challengerMeta: null,
      });
      const { service } = await build({ runner: run });
      await service.forecast("BTC", "1d");
      const [outcome] = await service.retrainer.retrain({ timeframe: "1d" });
      expect(outcome).toMatchObject({ decision: "keep", championId: "shipped", promotedId: null });
      expect((await service.champion("1d")).id).toBe("shipped");
      await service.forecast("BTC", "1d");
      expect(run.calls).toHaveLength(1);
    });

    it("GIVEN a challenger that is not worse THEN it is promoted, the cache is dropped and the next forecast uses it", async () => {
      const run = fakeRunner();
      run.runner.challenge = async () => ({
        decision: "promote",
        reason: "challenger pinball 0.019 <= champion 0.020",
        window: { start: 0, end: 1, origins: 60 },
        champion: { pinball: 0.02, mae: 1, naiveMae: 1 },
        challenger: { pinball: 0.019, mae: 1, naiveMae: 1 },
        challengerMeta: null,
      });
      const { service } = await build({ runner: run });
      expect((await service.forecast("BTC", "1d")).modelVersion).toBe("cnn-gru shipped");
      const [outcome] = await service.retrainer.retrain({ timeframe: "1d" });
      expect(outcome).toMatchObject({ decision: "promote", promotedId: "challenger" });
      const after = await service.forecast("BTC", "1d");
      expect(after.modelVersion).toBe("cnn-gru challenger");
      expect(run.calls.at(-1)?.modelDir).toBe("/models/1d/challenger");
    });

    it("GIVEN a retrain whose worker crashes THEN the outcome says failed and the champion goes on serving", async () => {
      const run = fakeRunner();
      run.runner.challenge = async () => {
        throw new Error("worker thread exited with code 1");
      };
      const { service } = await build({ runner: run });
      const [outcome] = await service.retrainer.retrain({ timeframe: "1d" });
      expect(outcome).toMatchObject({ decision: "failed", championId: "shipped" });
      expect(service.retrainer.status()).toBeNull();
      expect((await service.forecast("BTC", "1d")).modelVersion).toBe("cnn-gru shipped");
    });

    it("GIVEN a retrain running THEN a second request is refused with how far the first has got", async () => {
      const run = fakeRunner();
      let finish: () => void = () => {};
      run.runner.challenge = async (_input, onProgress) => {
        onProgress?.({ phase: "training", fraction: 0.8 });
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return {
          decision: "keep",
          reason: "kept",
          window: { start: 0, end: 1, origins: 0 },
          champion: { pinball: 0.02, mae: 1, naiveMae: 1 },
          challenger: null,
          challengerMeta: null,
        };
      };
      const { service } = await build({ runner: run });
      const first = service.retrainer.retrain({ timeframe: "1d" });
      await sleep(20);
      const refusal = await refusalOf(() => service.retrainer.retrain());
      expect(refusal.message).toMatch(/already running \(80% done, training the 1d model/);
      const texts = expectNamedEverywhere(refusal, ["1d"]);
      // Each language writes the share its own way (German and Spanish with a no-break space before %).
      expect(texts.de).toMatch(/zu 80\s% fertig/);
      expect(texts.es).toMatch(/al 80\s%,/);
      expect(texts["pt-BR"]).toContain("80% concluído");
      expect(service.retrainer.status()).toMatchObject({ timeframe: "1d", fraction: 0.8, phase: "training" });
      finish();
      await first;
      expect(service.retrainer.status()).toBeNull();
    });
  });
});
