import { describe, expect, it } from "vitest";
import { faqCommand } from "../../commands/faq.js";
import { modelCommand } from "../../commands/model.js";
import { formatText } from "../../src/chat/format-text.js";
import { UserError } from "../../src/errors.js";
import type { FleetStatus } from "../../src/fleet/queue-runner.js";
import { scoreForecast } from "../../src/forecast/track-record.js";
import { i18nFor } from "../../src/i18n/index.js";
import { modelVersion } from "../../src/lifecycle/model-version.js";
import { createStatisticalForecaster } from "../../src/model/baselines/statistical-forecaster.js";
import type { ModelTimeframe } from "../../src/model/horizons.js";
import { syntheticDailySeries } from "../evaluation/synthetic-series.js";
import {
  AS_OF,
  championOf,
  commandContext,
  fakeCommandServices,
  handMadeForecast,
  MEMBER,
  recordedOf,
  shippedChampion,
} from "../helpers/fake-command-services.js";

/** A registry whose 4h timeframe has no usable model (refused as champions.ts refuses it) and whose 1d serves `daily`. */
const noFourHourModel =
  (daily: ReturnType<typeof championOf>) =>
  async (timeframe: ModelTimeframe): Promise<ReturnType<typeof championOf>> => {
    if (timeframe === "4h")
      throw new UserError("No usable 4h model. Run `coincast train` to make a 4h model.", {
        code: "no-model",
        params: { timeframe },
      });
    return daily;
  };

describe("/model", () => {
  it("GIVEN both shipped models and a recorded evaluation THEN a short table: per timeframe the model, trained until, range skill and 80% band per horizon, from one call into the core", async () => {
    const services = fakeCommandServices();
    const reply = await modelCommand.run({}, commandContext(services, MEMBER));
    expect(services.calls.core).toEqual(["models"]);
    expect(reply.fields).toEqual([
      {
        name: "1d model",
        value:
          "cnn-gru, trained until 2025-12-08 | range skill +2.6% at 1d, +1.1% at 3d, -1.3% at 7d | 80% band held 82%, 81%, 85% | pooled over BTC/USDT",
      },
      {
        name: "4h model",
        value:
          "cnn-gru, trained until 2025-12-08 | range skill +2.6% at 4h, +1.1% at 12h, -1.3% at 1d | 80% band held 82%, 81%, 85% | pooled over BTC/USDT",
      },
    ]);
    // The statistics stay in the model card and /faq accuracy.
    expect(formatText(reply)).not.toMatch(/MASE|DM p|Brier|direction/);
    expect(reply.lines).toEqual([]);
    expect(reply.footer).toMatch(/^Range skill: .*above 0 beats it\..*\/faq accuracy.*worker thread\.$/);
  });

  it("GIVEN a 4h model evaluated on other coins than the 1d model THEN each timeframe's row names the coins its own figures pool, in every language", async () => {
    const recorded4h = recordedOf("4h");
    const onOtherCoins = {
      ...recorded4h,
      entries: recorded4h.entries.map((e) => ({ ...e, symbol: "SOL/USDT" })),
    };
    const services = fakeCommandServices({
      evaluation: async (timeframe: ModelTimeframe) => (timeframe === "4h" ? onOtherCoins : recordedOf("1d")),
    });
    const rows = {
      en: ["pooled over BTC/USDT", "pooled over SOL/USDT"],
      de: ["BTC/USDT zusammen", "SOL/USDT zusammen"],
    };
    const spanish = {
      es: ["BTC/USDT juntos", "SOL/USDT juntos"],
      "pt-BR": ["BTC/USDT juntos", "SOL/USDT juntos"],
    };
    for (const [locale, [daily, fourHour]] of Object.entries({ ...rows, ...spanish })) {
      const reply = await modelCommand.run(
        {},
        { ...commandContext(services, MEMBER), i18n: i18nFor(locale as "en" | "de" | "es" | "pt-BR") },
      );
      expect(reply.fields?.[0]?.value.endsWith(` | ${daily}`)).toBe(true);
      expect(reply.fields?.[1]?.value.endsWith(` | ${fourHour}`)).toBe(true);
      // The footer names no coins of its own: it would be one list for both.
      expect(reply.footer).not.toMatch(/BTC|SOL/);
    }
  });

  it("GIVEN another served model (a statistical one, or a network later) THEN its own recorded figures, never another's", async () => {
    const series = [syntheticDailySeries("BTC/USDT", 400, { seed: 2, drift: 0 })];
    const model = createStatisticalForecaster({ members: ["har"], timeframe: "1d" });
    await model.fit(series, series[0]?.candles[399]?.time ?? 0, [1, 3, 7]);
    const meta = model.metas[0];
    if (meta === undefined) throw new Error("no meta");
    const champion = async (timeframe: ModelTimeframe) => ({
      ...championOf(timeframe),
      meta,
      version: modelVersion(meta),
    });
    const none = await modelCommand.run({}, commandContext(fakeCommandServices({ champion })));
    expect(none.fields?.[0]?.value).toMatch(
      /^har, trained until \d{4}-\d\d-\d\d \| no out-of-sample evaluation recorded$/,
    );
    const recorded = recordedOf("1d");
    const har = {
      entries: recorded.entries.map((e) => ({ ...e, model: e.model === "cnn-gru" ? "har" : e.model })),
      skill: (recorded.skill ?? []).map((r) => ({ ...r, model: "har", vsPersistence: 0.968 })),
    };
    const reply = await modelCommand.run(
      {},
      commandContext(fakeCommandServices({ champion, evaluation: har })),
    );
    expect(reply.fields?.[0]?.value).toMatch(
      /^har, .*\| range skill \+3\.2% at 1d, \+3\.2% at 3d, \+3\.2% at 7d \|/,
    );
  });

  it("GIVEN the shipped networks, whose test window also chose their recipe THEN /model says the figures are no untouched test, as /faq accuracy does", async () => {
    const services = fakeCommandServices({ champion: shippedChampion });
    const reply = await modelCommand.run({}, commandContext(services, MEMBER));
    expect(reply.lines).toEqual([
      "These are not the figures of an untouched test: the same window was scored for several recipes of " +
        "the network before the one that serves was chosen (README: Global network).",
    ]);
    const faq = await faqCommand.run({ topic: "accuracy" }, commandContext(services, MEMBER));
    expect(faq.lines).toContain(reply.lines[0]);
  });

  it("GIVEN a retrained champion and one timeframe with no model THEN the other's row still shows, marked", async () => {
    const services = fakeCommandServices({
      champion: noFourHourModel({
        ...championOf("1d", "20260121T030000Z-a1b2"),
        promotedAt: Date.UTC(2026, 0, 21, 3),
      }),
    });
    const reply = await modelCommand.run({}, commandContext(services));
    expect(reply.fields?.[0]?.value).toMatch(
      /trained until 2025-12-08 \(retrained, serving since 2026-01-21 03:00 UTC; figures of the shipped version\)/,
    );
    expect(reply.fields?.[1]).toEqual({
      name: "4h model",
      value: "No usable 4h model. Run `coincast train` to make a 4h model.",
    });
  });

  it("GIVEN one timeframe with no model AND a German reader THEN its row says why in German, as /faq model does", async () => {
    const services = fakeCommandServices({ champion: noFourHourModel(championOf("1d")) });
    const german = { ...commandContext(services), i18n: i18nFor("de") };
    const reply = await modelCommand.run({}, german);
    const why = "Es gibt noch kein trainiertes 4h-Modell; `coincast train` trainiert eins.";
    expect(reply.fields?.[1]?.value).toBe(why);
    const faq = await faqCommand.run({ topic: "model" }, german);
    expect(faq.lines).toContain(`Das 4h-Modell: ${why}`);
  });

  it("GIVEN scored forecasts THEN admins see the live adaptive interval levels, members only the table", async () => {
    const f = handMadeForecast("btc", "1d");
    // Three outcomes far above both intervals: every level widens.
    const scored = [1, 2, 3].map((i) => ({
      forecast: f,
      source: "command",
      actual: f.interval95.high * 2,
      scoredAt: AS_OF + i,
      score: scoreForecast(f, f.interval95.high * 2),
    }));
    const services = fakeCommandServices({ scored });
    const admin = (await modelCommand.run({}, commandContext(services))).lines.join("\n");
    expect(admin).toMatch(
      /^Adaptive intervals at 1d \(from 3 scored forecasts\): 80% served at level \d+\.\d% \(observed 0%\), 95% served at level/m,
    );
    expect((await modelCommand.run({}, commandContext(services, MEMBER))).lines).toEqual([]);
  });

  it("GIVEN a fleet THEN admins see each live worker with its back-end and the queue depth, members do not", async () => {
    const now = Date.now();
    const status: FleetStatus = {
      workers: [
        {
          id: "gpu-1",
          host: "gpu",
          pid: 7,
          backend: "tensorflow-gpu",
          concurrency: 2,
          startedAt: 0,
          jobs: 31,
          at: now - 4000,
        },
      ],
      stores: 1,
      forecast: { waiting: 3, active: 2 },
      training: { waiting: 0, active: 1 },
    };
    const services = { ...fakeCommandServices(), fleetStatus: async () => status };
    const admin = (await modelCommand.run({}, commandContext(services))).lines.join("\n");
    expect(admin).toMatch(/^Forecast queue: 3 waiting, 2 running\. Training queue: 0 waiting, 1 running\.$/m);
    expect(admin).toMatch(/^ {2}gpu-1: tensorflow-gpu, 2 at a time, 31 jobs done, last seen 4 s ago$/m);
    const member = await modelCommand.run({}, commandContext(services, MEMBER));
    expect(member.lines.join("\n")).not.toMatch(/gpu-1|queue/);
    expect(member.footer).toMatch(/fleet's workers/);
    const none = { ...fakeCommandServices(), fleetStatus: async () => ({ ...status, workers: [] }) };
    expect((await modelCommand.run({}, commandContext(none))).lines.join("\n")).toMatch(
      /No forecast worker is running/,
    );
    // An admin reads the fleet in their language.
    const german = { ...commandContext(services), i18n: i18nFor("de") };
    const deutsch = (await modelCommand.run({}, german)).lines.join("\n");
    expect(deutsch).toMatch(
      /^Prognose-Warteschlange: 3 wartend, 2 laufend\. Trainings-Warteschlange: 0 wartend, 1 laufend\.$/m,
    );
    expect(deutsch).toMatch(
      /^ {2}gpu-1: tensorflow-gpu, 2 gleichzeitig, 31 Jobs erledigt, zuletzt vor 4 s gesehen$/m,
    );
    expect(admin).not.toMatch(/DATA_DIR/);
  });

  it("GIVEN bot replicas writing two subscription stores THEN admins read that first, with the fix, in their language", async () => {
    const status: FleetStatus = {
      workers: [],
      stores: 2,
      forecast: { waiting: 0, active: 0 },
      training: { waiting: 0, active: 0 },
    };
    const services = { ...fakeCommandServices(), fleetStatus: async () => status };
    const admin = (await modelCommand.run({}, commandContext(services))).lines;
    const split = admin.findIndex((line) =>
      line.startsWith("The bot replicas write 2 different subscription"),
    );
    expect(split).toBeGreaterThanOrEqual(0);
    expect(admin[split + 1]).toMatch(/^Forecast queue:/);
    expect(admin[split]).toMatch(
      /Set DATABASE_URL \(the same on every bot\), or give every bot one shared DATA_DIR\.$/,
    );
    const german = { ...commandContext(services), i18n: i18nFor("de") };
    expect((await modelCommand.run({}, german)).lines.join("\n")).toMatch(
      /^Die Bot-Repliken schreiben in 2 verschiedene Abonnement-Speicher/m,
    );
    const member = await modelCommand.run({}, commandContext(services, MEMBER));
    expect(member.lines.join("\n")).not.toMatch(/DATA_DIR/);
  });
});
