import { describe, expect, it } from "vitest";
import { accuracyCommand } from "../../commands/accuracy.js";
import type { Locale } from "../../src/i18n/index.js";
import { i18nFor } from "../../src/i18n/index.js";
import { commandContext, EMPTY_RECORD, fakeCommandServices } from "../helpers/fake-command-services.js";

describe("/accuracy's direction without a call, in the reader's language", () => {
  const record = {
    ...EMPTY_RECORD,
    count: 12,
    pending: 0,
    mae: 812.5,
    naiveMae: 830,
    skill: 0.021,
    since: 0,
  };
  const line = async (locale: Locale, calls: number) =>
    (
      await accuracyCommand.run(
        { symbol: "btc", horizon: "1d" },
        {
          ...commandContext(
            fakeCommandServices({ record: { ...record, calls, hitRate: calls === 0 ? null : 0.5 } }),
          ),
          i18n: i18nFor(locale),
        },
      )
    ).lines[1] ?? "";

  it.each([
    [
      "de",
      "Richtung k. A. (keine Prognose sagte eine Richtung an",
      "der Richtungsaussagen (4 Prognosen ohne Aussage",
    ],
    [
      "es",
      "dirección n/d (ningún pronóstico indicó una",
      "de las indicadas (4 pronósticos no indicaron ninguna",
    ],
    [
      "pt-BR",
      "direção n/d (nenhuma previsão indicou uma",
      "das indicadas (4 previsões não indicaram nenhuma",
    ],
  ] as const)("GIVEN a %s caller THEN no call and some calls are said in it", async (locale, none, some) => {
    expect(await line(locale, 0)).toContain(none);
    expect(await line(locale, 8)).toContain(some);
  });
});
