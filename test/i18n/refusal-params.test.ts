import { describe, expect, it } from "vitest";
import { parseId, parseLevel, parseRule, refuseRemoveExtras } from "../../commands/alert-parse.js";
import { createChampions } from "../../src/forecast/champions.js";
import { resolveHorizon } from "../../src/forecast/forecast.js";
import { resolveSymbol } from "../../src/market/symbols.js";
import { ModelLoadError } from "../../src/model/saved/model-io.js";
import { checkTimeZone, parseTime } from "../../src/schedule/local-time.js";
import { busyError } from "../../src/workers/worker-pool.js";
import { expectNamedEverywhere, refusalOf } from "../helpers/refusal-languages.js";

const KNOWN = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
const HORIZONS = "1d, 3d, 7d, 4h, 12h";

describe("refusals in every language name what English names", () => {
  it("GIVEN an unknown horizon THEN the horizon typed and the horizons; nothing to echo: the horizons", async () => {
    const texts = expectNamedEverywhere(await refusalOf(() => resolveHorizon("2W")), ["2w", HORIZONS]);
    expect(texts.de).toBe(`Unbekannter Horizont „2w“. Horizonte: ${HORIZONS}.`);
    const unnamed = await refusalOf(() => resolveHorizon("@@"));
    expect(unnamed.message).toBe(`Unknown horizon. Horizons: ${HORIZONS}.`);
    expectNamedEverywhere(unnamed, [HORIZONS]);
  });

  it("GIVEN a time that is not one, or an unknown zone THEN what was typed", async () => {
    const texts = expectNamedEverywhere(await refusalOf(() => parseTime("25:00")), ["25:00", "18:30"]);
    expect(texts.de).toBe(
      "„25:00“ ist keine Uhrzeit; bitte im 24-Stunden-Format HH:MM, z. B. 08:00 oder 18:30.",
    );
    expect(texts.es).toMatch(/^«25:00» no es una hora del día/);
    expect(texts["pt-BR"]).toMatch(/^“25:00” não é um horário/);
    expectNamedEverywhere(await refusalOf(() => parseTime("@@")), ["HH:MM"]);
    expectNamedEverywhere(await refusalOf(() => checkTimeZone("Mars/Olympus")), ["Mars/Olympus"]);
    expectNamedEverywhere(await refusalOf(() => checkTimeZone("@@")), []);
  });

  it("GIVEN a level that is no number, out of range or a percentage THEN what was typed and the examples", async () => {
    const price = ["100000", "2.05"];
    const texts = expectNamedEverywhere(await refusalOf(() => parseLevel("price", "abc")), ["abc", ...price]);
    expect(texts.es).toBe("«abc» no es un número que pueda usar como umbral. Escríbelo así: 100000 o 2.05.");
    expectNamedEverywhere(await refusalOf(() => parseLevel("price", "@@")), price);
    expectNamedEverywhere(await refusalOf(() => parseLevel("pup", "1.5")), ["0.6", "60%"]);
    expectNamedEverywhere(await refusalOf(() => parseLevel("price", "5%")), price);
    expectNamedEverywhere(await refusalOf(() => parseLevel("price", "0")), price);
    expectNamedEverywhere(await refusalOf(() => parseLevel("pup", undefined)), ["/alert pup BTC above 0.6"]);
  });

  it("GIVEN an alert rule or ID that does not fit THEN the kind, the example, what was typed, the IDs", async () => {
    expectNamedEverywhere(await refusalOf(() => parseRule("band", "above", "5")), ["/alert band BTC"]);
    expectNamedEverywhere(await refusalOf(() => parseRule("price", undefined, undefined)), [
      "/alert price BTC above 100000",
    ]);
    expectNamedEverywhere(await refusalOf(() => parseId(undefined)), ["/alert remove ID", "/alerts"]);
    expectNamedEverywhere(await refusalOf(() => parseId("abc")), ["abc", "/alerts"]);
    expectNamedEverywhere(await refusalOf(() => parseId("@@")), ["/alerts"]);
    const texts = expectNamedEverywhere(await refusalOf(() => refuseRemoveExtras("1", ["2", "#3"])), [
      "/alert remove 1",
      "/alert remove 2",
      "#1, #2, #3",
    ]);
    expect(texts["pt-BR"]).toBe(
      "/alert remove apaga um alerta por vez; para apagar #1, #2, #3, mande um comando para cada um: /alert remove 1, depois /alert remove 2.",
    );
    expectNamedEverywhere(await refusalOf(() => refuseRemoveExtras("1", ["above"])), ["/alert remove 3"]);
  });

  it("GIVEN an unknown or too long symbol with nothing close THEN what was typed and the symbols known", async () => {
    const listed = KNOWN.join(", ");
    const texts = expectNamedEverywhere(await refusalOf(() => resolveSymbol("nope", KNOWN)), [
      "NOPE",
      listed,
    ]);
    expect(texts.de).toBe(`Das Symbol „NOPE“ kenne ich nicht. Symbole, die ich kenne: ${listed}.`);
    expectNamedEverywhere(await refusalOf(() => resolveSymbol("@@@", KNOWN)), [listed]);
    expectNamedEverywhere(await refusalOf(() => resolveSymbol("B".repeat(41), KNOWN)), [listed]);
    // A close symbol is suggested instead of the list, in every language.
    expectNamedEverywhere(await refusalOf(() => resolveSymbol("btcc", KNOWN)), ["BTCC", "BTC/USDT"]);
  });

  it("GIVEN a full queue or no model for a timeframe THEN the count and the timeframe", async () => {
    expectNamedEverywhere(busyError(17), ["17"]);
    const champion = createChampions({
      registry: { champion: async () => Promise.reject(new ModelLoadError("no saved model in models/4h")) },
      retrainer: { onChampionChange: () => {} },
      caches: [],
    });
    expectNamedEverywhere(await refusalOf(() => champion("4h")), ["4h", "coincast train"]);
  });
});
