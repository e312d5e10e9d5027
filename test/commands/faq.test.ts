import { describe, expect, it } from "vitest";
import { FAQ, faqCommand } from "../../commands/faq.js";
import { en } from "../../src/i18n/locales/en.js";
import { commandContext, fakeCommandServices } from "../helpers/fake-command-services.js";

const context = commandContext(fakeCommandServices());

describe("/faq", () => {
  it("GIVEN the FAQ table THEN its keys are exactly the topic choices, and the required topics are there", () => {
    const choices = faqCommand.spec.options[0].choices;
    expect(choices).toEqual(Object.keys(FAQ));
    for (const topic of ["model", "data", "horizons", "accuracy", "retraining", "risks"])
      expect(choices).toContain(topic);
  });

  it("GIVEN no topic THEN the list of topics", async () => {
    const reply = await faqCommand.run({ topic: undefined }, context);
    expect(reply.lines.slice(1)).toEqual(
      Object.entries(en.faq.topics).map(([key, title]) => `${key}: ${title}`),
    );
  });

  it("GIVEN accuracy THEN the serving models' figures from their recorded evaluation (faq-models.test.ts: the shipped ones)", async () => {
    const text = (await faqCommand.run({ topic: "accuracy" }, context)).lines.join("\n");
    // The fake evaluation's median has MASE above 1 on a horizon: no claim of "no change", its MASE instead.
    expect(text).toMatch(/medians' MASE against "no change" on the worst pair was 1d /);
    expect(text).toMatch(/The 1d model \(cnn-gru\): its range beat "no change" by \+2\.6% at 1d/);
  });

  it("GIVEN horizons THEN the configured coins and every horizon are named", async () => {
    const text = (await faqCommand.run({ topic: "horizons" }, context)).lines.join("\n");
    expect(text).toMatch(/BTC\/USDT, ETH\/USDT, XRP\/USDT/);
    expect(text).toMatch(/1d, 3d, 7d, 4h, 12h/);
  });

  it("GIVEN every topic THEN an answer of a few plain lines, each under Discord's 1024-character field", async () => {
    for (const topic of Object.keys(FAQ)) {
      const reply = await faqCommand.run({ topic }, context);
      expect(reply.lines.length).toBeGreaterThan(0);
      for (const line of reply.lines) expect(line.length).toBeLessThan(1024);
    }
  });
});
