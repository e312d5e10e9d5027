import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Command } from "commander";
import { PermissionFlagsBits } from "discord.js";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { startDiscord } from "../../src/chat/discord.js";
import { registerCommands, toSlashCommands } from "../../src/chat/discord-commands.js";
import { registerDiscordCommand } from "../../src/cli/discord.js";
import { UserError } from "../../src/errors.js";
import { startFakeDiscord, UNKNOWN_MESSAGE } from "../helpers/fake-discord.js";
import {
  body,
  callbackOf,
  captureLogger,
  discordAdapterUnderTest,
  FORECAST_REPLY,
  fakeDispatcher,
  originalOf,
  PNG,
  SPECS,
  SYMBOLS,
  TOKEN,
} from "./discord-fixture.js";

// Slash-command definitions and replies as embeds, without a Discord: discord-format.test.ts.

const suite = discordAdapterUnderTest();

describe("Discord adapter against a fake Discord", () => {
  it("GIVEN a guild id THEN ready logs in with Guilds only and PUTs the slash commands to that guild", async () => {
    const discord = await suite.start(fakeDispatcher());
    expect(discord.identifies).toHaveLength(1);
    expect(discord.identifies[0]?.intents).toBe(1);
    expect(discord.gatewayQueries[0]).toEqual({ v: "10", encoding: "json" });
    const put = await discord.waitForRequest((r) => r.method === "PUT");
    expect(put.path).toBe(`/applications/${discord.applicationId}/guilds/${discord.guildId}/commands`);
    expect(put.authorized).toBe(true);
    expect(put.body).toEqual(toSlashCommands(SPECS));
    expect((put.body as { name: string; default_member_permissions?: string }[])[1]).toMatchObject({
      name: "retrain",
      default_member_permissions: "32",
    });
  });

  it("GIVEN no guild id THEN the commands are registered globally", async () => {
    const discord = await suite.start(fakeDispatcher(), { guildId: null });
    const put = await discord.waitForRequest((r) => r.method === "PUT");
    expect(put.path).toBe(`/applications/${discord.applicationId}/commands`);
  });

  it("GIVEN /forecast answered quickly THEN one type-4 callback carries the embed and the chart", async () => {
    const dispatcher = fakeDispatcher();
    const discord = await suite.start(dispatcher);
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC", horizon: "1d" } });
    const callback = await discord.waitForRequest(callbackOf(sent.token));
    expect(dispatcher.calls[0]).toMatchObject({
      name: "forecast",
      args: { symbol: "BTC", horizon: "1d" },
      caller: { platform: "discord", channelId: discord.channelId, channelKind: "group", isAdmin: false },
    });
    expect(callback.multipart).toBe(true);
    expect(body(callback).type).toBe(4);
    const data = body(callback).data;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.flags ?? 0).toBe(0);
    expect(data.embeds[0]).toMatchObject({ title: "BTC/USDT 1d", image: { url: "attachment://btc-1d.png" } });
    // The file part carries the name; the attachments entry links it by id and carries the alt text.
    expect(data.attachments).toEqual([
      expect.objectContaining({ id: "0", description: "BTC/USDT forecast chart" }),
    ]);
    expect(callback.files).toHaveLength(1);
    expect(callback.files[0]?.name).toBe("btc-1d.png");
    expect(callback.files[0]?.data.equals(PNG)).toBe(true);
    await sleep(200);
    expect(discord.requests.filter((r) => r.path.includes(sent.token))).toHaveLength(1);
  });

  it("GIVEN a model slower than the deferral deadline THEN the deferral arrives while it runs and the answer edits it", async () => {
    // The model answers only when the test says so: no real 5 s wait, and no race with a loaded machine.
    let finish: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const dispatcher = fakeDispatcher(async () => {
      await answered;
      return FORECAST_REPLY;
    });
    const discord = await suite.start(dispatcher, { deferAfterMs: 50 });
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "ETH" } });
    const defer = await discord.waitForRequest(callbackOf(sent.token));
    expect(body(defer).type).toBe(5);
    expect(discord.requests.some(originalOf(sent.token))).toBe(false);
    finish();
    const edit = await discord.waitForRequest(originalOf(sent.token));
    expect(edit.multipart).toBe(true);
    expect(body(edit)).toMatchObject({ content: "", allowed_mentions: { parse: [] } });
    expect(body(edit).embeds[0].image.url).toBe("attachment://btc-1d.png");
    expect(edit.files[0]?.data.equals(PNG)).toBe(true);
  });

  it("GIVEN progress from a slow command THEN it defers, shows the throttled progress, then the answer", async () => {
    const dispatcher = fakeDispatcher(async (progress) => {
      await progress("training *10%*");
      await progress("training 20%"); // within 2 s of the first: dropped
      await sleep(300);
      return { title: "Retrained", lines: ["done"] };
    });
    const discord = await suite.start(dispatcher, { deferAfterMs: 5_000 });
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC" } });
    const defer = await discord.waitForRequest(callbackOf(sent.token));
    expect(body(defer).type).toBe(5);
    const final = await discord.waitForRequest(
      (r) => originalOf(sent.token)(r) && body(r).embeds?.length > 0,
    );
    const edits = discord.requests.filter(originalOf(sent.token));
    expect(edits.map((r) => body(r).content)).toEqual(["training \\*10%\\*", ""]);
    expect(edits.every((r) => body(r).allowed_mentions?.parse?.length === 0)).toBe(true);
    expect(body(final).embeds[0].title).toBe("Retrained");
  });

  it("GIVEN a slow private answer THEN it is sent ephemeral and the public placeholder removed", async () => {
    const discord = await suite.start(
      fakeDispatcher(async () => {
        await sleep(200);
        return { lines: ["only you"], private: true };
      }),
      { deferAfterMs: 50 },
    );
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC" } });
    const followUp = await discord.waitForRequest(
      (r) => r.method === "POST" && r.path.endsWith(`/${sent.token}`),
    );
    expect(body(followUp)).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    await discord.waitForRequest(originalOf(sent.token, "DELETE"));
  });

  it("GIVEN the public placeholder already gone (10008) after a private answer THEN no apology follows, a warning is logged", async () => {
    const { lines, logger } = captureLogger();
    const discord = await suite.start(
      fakeDispatcher(async () => {
        await sleep(200);
        return { lines: ["only you"], private: true };
      }),
      { deferAfterMs: 50, logger },
    );
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC" } });
    discord.failInteraction(sent.token, "DELETE", UNKNOWN_MESSAGE);
    await discord.waitForRequest(originalOf(sent.token, "DELETE"));
    await sleep(200);
    // Before: the failed delete failed the turn, and "Sorry, something went wrong" followed the answer.
    const followUps = discord.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith(`/${sent.token}`),
    );
    expect(followUps.map((r) => JSON.stringify(r.body))).toEqual([expect.stringContaining("only you")]);
    const warning = lines.map((line) => JSON.parse(line)).find((line) => /not cleared/.test(line.msg));
    expect(warning).toMatchObject({
      level: 40,
      err: { message: expect.stringContaining("Unknown Message") },
    });
    expect(lines.join("")).not.toContain(sent.token);
  });

  it("GIVEN the answer's edit refused after a progress line THEN the placeholder itself becomes the apology", async () => {
    const discord = await suite.start(
      fakeDispatcher(async (progress) => {
        await progress("Training the model… 40%");
        await sleep(300);
        return FORECAST_REPLY;
      }),
      { deferAfterMs: 50 },
    );
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC" } });
    await discord.waitForRequest(originalOf(sent.token));
    discord.failInteraction(sent.token, "PATCH", { status: 400, message: "Invalid Form Body", code: 50035 });
    const apology = await discord.waitForRequest(
      (r) => originalOf(sent.token)(r) && /^Sorry/.test(body(r).content),
    );
    // Before: `replied` (set by the progress edit) sent an ephemeral follow-up and left "40%" up for all.
    expect(body(apology)).toMatchObject({ embeds: [], attachments: [] });
    expect(discord.requests.filter((r) => r.method === "POST" && r.path.endsWith(`/${sent.token}`))).toEqual(
      [],
    );
  });

  it("GIVEN /retrain THEN isAdmin follows Manage Server, and a DM is direct and not admin", async () => {
    const dispatcher = fakeDispatcher(async () => ({ lines: ["ok"] }));
    const discord = await suite.start(dispatcher);
    const plainMember = discord.sendCommand({
      name: "retrain",
      permissions: PermissionFlagsBits.SendMessages,
    });
    await discord.waitForRequest(callbackOf(plainMember.token));
    const admin = discord.sendCommand({
      name: "retrain",
      permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages,
    });
    await discord.waitForRequest(callbackOf(admin.token));
    const direct = discord.sendCommand({ name: "retrain", inGuild: false });
    await discord.waitForRequest(callbackOf(direct.token));
    expect(dispatcher.calls.map((c) => [c.caller.isAdmin, c.caller.channelKind])).toEqual([
      [false, "group"],
      [true, "group"],
      [false, "direct"],
    ]);
    expect(dispatcher.calls[0]?.args).toEqual({});
  });

  it("GIVEN typing in a symbol option THEN autocomplete answers with the matching symbols", async () => {
    const discord = await suite.start(fakeDispatcher());
    const sent = discord.sendAutocomplete({ name: "forecast", focused: "symbol", value: "et" });
    const callback = await discord.waitForRequest(callbackOf(sent.token));
    expect(body(callback)).toEqual({ type: 8, data: { choices: [{ name: "ETH/USDT", value: "ETH/USDT" }] } });
    const all = discord.sendAutocomplete({ name: "forecast", focused: "symbol", value: "usdt" });
    expect(body(await discord.waitForRequest(callbackOf(all.token))).data.choices).toHaveLength(3);
  });

  it("GIVEN the exchange's listed pairs THEN autocomplete offers them in the order given (most liquid first), at most 25", async () => {
    const typed: string[] = [];
    const listed = Array.from({ length: 40 }, (_, i) => `S${i}/USDT`);
    const discord = await suite.start(fakeDispatcher(), {
      suggest: (value) => {
        typed.push(value);
        return value === "s" ? ["SOL/USDT", "SOL/BTC", ...listed] : [];
      },
    });
    const sent = discord.sendAutocomplete({ name: "forecast", focused: "symbol", value: "s" });
    const choices = body(await discord.waitForRequest(callbackOf(sent.token))).data.choices;
    expect(choices).toHaveLength(25);
    expect(choices.slice(0, 2)).toEqual([
      { name: "SOL/USDT", value: "SOL/USDT" },
      { name: "SOL/BTC", value: "SOL/BTC" },
    ]);
    const long = discord.sendAutocomplete({ name: "forecast", focused: "symbol", value: "x".repeat(100) });
    expect(body(await discord.waitForRequest(callbackOf(long.token))).data.choices).toEqual([]);
    expect(typed).toEqual(["s", "x".repeat(40)]);
  });

  it("GIVEN a failing handler THEN the user gets an ephemeral apology with an error id and no token is logged", async () => {
    const { lines, logger } = captureLogger();
    const discord = await suite.start(
      fakeDispatcher(async () => {
        throw new Error(`boom with ${TOKEN}`);
      }),
      { logger },
    );
    const sent = discord.sendCommand({ name: "forecast", options: { symbol: "BTC" } });
    const callback = await discord.waitForRequest(callbackOf(sent.token));
    expect(body(callback)).toMatchObject({
      type: 4,
      data: { flags: 64, allowed_mentions: { parse: [] } },
    });
    const id = /error id ([0-9a-f]{8})/.exec(body(callback).data.content)?.[1];
    expect(id).toBeDefined();
    const log = lines.join("");
    expect(log).toContain(id);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(sent.token);
  });

  it("GIVEN the bot stopping while the login waits for Discord THEN the start ends at once, saying so", async () => {
    // Takes connections and never answers: discord.js's REST would wait 15 s a try for /gateway/bot.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api`;
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 300);
    const began = Date.now();
    const starting = startDiscord({
      token: TOKEN,
      apiUrl,
      dispatcher: fakeDispatcher(),
      specs: SPECS,
      symbols: SYMBOLS,
      logger: pino({ level: "silent" }),
      signal: stopping.signal,
    });
    await expect(starting).rejects.toThrow(`Discord (${apiUrl}) start-up stopped`);
    expect(Date.now() - began).toBeLessThan(3_000);
    silent.closeAllConnections();
    silent.close();
  });

  it("GIVEN `discord register` without an application id THEN it asks Discord for it and PUTs globally", async () => {
    const discord = await startFakeDiscord({ token: TOKEN });
    suite.adopt(discord);
    const registered = await registerCommands({ token: TOKEN, apiUrl: discord.apiUrl, specs: SPECS });
    expect(registered).toEqual({
      applicationId: discord.applicationId,
      guildId: undefined,
      names: ["forecast", "retrain"],
    });
    const put = await discord.waitForRequest((r) => r.method === "PUT");
    expect(put.path).toBe(`/applications/${discord.applicationId}/commands`);
  });

  it("GIVEN `coincast discord register --guild` THEN it PUTs to that guild and says where", async () => {
    const discord = await startFakeDiscord({ token: TOKEN });
    suite.adopt(discord);
    const output: string[] = [];
    const program = new Command("coincast").exitOverride();
    registerDiscordCommand(program, {
      config: {
        discordToken: TOKEN,
        discord: { guildId: undefined, applicationId: undefined, apiUrl: discord.apiUrl },
      },
      specs: async () => SPECS,
      write: (text) => void output.push(text),
    });
    await program.parseAsync(["discord", "register", "--guild", discord.guildId], { from: "user" });
    const put = await discord.waitForRequest((r) => r.method === "PUT");
    expect(put.path).toBe(`/applications/${discord.applicationId}/guilds/${discord.guildId}/commands`);
    expect(output.join("")).toContain(`Registered /forecast, /retrain in server ${discord.guildId}`);

    const refused = new Command("coincast").exitOverride();
    registerDiscordCommand(refused, {
      config: {
        discordToken: "wrong-token-wrong-token",
        discord: { guildId: undefined, applicationId: undefined, apiUrl: discord.apiUrl },
      },
      specs: async () => SPECS,
    });
    await expect(refused.parseAsync(["discord", "register"], { from: "user" })).rejects.toThrow(UserError);
  });
});
