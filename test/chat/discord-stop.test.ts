import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../src/chat/discord.js";
import { type FakeDiscord, startFakeDiscord } from "../helpers/fake-discord.js";
import { callbackOf, FORECAST_REPLY, fakeDispatcher, SPECS, SYMBOLS, TOKEN } from "./discord-fixture.js";

/** A Discord surface that stops: a deposed gateway holder, or the bot shutting down. */
describe("Discord adapter stopping", () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it("GIVEN a command still running when the adapter stops THEN it is answered, and a command that comes after is not taken", async () => {
    const discord = await startFakeDiscord({ token: TOKEN });
    fake = discord;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dispatcher = fakeDispatcher(async () => {
      await held;
      return FORECAST_REPLY;
    });
    const adapter = await startDiscord({
      token: TOKEN,
      guildId: discord.guildId,
      apiUrl: discord.apiUrl,
      dispatcher,
      specs: SPECS,
      symbols: SYMBOLS,
      logger: pino({ level: "silent" }),
    });
    await discord.waitForRequest((r) => r.method === "PUT");
    const first = discord.sendCommand({ name: "forecast", options: { symbol: "BTC", horizon: "1d" } });
    await expect.poll(() => dispatcher.calls.length).toBe(1);

    const stopping = adapter.stop();
    // The successor answers this one: a stopping surface must not take it too.
    discord.sendCommand({ name: "forecast", options: { symbol: "ETH", horizon: "1d" } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await stopping;

    expect(dispatcher.calls.map((call) => (call.args as Record<string, string | undefined>).symbol)).toEqual([
      "BTC",
    ]);
    expect(discord.requests.some(callbackOf(first.token))).toBe(true);
  });
});
