import { PermissionFlagsBits } from "discord.js";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import { toSlashCommands } from "../../src/chat/discord-commands.js";
import { EMBED_LIMITS, toDiscordMessage, toEmbed } from "../../src/chat/discord-format.js";
import { suggestSymbols } from "../../src/chat/suggest.js";
import { truncate } from "../../src/chat/text-fit.js";
import { FORECAST_REPLY, PNG, SPECS, SYMBOLS } from "./discord-fixture.js";

describe("toSlashCommands", () => {
  it("GIVEN the specs THEN options, choices, autocomplete, limits and admin permissions follow them", () => {
    const [forecast, retrain] = toSlashCommands(SPECS);
    expect(forecast).toMatchObject({
      name: "forecast",
      type: 1,
      contexts: [0, 1],
      options: [
        { name: "symbol", type: 3, required: true, autocomplete: true, max_length: 64 },
        {
          name: "horizon",
          type: 3,
          required: false,
          max_length: 8,
          choices: [{ name: "1d", value: "1d" }, {}, {}],
        },
      ],
    });
    expect(forecast?.default_member_permissions).toBeUndefined();
    expect(retrain).toMatchObject({
      name: "retrain",
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      contexts: [0],
    });
  });

  it("GIVEN the real registry THEN every command is one Discord accepts", () => {
    const commands = toSlashCommands(COMMANDS.map((command) => command.spec));
    expect(commands.map((c) => c.name)).toEqual(COMMANDS.map((command) => command.spec.name));
    const retrain = commands.find((c) => c.name === "retrain");
    expect(retrain?.default_member_permissions).toBe("32");
    // Each member sees the words of their client's language; Spanish has two Discord locales.
    expect(commands.find((c) => c.name === "forecast")).toMatchObject({
      name_localizations: {
        "es-ES": "pronostico",
        "es-419": "pronostico",
        de: "prognose",
        "pt-BR": "previsao",
      },
      description_localizations: { de: expect.stringMatching(/^Wo ein Coin/) },
      options: [
        { name: "symbol", description_localizations: { "pt-BR": "Uma moeda, ex.: BTC ou ETH/USDT" } },
        {},
      ],
    });
    // Admins in servers, anyone in the bot's DM: hidden from members, offered in both contexts.
    expect(commands.find((c) => c.name === "alert")).toMatchObject({
      default_member_permissions: "32",
      contexts: [0, 1],
      options: [
        { name: "kind", required: true, choices: [{ value: "price" }, {}, {}, {}, { value: "remove" }] },
        { name: "symbol", autocomplete: true, max_length: 40 },
        { name: "direction", choices: [{ value: "above" }, { value: "below" }] },
        { name: "level", max_length: 24 },
      ],
    });
  });
});

describe("Reply to embed", () => {
  it("GIVEN markdown and mentions in plain text THEN they are escaped and never parsed", () => {
    const message = toDiscordMessage(FORECAST_REPLY);
    const embed = message.embeds[0]?.toJSON();
    expect(embed?.description).toBe("median 64,000 (+1.2%)\n\\*not\\* financial advice @everyone");
    expect(embed?.image?.url).toBe("attachment://btc-1d.png");
    expect(message.flags).toBeUndefined();
    expect(toDiscordMessage({ ...FORECAST_REPLY, private: true }).flags).toBe(64);
  });

  it("GIVEN a reply with nothing at all THEN the embed still has content; with only a chart THEN the chart is it", () => {
    expect(toEmbed({ lines: [] }).toJSON().description).toBe("\u200b");
    const image = { png: PNG, filename: "btc-1d.png", description: "BTC/USDT forecast chart" };
    const chartOnly = toDiscordMessage({ lines: [], image });
    expect(chartOnly.embeds[0]?.toJSON()).toEqual({ fields: [], image: { url: "attachment://btc-1d.png" } });
  });

  it("GIVEN oversized parts THEN each limit and the 6,000 total hold, cut with …", () => {
    const long = "x".repeat(5000);
    const embed = toEmbed({
      title: long,
      lines: [long],
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i} ${long}`, value: long })),
      footer: long,
    }).toJSON();
    expect(embed.title).toHaveLength(EMBED_LIMITS.title);
    expect(embed.title?.endsWith("…")).toBe(true);
    // Title and footer come first; the description gets what the 6,000 total leaves.
    expect(embed.description).toHaveLength(EMBED_LIMITS.total - EMBED_LIMITS.title - EMBED_LIMITS.footer);
    expect(embed.footer?.text).toHaveLength(EMBED_LIMITS.footer);
    const fields = embed.fields ?? [];
    expect(fields.length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    const total =
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(EMBED_LIMITS.total);
  });

  it("GIVEN a cut through an escape or an emoji THEN no lone backslash or half surrogate is left", () => {
    expect(truncate("ab\\*cd", 4)).toBe("ab…");
    expect(truncate("ab😀cd", 4)).toBe("ab…");
  });

  it("GIVEN typed text THEN symbols matching by prefix come before those matching inside", () => {
    expect(suggestSymbols(SYMBOLS, "eth")).toEqual(["ETH/USDT"]);
    expect(suggestSymbols(["AB/TC", "BTC/USDT"], "bt")).toEqual(["BTC/USDT"]);
    expect(suggestSymbols(["USDC/USDT", "BTC/USDT"], "usd")).toEqual(["USDC/USDT", "BTC/USDT"]);
  });
});
