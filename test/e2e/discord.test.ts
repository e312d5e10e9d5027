import { describe, expect, it } from "vitest";
import { type RecordedRequest, startFakeDiscord } from "../helpers/fake-discord.js";
import { discordEnv, E2E_WAIT_MS, PNG_SIGNATURE, wholeBotStage } from "./bot-e2e.js";

const TOKEN = "MTIz.fake-bot-token.for-tests-only";

const stage = wholeBotStage();

// biome-ignore lint/suspicious/noExplicitAny: wire JSON, its shape is what the expectations check
type Wire = any;

/** The message that answers the interaction: the type-4 callback, or the edit of a deferred reply. */
function answerOf(token: string) {
  return (r: RecordedRequest) => {
    const sent = r.body as Wire;
    if (r.method === "POST" && r.path.includes(`/${token}/callback`)) return sent?.type === 4;
    return (
      r.method === "PATCH" && r.path.includes(`/${token}/messages/@original`) && sent?.embeds?.length > 0
    );
  };
}

/** The embed of an answer, from a callback or an edit. */
const embedOf = (answer: RecordedRequest): Wire =>
  (answer.path.endsWith("/callback") ? (answer.body as Wire).data : (answer.body as Wire)).embeds[0];

describe("the bot end to end on Discord (startBot, discord.js, the fake Discord, the shipped model)", () => {
  it("GIVEN DISCORD_TOKEN and DISCORD_API_URL at the fake THEN /forecast BTC 1d is answered with the real embed and chart, and the bot shuts down cleanly", {
    timeout: 3 * E2E_WAIT_MS,
  }, async () => {
    const discord = stage.fake(await startFakeDiscord({ token: TOKEN }));
    const bot = await stage.startBot(discordEnv(discord, TOKEN));
    // The commands are registered once the gateway is ready: the bot is answering.
    const put = await discord.waitForRequest((r) => r.method === "PUT", E2E_WAIT_MS);
    expect((put.body as Wire[]).map((c) => c.name)).toContain("forecast");

    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC", horizon: "1d" } });
    const answer = await discord.waitForRequest(answerOf(sent.token), E2E_WAIT_MS);

    const message = answer.path.endsWith("/callback") ? (answer.body as Wire).data : (answer.body as Wire);
    const embed = message.embeds[0];
    expect(embed.title).toBe("BTC/USDT forecast, 1d ahead");
    // Numbers from the shipped daily model on the shipped history (last candle 2025-12-08).
    expect(JSON.stringify(embed)).toMatch(/80% interval/i);
    expect(JSON.stringify(embed)).toMatch(/2025-12-0[89]/);
    // The verdict line from the recorded evaluation of the served model: its range, its band, its median.
    // Whichever model ships: its figures come from its recorded evaluation (test/commands pins the words).
    expect(embed.description).toMatch(
      /Out of sample its range beat "no change" by \d+\.\d% \(CRPS\) and its 80% band held \d+% /,
    );
    expect(embed.description).not.toMatch(/MASE 1\.000/);
    expect(embed.image.url).toMatch(/^attachment:\/\/BTCUSDT-1d-.+\.png$/);
    expect(answer.files).toHaveLength(1);
    expect(answer.files[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(message.allowed_mentions).toEqual({ parse: [] });

    // A Spanish client gets Spanish words and Spanish numbers; a language we do not ship gets English.
    const spanish = discord.sendCommand({
      name: "forecast",
      options: { symbol: "BTC", horizon: "1d" },
      locale: "es-ES",
    });
    const es = embedOf(await discord.waitForRequest(answerOf(spanish.token), E2E_WAIT_MS));
    expect(es.title).toBe("Pronóstico de BTC/USDT a 1d vista");
    const field = (name: string) => es.fields.find((f: Wire) => f.name === name)?.value as string;
    // BTC in the tens of thousands: grouped with "." in Spain (escaped at the start of a line, where Discord
    // would read "90." as a numbered list), a percentage with a space before "%".
    // The shipped 4h candles run past the last daily close: the daily model's origin is named as such.
    expect(field("Último cierre diario")).toMatch(
      /^\d{2,3}\\?\.\d{3} \(\d{1,2} dic 2025, \d{1,2}:\d{2} UTC\)$/,
    );
    expect(field("Precio más reciente")).toMatch(
      /^\d{2,3}\\?\.\d{3} \(\d{1,2} dic 2025, \d{1,2}:\d{2} UTC, velas de 4h\); el modelo diario pronostica con cierres diarios\.$/,
    );
    expect(field("Intervalo del 80 %")).toMatch(/^de \d{2,3}\.\d{3} a \d{2,3}\.\d{3}$/);
    expect(field("P(subida)")).toMatch(/^\d{1,3}\s%$/);
    expect(es.footer.text).toMatch(/No es asesoramiento financiero/);
    const japanese = discord.sendCommand({
      name: "forecast",
      options: { symbol: "BTC", horizon: "1d" },
      locale: "ja",
    });
    const ja = embedOf(await discord.waitForRequest(answerOf(japanese.token), E2E_WAIT_MS));
    expect(ja.title).toBe("BTC/USDT forecast, 1d ahead");
    expect(ja.fields.find((f: Wire) => f.name === "Last daily close")?.value).toMatch(
      /^\d{2,3},\d{3} at 2025-12-/,
    );

    // A German client lists the commands under their German names: a reply that names one says that name.
    const german = discord.sendCommand({ name: "alerts", options: {}, locale: "de" });
    const de = embedOf(await discord.waitForRequest(answerOf(german.token), E2E_WAIT_MS));
    expect(de.description).toBe(
      "Dieser Kanal hat keine Alarme. /alarm price BTC above 100000 setzt einen; /hilfe nennt die Arten.",
    );

    const running = bot.running;
    await stage.stopBot();
    await expect(running).resolves.toBeUndefined();
  });
});
