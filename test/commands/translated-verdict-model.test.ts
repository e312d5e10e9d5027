import { describe, expect, it } from "vitest";
import { modelCommand } from "../../commands/model.js";
import { describeVerdict, verdictLine } from "../../commands/verdict.js";
import type { RangeVerdict } from "../../src/evaluation/range-verdict.js";
import { CATALOGUES, i18nFor } from "../../src/i18n/index.js";
import {
  commandContext,
  fakeCommandServices,
  MEMBER,
  shippedChampion,
} from "../helpers/fake-command-services.js";
import { nb } from "../helpers/reply-text.js";

const base: RangeVerdict = {
  model: "har",
  horizon: 1,
  range: { ratio: 0.974, significant: true },
  coverage80: 0.81,
  median: { kind: "no-change" },
};

describe("the verdict line in the reader's language", () => {
  it("GIVEN de, es and pt-BR THEN the line reads in each, with its numbers written the way each writes them", () => {
    expect(describeVerdict(base, "de")).toBe(
      nb(
        "Außerhalb der Stichprobe schlug seine Spanne „keine Änderung“ um 2,6 % (CRPS), und sein 80-%-Band enthielt 81 % der Ergebnisse; " +
          "sein Median ist „keine Änderung“ selbst: Bei Krypto-Renditen schlägt das kein Modell, und dieses tut nicht so, als ob.",
      ),
    );
    expect(describeVerdict({ ...base, median: { kind: "no-better", mase: 1.002 } }, "es")).toBe(
      nb(
        "Fuera de la muestra, su rango superó a «sin cambios» en un 2,6 % (CRPS) y su banda del 80 % contuvo el 81 % de los resultados; " +
          "su mediana no supera a «sin cambios» (MASE 1,002): ningún modelo lo hace con los rendimientos de las criptomonedas, así que fíjate en el rango, no en la mediana.",
      ),
    );
    expect(describeVerdict({ ...base, range: null }, "pt-BR")).toMatch(
      /^Fora da amostra, sua faixa de 80% conteve 81% dos resultados; /,
    );
    // With no range clause German still puts the verb second.
    expect(describeVerdict({ ...base, range: null }, "de")).toMatch(
      /^Außerhalb der Stichprobe enthielt sein 80-%-Band/,
    );
  });

  it("GIVEN a coin the model never trained on, in German THEN the lead, the coins and the figures are German", () => {
    const line = verdictLine(
      { verdict: base, unseen: { fittedOnItsOwnHistory: false, leftOut: ["BTC/USDT", "ETH/USDT"] } },
      "de",
    );
    expect(line).toMatch(
      /^Nicht auf diese Münze trainiert; bei Münzen, die es nie gesehen hat \(aus dem Training ausgelassen: BTC\/USDT, ETH\/USDT\), schlug seine Spanne/,
    );
    expect(
      verdictLine({ verdict: undefined, unseen: { fittedOnItsOwnHistory: true, leftOut: null } }, "pt-BR"),
    ).toBe(
      "Ajustado agora ao histórico desta moeda (não é um dos ajustes incluídos), e ainda não há registro de como se sai em moedas que nunca viu.",
    );
  });
});

describe("a pair's own row of a global walk-forward, in the reader's language", () => {
  it("GIVEN pt-BR and a coin the run trained on, or es and one it held out THEN the lead says where and how it was measured", () => {
    const scoredIn = { symbol: "AAVE/USDT", from: 2023, to: 2025, heldOut: false };
    expect(verdictLine({ verdict: base, scoredIn }, "pt-BR")).toMatch(
      /^Em AAVE\/USDT, fora da amostra \(walk-forward 2023-2025, uma moeda usada no treino ali\), seu intervalo superou o “sem mudança” em 2,6\s?% \(CRPS\)/,
    );
    expect(verdictLine({ verdict: base, scoredIn: { ...scoredIn, heldOut: true } }, "es")).toMatch(
      /^En AAVE\/USDT, fuera de la muestra \(walk-forward 2023-2025, una moneda excluida del entrenamiento allí\), su rango superó/,
    );
    // A run of a single year names it once.
    expect(verdictLine({ verdict: base, scoredIn: { ...scoredIn, from: 2025 } })).toMatch(
      /^On AAVE\/USDT out of sample \(walk-forward 2025, a coin trained on there\) its range beat/,
    );
  });
});

describe("/model in the reader's language", () => {
  it("GIVEN a German caller THEN the table's words, skills, bands and dates are German", async () => {
    const services = fakeCommandServices();
    const reply = await modelCommand.run({}, { ...commandContext(services, MEMBER), i18n: i18nFor("de") });
    expect(reply.title).toBe("Die Modelle");
    expect(reply.fields?.[0]).toEqual({
      name: "1d-Modell",
      value: nb(
        "cnn-gru, trainiert bis 08.12.2025 | Skill der Spanne +2,6 % bei 1d, +1,1 % bei 3d, -1,3 % bei 7d | 80-%-Band enthielt 82 %, 81 %, 85 % | BTC/USDT zusammen",
      ),
    });
    expect(reply.footer).toMatch(/^Skill der Spanne: .*Worker-Thread\.$/);
  });

  it("GIVEN the shipped networks THEN the caveat that their test window was scored more than once is in each language", async () => {
    const services = fakeCommandServices({ champion: shippedChampion });
    for (const [locale, start] of [
      ["de", "Das sind nicht die Zahlen"],
      ["es", "Estas no son las cifras"],
      ["pt-BR", "Estes não são os números"],
    ] as const) {
      const reply = await modelCommand.run(
        {},
        { ...commandContext(services, MEMBER), i18n: i18nFor(locale) },
      );
      expect(reply.lines).toEqual([i18nFor(locale).t("faq.accuracy.reused")]);
      expect(reply.lines[0]).toMatch(new RegExp(`^${start}`));
    }
  });

  it("GIVEN pt-BR THEN “no change” is “sem mudança” in the verdict line and /model, as in /accuracy and /faq", async () => {
    const services = fakeCommandServices();
    const pt = i18nFor("pt-BR");
    const reply = await modelCommand.run({}, { ...commandContext(services, MEMBER), i18n: pt });
    const texts = [
      describeVerdict(base, "pt-BR"),
      describeVerdict({ ...base, median: { kind: "no-better", mase: 1.002 } }, "pt-BR"),
      reply.footer ?? "",
      pt.t("accuracy.footer"),
    ];
    for (const text of texts) {
      expect(text).toContain("“sem mudança”");
      expect(text).not.toMatch(/sem varia/);
    }
  });

  it("GIVEN a Brazilian caller THEN the table reads in Portuguese", async () => {
    const services = fakeCommandServices();
    const reply = await modelCommand.run({}, { ...commandContext(services, MEMBER), i18n: i18nFor("pt-BR") });
    expect(reply.fields?.[1]?.name).toBe("Modelo de 4h");
    expect(reply.fields?.[1]?.value).toMatch(
      /^cnn-gru, treinado até 8 de dez\. de 2025 \| habilidade do intervalo \+2,6% em 4h/,
    );
  });
});

describe("/model's description in the reader's language", () => {
  it.each([
    ["de", ["Modell", "trainiert bis", "Skill der Spanne", "80-%-Band"]],
    ["es", ["modelo", "entrenado hasta", "habilidad del rango", "banda del 80"]],
    ["pt-BR", ["modelo", "treinado até", "habilidade do intervalo", "faixa de 80%"]],
  ] as const)(
    "GIVEN %s THEN it names what the reply shows, in the reply's own words, as English does",
    (locale, words) => {
      const description = CATALOGUES[locale].commands.model?.description;
      for (const word of words) expect(description).toContain(word);
    },
  );
});
