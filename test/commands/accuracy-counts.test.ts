import { describe, expect, it } from "vitest";
import { describeTrackRecord } from "../../commands/accuracy.js";
import type { TrackRecord } from "../../src/forecast/track-record.js";
import { i18nFor, type Locale } from "../../src/i18n/index.js";
import { EMPTY_RECORD } from "../helpers/fake-command-services.js";

/** The track record's first line for `count` scored (none: the empty record) and `pending` forecasts. */
function firstLine(locale: Locale, count: number, pending: number): string {
  const record: TrackRecord = {
    ...EMPTY_RECORD,
    count,
    pending,
    ...(count === 0 ? {} : { mae: 1, naiveMae: 2, skill: 0.5, calls: count, hitRate: 1, since: 0 }),
  };
  return describeTrackRecord(record, "X", i18nFor(locale))[0] ?? "";
}

describe("the track record's counts, in the reader's language", () => {
  it.each([
    [
      "en",
      "X: no scored forecasts yet (1 waiting for its target candle).",
      "X: 1 forecast scored since 1970-01-01, 1 pending.",
    ],
    [
      "de",
      "X: noch keine ausgewerteten Prognosen (1 wartet auf ihre Zielkerze).",
      "X: 1 Prognose ausgewertet seit 01.01.1970, 1 offen.",
    ],
    [
      "es",
      "X: todavía no hay pronósticos evaluados (1 espera a que cierre su vela objetivo).",
      "X: 1 pronóstico evaluado desde el 1 ene 1970, 1 pendiente.",
    ],
    [
      "pt-BR",
      "X: ainda não há previsões avaliadas (1 aguardando o candle-alvo fechar).",
      "X: 1 previsão avaliada desde 1 de jan. de 1970, 1 pendente.",
    ],
  ] as const)("GIVEN one forecast (%s) THEN it is said in the singular", (locale, none, scored) => {
    expect(firstLine(locale, 0, 1)).toBe(none);
    expect(firstLine(locale, 1, 1)).toBe(scored);
  });

  it.each([
    [
      "en",
      "(12,345 waiting for their target candle)",
      "X: 12,345 forecasts scored since 1970-01-01, 23,456 pending.",
    ],
    [
      "de",
      "(12.345 warten auf ihre Zielkerze)",
      "X: 12.345 Prognosen ausgewertet seit 01.01.1970, 23.456 offen.",
    ],
    [
      "es",
      "(12.345 esperan a que cierre su vela objetivo)",
      "X: 12.345 pronósticos evaluados desde el 1 ene 1970, 23.456 pendientes.",
    ],
    [
      "pt-BR",
      "(12.345 aguardando o candle-alvo fechar)",
      "X: 12.345 previsões avaliadas desde 1 de jan. de 1970, 23.456 pendentes.",
    ],
  ] as const)(
    "GIVEN many forecasts (%s) THEN the plural, with the numbers grouped as the language groups them",
    (locale, none, scored) => {
      expect(firstLine(locale, 0, 12_345)).toContain(none);
      expect(firstLine(locale, 12_345, 23_456)).toBe(scored);
    },
  );

  it("GIVEN 12,344 forecasts that made no direction call THEN that count is grouped too", () => {
    const record = {
      ...EMPTY_RECORD,
      count: 12_345,
      pending: 0,
      mae: 1,
      naiveMae: 2,
      skill: 0.5,
      calls: 1,
      hitRate: 1,
      since: 0,
    };
    expect(describeTrackRecord(record, "X", i18nFor("de"))[1]).toContain("(12.344 Prognosen ohne Aussage");
  });
});
