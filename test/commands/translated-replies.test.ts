import { describe, expect, it } from "vitest";
import { accuracyCommand } from "../../commands/accuracy.js";
import { buildAlertPost } from "../../commands/alert-post.js";
import { buildPost } from "../../commands/daily-post.js";
import { describeRetrainOutcome, retrainCommand } from "../../commands/retrain.js";
import type { Caller } from "../../commands/types.js";
import type { ChallengeWhy } from "../../src/contracts/retrain.js";
import type { Locale } from "../../src/i18n/index.js";
import { i18nFor } from "../../src/i18n/index.js";
import { explainChallenge } from "../../src/lifecycle/challenge-rule.js";
import type { RetrainOutcome } from "../../src/lifecycle/retrainer.js";
import { silentLogger } from "../../src/logger.js";
import type { Alert } from "../../src/schedule/alert-schema.js";
import { platformSaid } from "../../src/schedule/pause-reason.js";
import type { Subscription } from "../../src/schedule/store-schema.js";
import { createSubscriptions } from "../../src/schedule/subscriptions.js";
import { alertDispatcher, tempSubscriptionStore } from "../helpers/alert-dispatcher.js";
import {
  commandContext,
  EMPTY_RECORD,
  FAKE_PNG,
  fakeCommandServices,
  handMadeForecast,
  MEMBER,
  PROMOTED_OUTCOME,
} from "../helpers/fake-command-services.js";
import { must, nb, text } from "../helpers/reply-text.js";

const store = tempSubscriptionStore("coincast-translated-");

const NOW = Date.UTC(2026, 5, 1, 12);
const admin = (locale: string): Caller => ({ ...MEMBER, isAdmin: true, locale });

/** One dispatcher over the real subscription and alert services, on the test's store. */
function dispatcher() {
  const subscriptions = createSubscriptions({ store: store(), logger: silentLogger(), now: () => NOW });
  return alertDispatcher(store(), { subscriptions });
}

describe("/accuracy in the reader's language", () => {
  it("GIVEN a German caller and all coins THEN its label, notes and footer are German", async () => {
    const services = fakeCommandServices({
      record: {
        ...EMPTY_RECORD,
        count: 12,
        mae: 812.5,
        naiveMae: 830,
        skill: 0.021,
        calls: 12,
        hitRate: 0.58,
        since: 0,
      },
    });
    const reply = await accuracyCommand.run(
      { symbol: undefined, horizon: undefined },
      { ...commandContext(services), i18n: i18nFor("de") },
    );
    expect(reply.title).toBe("Bilanz");
    expect(reply.lines[0]).toMatch(/^Alle Münzen alle Horizonte: 12 /);
    expect(reply.lines[1]).toContain("k. A."); // no coverage yet
    expect(reply.lines[2]).toBe(
      "Hier mischen sich die Fehler mehrerer Münzen, die teuerste dominiert also: Nenne eine Münze für eine faire Zahl.",
    );
    expect(reply.footer).toBe(
      "Jede gelieferte Prognose wird bewertet, sobald ihre Zielkerze geschlossen hat. Ein Skill über 0 % schlägt „keine Änderung“.",
    );
  });
});

/** The rule's "too little new data" for the shipped daily model, `days` short. */
const shortfall = (days: number): ChallengeWhy => ({
  code: "needs-days",
  trainedUntil: Date.UTC(2025, 11, 8),
  days,
  have: 0,
  needed: 20,
});

describe("/retrain in the reader's language", () => {
  it("GIVEN a Spanish admin THEN the progress, title, outcome (its numbers Spanish) and footer are Spanish", async () => {
    const services = fakeCommandServices({ retrain: async () => [PROMOTED_OUTCOME] });
    const context = { ...commandContext(services), i18n: i18nFor("es-ES") };
    const reply = await retrainCommand.run({ timeframe: undefined }, context);
    expect(context.progressLines[0]).toBe("Reentrenando los modelos de 1d y 4h; tardará unos minutos.");
    expect(reply.title).toBe("Reentrenamiento terminado: 1 modelo nuevo en servicio");
    // The rule's reason in Spanish, worded from the values it decided on.
    expect(reply.lines).toEqual([
      "1d: entra en servicio 20260301T030000Z-a1b2: no es peor " +
        "[pérdida pinball 0,01020 frente a 0,01040; MAE de la mediana 1195,00 frente a 1200,00, persistencia 1190,00; " +
        "150 pronósticos reservados desde el 1 ene 2026]",
    ]);
    expect(reply.footer).toMatch(/^Un aspirante sustituye al modelo en servicio/);
  });

  it("GIVEN a German admin and a failed retrain THEN the line is German", async () => {
    const services = fakeCommandServices();
    const context = { ...commandContext(services), i18n: i18nFor("de") };
    const reply = await retrainCommand.run({ timeframe: "1d" }, context);
    expect(context.progressLines[0]).toBe("Das 1d-Modell wird neu trainiert; das dauert ein paar Minuten.");
    expect(reply.title).toBe("Neutraining fertig: Die eingesetzten Modelle bleiben");
    expect(reply.lines).toEqual([
      "1d: Neutraining fehlgeschlagen, das mitgelieferte Modell bleibt im Einsatz (das Training ist fehlgeschlagen (siehe Log))",
    ]);
  });

  it("GIVEN too little new data for a fair comparison THEN why is worded in the reader's language, days counted as it counts them", () => {
    const kept = (days: number): RetrainOutcome => ({
      timeframe: "1d",
      decision: "keep",
      reason: explainChallenge(shortfall(days)),
      why: shortfall(days),
      window: { start: 0, end: 0, origins: 0 },
      scores: { champion: null, challenger: null },
      championId: "shipped",
      promotedId: null,
    });
    expect(describeRetrainOutcome(kept(14), i18nFor("de"))).toBe(
      "1d: das mitgelieferte Modell bleibt: das eingesetzte Modell wurde bis 08.12.2025 trainiert: Für einen fairen Vergleich " +
        "fehlen noch 14 Tage neuer Daten (0 von 20 nötigen zurückgehaltenen Prognosen)",
    );
    expect(describeRetrainOutcome(kept(1), i18nFor("es"))).toMatch(
      /^1d: se mantiene el modelo incluido: el modelo en servicio se entrenó hasta el 8 dic 2025: .* falta 1 día más de datos nuevos \(0 de los 20 /,
    );
    expect(describeRetrainOutcome(kept(14), i18nFor("pt-BR"))).toMatch(/faltam 14 dias de dados novos/);
    // English quotes the rule's own words.
    expect(describeRetrainOutcome(kept(14))).toBe(
      "1d: kept the shipped model: the champion was trained until 2025-12-08: need 14 more days of new data before a " +
        "fair comparison (0 of the 20 held-out forecasts needed)",
    );
  });
});

describe("/subscribe, /unsubscribe and /subscriptions in the reader's language", () => {
  it("GIVEN a Spanish admin THEN each answers in Spanish, and the subscription keeps the language for its posts", async () => {
    const d = dispatcher();
    const es = admin("es-ES");
    const subscribed = await d.dispatch("subscribe", ["btc,eth", "1d", "08:00", "Europe/Madrid"], es);
    expect(subscribed.title).toBe("Suscrito: un pronóstico aquí cada día");
    expect(subscribed.lines).toEqual([
      "BTC/USDT y ETH/USDT a 1d, cada día a las 08:00 (Europe/Madrid); próxima publicación: 2 jun 2026, 8:00 (Europe/Madrid).",
      "Sustituye cualquier suscripción anterior de este canal. /unsubscribe la detiene.",
    ]);
    expect((await store().list())[0]?.locale).toBe("es-ES");
    const listed = await d.dispatch("subscriptions", [], es);
    expect(listed.title).toBe("Publicación diaria de este canal");
    expect(await d.dispatch("unsubscribe", [], es)).toMatchObject({
      lines: ["Suscripción cancelada: no habrá más publicaciones diarias aquí."],
    });
    expect(text(await d.dispatch("unsubscribe", [], es))).toContain("No hay nada que detener");
  });

  it("GIVEN a German admin THEN each answers in German; an English caller's subscription stores no language", async () => {
    const d = dispatcher();
    const de = admin("de");
    const subscribed = await d.dispatch("subscribe", ["btc", "1d", "07:30", "Europe/Berlin"], de);
    expect(subscribed.title).toBe("Abonniert: hier jeden Tag eine Prognose");
    expect(subscribed.lines[0]).toBe(
      "BTC/USDT für 1d, täglich um 07:30 (Europe/Berlin); nächster Beitrag 02.06.2026, 07:30 (Europe/Berlin).",
    );
    expect(text(await d.dispatch("subscriptions", [], { ...de, channelKind: "direct" }))).toMatch(
      /^Tägliche Beiträge: 1 Kanal\ntelegram -100: BTC\/USDT für 1d/,
    );
    // A subscription the platform refused: the platform's words are quoted, framed in German.
    const [subscription] = await store().list();
    await store().pause(subscription?.id ?? 0, NOW, platformSaid("Missing Access"));
    expect(text(await d.dispatch("subscriptions", [], de))).toContain(
      "pausiert seit 01.06.2026, 12:00 UTC: der Kanal hat Beiträge abgelehnt: „Missing Access“",
    );
    // A reason of Coincast's own is translated, not quoted in English.
    await store().pause(subscription?.id ?? 0, NOW, { code: "not-sendable" });
    const paused = text(await d.dispatch("subscriptions", [], de));
    expect(paused).toContain(
      "pausiert seit 01.06.2026, 12:00 UTC: in diesem Kanal kann der Bot keine Nachrichten senden",
    );
    expect(paused).not.toContain("not a channel");
    expect(text(await d.dispatch("unsubscribe", [], de))).toContain("Abo beendet");
    expect(text(await d.dispatch("subscriptions", [], de))).toContain(
      "Dieser Kanal hat keinen täglichen Beitrag. /subscribe richtet einen ein.",
    );
    await d.dispatch("subscribe", ["btc"], { ...MEMBER, isAdmin: true });
    expect((await store().list())[0]?.locale).toBeUndefined();
  });
});

describe("/alert and /alerts in the reader's language", () => {
  it("GIVEN a Spanish admin THEN setting, listing and removing an alert answer in Spanish, with Spanish numbers", async () => {
    const d = dispatcher();
    const es = admin("es");
    const set = must(await d.dispatchLine("/alert price btc above 100000", es));
    expect(set.title).toBe("Alerta n.º 1 creada: BTC/USDT: precio por encima de 100.000");
    expect(set.lines).toEqual([
      expect.stringMatching(/^Último cierre de 4h: 97\.000 \(.+ UTC\)\.$/),
      "Avisa una vez en el próximo cruce y luego solo tras reactivarse cuando un cierre de 4h vuelva a 99.000 o menos.",
    ]);
    expect(set.footer).toMatch(/^Se comprueba tras cada cierre de 4h\. .*No es asesoramiento financiero/);
    expect((await store().alerts.list())[0]?.locale).toBe("es");
    const listed = must(await d.dispatchLine("/alerts", es));
    expect(listed.title).toBe("Alertas de este canal: 1 de un máximo de 20");
    expect(listed.lines).toEqual(["n.º 1 BTC/USDT: precio por encima de 100.000: activa."]);
    // The same alert again is named by its ID, in Spanish too.
    expect(text(await d.dispatchLine("/alert price BTC above 100000", es))).toContain(
      "Ya hay una alerta igual en este canal: la n.º 1.",
    );
    // Paused for a reason of Coincast's own: translated, not quoted in English.
    await store().alerts.pauseChannel("telegram", "-100", NOW, { code: "not-sendable" });
    expect(text(await d.dispatchLine("/alerts", es))).toContain(
      "en pausa desde el 1 jun 2026, 12:00 UTC: el bot no puede enviar mensajes en este canal",
    );
    expect(text(await d.dispatchLine("/alert remove 1", es))).toContain("Alerta n.º 1 borrada.");
    expect(text(await d.dispatchLine("/alerts", es))).toContain("Este canal no tiene alertas.");
  });

  it("GIVEN a German admin THEN a P(up) and a band alert answer in German", async () => {
    const d = dispatcher();
    const de = admin("de");
    const pup = must(await d.dispatchLine("/alert pup btc above 0.6", de));
    expect(pup.title).toBe(nb("Alarm Nr. 1 gesetzt: BTC/USDT: P(steigt) über 60 %"));
    expect(pup.lines[1]).toBe(nb("P(steigt) für die nächsten 4h: 52 %."));
    expect(pup.lines[2]).toBe(
      nb(
        "Löst beim nächsten Durchgang einmal aus, danach erst wieder nach der Wiederscharfschaltung, sobald P(steigt) wieder bei oder unter 55 % liegt.",
      ),
    );
    const band = must(await d.dispatchLine("/alert band eth", de));
    expect(band.title).toBe("Alarm Nr. 2 gesetzt: ETH/USDT: Schlusskurs außerhalb des 80-%-Intervalls");
    expect(band.lines[1]).toMatch(/^Das 80-%-Intervall für den nächsten Schlusskurs: [\d.,]+ bis [\d.,]+\.$/);
  });
});

describe("scheduled posts in the language stored with them", () => {
  const subscription = (locale?: Locale | string): Subscription => ({
    id: 1,
    platform: "telegram",
    channelId: "-100",
    symbols: ["BTC/USDT", "NOPE/USDT"],
    horizon: "1d",
    time: "08:00",
    timeZone: "UTC",
    createdBy: "1",
    createdAt: 0,
    pausedAt: null,
    pauseReason: null,
    ...(locale === undefined ? {} : { locale }),
  });

  it("GIVEN a subscription made in German THEN the daily post, its chart's labels and its alt text are German", async () => {
    const charted: (string | undefined)[] = [];
    const services = fakeCommandServices({
      chart: async (_forecast, locale) => {
        charted.push(locale);
        return FAKE_PNG;
      },
    });
    const forecasts = {
      ...services.core,
      forecast: async (symbol: string, horizon: string) => {
        if (symbol === "NOPE/USDT") throw new Error("no such pair in this fake");
        return handMadeForecast(symbol, horizon);
      },
      scored: async () => [],
    };
    const slot = { subscription: subscription("de"), day: "2025-12-09", at: Date.UTC(2025, 11, 9, 8) };
    const post = await buildPost(forecasts, slot, silentLogger());
    expect(post.title).toBe("Tägliche Prognose, 1d voraus (09.12.2025)");
    expect(post.lines[0]).toMatch(
      /^BTC\/USDT: Median [\d.]+ \([+-][\d,]+\s%\), 80 % [\d.]+ bis [\d.]+, P\(steigt\) \d+\s%$/u,
    );
    expect(post.lines[1]).toBe("NOPE/USDT: diesmal keine Prognose.");
    expect(post.lines[2]).toBe("gestern: Keine Prognose dieser Münzen war fällig und wurde bewertet.");
    expect(post.footer).toMatch(/^Modell .*Keine Anlageberatung.* \/unsubscribe beendet diese Beiträge\.$/);
    expect(charted).toEqual(["de"]);
    expect(post.image?.description).toBe(
      "BTC/USDT: letzte Schlusskurse und die Prognose für 1d: Median und 80-%- und 95-%-Intervalle",
    );

    // Made before the language was kept (or by an English caller): English, as before.
    const english = await buildPost(forecasts, { ...slot, subscription: subscription() }, silentLogger());
    expect(english.title).toBe("Daily forecast, 1d ahead (2025-12-09)");
    expect(charted).toEqual(["de", "en"]);
  });

  it("GIVEN an alert set in Spanish firing THEN its post, chart and the failed-chart line are Spanish", async () => {
    const charted: (string | undefined)[] = [];
    const forecast = { ...handMadeForecast("BTC", "4h"), lastPrice: 101_000 };
    const alert: Alert = {
      id: 3,
      platform: "telegram",
      channelId: "-100",
      symbol: "BTC/USDT",
      rule: { kind: "price", direction: "above", level: 100_000 },
      createdBy: "1",
      createdAt: 0,
      state: { armed: false, checkedAsOf: forecast.asOf, band: null },
      lastFiredAt: null,
      pausedAt: null,
      pauseReason: null,
      locale: "es-419",
    };
    const firing = {
      alert,
      fired: { kind: "price" as const, direction: "above" as const, level: 100_000, close: 101_000 },
      observation: { forecast },
    };
    const drawn = {
      chart: async (_f: unknown, locale?: string) => {
        charted.push(locale);
        return FAKE_PNG;
      },
    };
    const post = await buildAlertPost(drawn, firing, silentLogger());
    expect(post.title).toBe("Alerta n.º 3: BTC/USDT: precio por encima de 100.000");
    expect(post.lines[0]).toBe("BTC/USDT cerró por encima de 100.000: 101.000 en el cierre de 4h.");
    expect(post.lines[1]).toMatch(/^Próximas 4h: BTC\/USDT: mediana .+, P\(subida\) \d+\u00a0%\.$/u);
    expect(post.footer).toMatch(/^Modelo .*\/alert remove 3 detiene esta alerta\. No es asesoramiento/);
    expect(charted).toEqual(["es"]);
    expect(post.image?.description).toMatch(/^BTC\/USDT: cierres recientes y el pronóstico a 4h/);

    const broken = {
      chart: async () => {
        throw new Error("no canvas");
      },
    };
    const failed = await buildAlertPost(broken, firing, silentLogger());
    expect(failed.lines.at(-1)).toBe("(Esta vez no se ha podido dibujar el gráfico.)");
    const english = await buildAlertPost(
      broken,
      { ...firing, alert: { ...alert, locale: "en" } },
      silentLogger(),
    );
    expect(english.lines).toEqual([
      "BTC/USDT closed above 100,000: 101,000 at the 4h close.",
      expect.stringMatching(/^Next 4h: BTC\/USDT: median /),
      "(The chart could not be drawn this time.)",
    ]);
  });
});
