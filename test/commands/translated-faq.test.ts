import { describe, expect, it } from "vitest";
import { FAQ, faqCommand } from "../../commands/faq.js";
import type { CommandServices } from "../../commands/types.js";
import { readRecordedEvaluations } from "../../src/evaluation/recorded.js";
import { i18nFor } from "../../src/i18n/index.js";
import { silentLogger } from "../../src/logger.js";
import { kindOf } from "../../src/model/saved/forecasters.js";
import {
  commandContext,
  fakeCommandServices,
  shippedChampion,
  statisticalChampion,
} from "../helpers/fake-command-services.js";
import { TRANSLATED } from "../helpers/refusal-languages.js";
import { nb } from "../helpers/reply-text.js";

const SERVICES: Record<string, () => CommandServices> = {
  "the fake models": () => fakeCommandServices(),
  "the shipped models": () =>
    fakeCommandServices({
      champion: shippedChampion,
      evaluation: readRecordedEvaluations("models", silentLogger()).evaluation,
    }),
  "HAR-RV alone": () => fakeCommandServices({ champion: statisticalChampion(["har"]) }),
  "a statistical average": () =>
    fakeCommandServices({ champion: statisticalChampion(["har", "garch", "ewma"]) }),
};

const TOPICS = [undefined, ...Object.keys(FAQ)];

async function faq(topic: string | undefined, services: CommandServices, locale: string) {
  return faqCommand.run({ topic }, { ...commandContext(services), i18n: i18nFor(locale) });
}

/**
 * English's sentences and clauses worth looking for: a line split at its sentence and clause marks, kept
 * where it has three lowercase words (a list of symbols, horizons or model names reads alike everywhere).
 */
const englishPhrases = (lines: readonly string[]) =>
  lines
    .flatMap((line) => line.split(/(?<=[.:;,(])\s+|\s+(?=\()/))
    .map((phrase) => phrase.trim())
    .filter((phrase) => phrase.split(/\s+/).filter((word) => /^[a-z]{3,}[,.;:)]?$/.test(word)).length >= 3);

describe.each(TRANSLATED)("/faq in %s", (locale) => {
  it.each(Object.keys(SERVICES))(
    "GIVEN %s THEN the list and every topic carry no English line, clause or unfilled placeholder",
    async (name) => {
      const services = SERVICES[name]?.();
      if (services === undefined) throw new Error(name);
      for (const topic of TOPICS) {
        const english = await faq(topic, services, "en");
        const reply = await faq(topic, services, locale);
        const text = reply.lines.join("\n");
        expect(reply.lines.length, String(topic)).toBe(english.lines.length);
        for (const line of reply.lines) expect(english.lines, String(topic)).not.toContain(line);
        for (const phrase of englishPhrases(english.lines)) expect(text, String(topic)).not.toContain(phrase);
        expect(text).not.toMatch(/\{\{|\}\}|faq\./);
        if (topic !== undefined) expect(reply.title).not.toBe(english.title);
      }
    },
  );
});

describe("/faq's figures in the reader's language", () => {
  it("GIVEN German and the fake evaluation THEN the range skill, horizons and bands read as German writes them", async () => {
    const reply = await faq("accuracy", fakeCommandServices(), "de");
    expect(reply.lines).toContain(
      nb(
        "Das 1d-Modell (cnn-gru): Seine Spanne schlug „keine Änderung“ um +2,6 % bei 1d, +1,1 % bei 3d, -1,3 % bei 7d " +
          "(CRPS, BTC/USDT zusammen). Ergebnisse innerhalb seines 80-%-Intervalls: 82 % bei 1d, " +
          "81 % bei 3d, 85 % bei 7d.",
      ),
    );
    expect(reply.lines[0]).toContain("beim schlechtesten Paar bei 1d 1,005 / 1,000 / 1,000");
  });

  it("GIVEN the shipped walk-forward THEN its dates are each language's, and Portuguese writes 50% with no space", async () => {
    const services = SERVICES["the shipped models"]?.();
    if (services === undefined) throw new Error("no services");
    expect((await faq("accuracy", services, "de")).lines[0]).toContain("vom 01.01.2023 bis 08.12.2025");
    expect((await faq("accuracy", services, "pt-BR")).lines[0]).toMatch(
      /MASE dela é 1,000 e P\(alta\) é 50%\.$/,
    );
    expect((await faq("model", services, "es")).lines.join("\n")).toContain(
      "(2,5\u00a0%, 10\u00a0%, 50\u00a0%",
    );
  });

  it("GIVEN a model fitted on one coin THEN each language counts it in the singular", async () => {
    const services = SERVICES["HAR-RV alone"]?.();
    if (services === undefined) throw new Error("no services");
    expect((await faq("model", services, "de")).lines[0]).toMatch(/, trainiert auf 1 Coin\.$/);
    expect((await faq("model", services, "es")).lines[0]).toMatch(/, ajustado con 1 moneda\.$/);
    expect((await faq("model", services, "en")).lines[0]).toMatch(/, fitted on 1 coin\.$/);
  });

  it.each(["HAR-RV alone", "a statistical average", "the fake models"])(
    "GIVEN %s serving THEN English names its kind in the words of the model's own description",
    async (name) => {
      const services = SERVICES[name]?.();
      if (services === undefined) throw new Error(name);
      const champion = await services.forecasts.models();
      const first = champion[0];
      if (first === undefined || "unavailable" in first) throw new Error("no model");
      const [line] = (await faq("model", services, "en")).lines;
      expect(line).toContain(`: ${kindOf(first.champion.meta).description}, fitted on`);
    },
  );
});
