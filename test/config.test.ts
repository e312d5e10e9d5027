import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createConfig, envSchema } from "../src/config.js";
import { ConfigError } from "../src/errors.js";

describe("createConfig", () => {
  it("GIVEN an empty environment THEN every key has its default", () => {
    const config = createConfig({});
    expect(config.exchange.id).toBe("binance");
    expect(config.exchange.apiUrl).toBeUndefined();
    expect(config.symbols).toEqual(["BTC/USDT", "ETH/USDT", "XRP/USDT"]);
    expect(config.tfBackend).toBe("auto");
  });

  it("GIVEN keys left empty (KEY= in a .env file) THEN each has its default, never 0 or an empty string", () => {
    const empty = createConfig({
      TELEGRAM_WEBHOOK_PORT: "",
      MAX_SYMBOLS: " ",
      EXCHANGE_RETRIES: "",
      EXCHANGE_TIMEOUT_MS: "",
      POST_GRACE_MINUTES: "",
      DATA_DIR: "",
    });
    expect(empty).toEqual(createConfig({}));
  });

  it("GIVEN several bad keys THEN the error names each key and what it expects", () => {
    const attempt = () =>
      createConfig({ EXCHANGE_TIMEOUT_MS: "soon", TF_BACKEND: "tpu", EXCHANGE_API_URL: "not a url" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/EXCHANGE_TIMEOUT_MS/);
      expect(message).toMatch(/TF_BACKEND: .*tensorflow-gpu/);
      expect(message).toMatch(/EXCHANGE_API_URL: a URL/);
    }
  });

  it("GIVEN a symbol list with spaces THEN it is trimmed and split", () => {
    expect(createConfig({ SYMBOLS: " BTC/USDT , SOL/USDT" }).symbols).toEqual(["BTC/USDT", "SOL/USDT"]);
  });

  it("GIVEN .env.example THEN it lists exactly the keys the schema knows", () => {
    const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    const keys = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(keys).toEqual(Object.keys(envSchema.shape).sort());
  });

  it("GIVEN CONSOLE_LANGUAGE and a shell's locale THEN the console speaks CONSOLE_LANGUAGE; else LC_ALL, LC_MESSAGES, LANG in that order", () => {
    const shell = { LC_ALL: "es_ES.UTF-8", LC_MESSAGES: "pt_BR.UTF-8", LANG: "en_US.UTF-8" };
    expect(createConfig({ ...shell, CONSOLE_LANGUAGE: "de" }).consoleLanguage).toBe("de");
    expect(createConfig({ ...shell, CONSOLE_LANGUAGE: "" }).consoleLanguage).toBe("es_ES.UTF-8");
    expect(createConfig({ ...shell, LC_ALL: "" }).consoleLanguage).toBe("pt_BR.UTF-8");
    expect(createConfig({ LANG: "de_DE.UTF-8" }).consoleLanguage).toBe("de_DE.UTF-8");
    expect(createConfig({}).consoleLanguage).toBeUndefined();
  });

  it("GIVEN no chat keys THEN no bot token, long polling, and 5 commands per 30 s", () => {
    const config = createConfig({ DISCORD_TOKEN: "", TELEGRAM_BOT_TOKEN: " " });
    expect(config.discordToken).toBeUndefined();
    expect(config.telegramToken).toBeUndefined();
    expect(config.telegram).toEqual({ adminUserIds: [], webhook: undefined });
    expect(config.rateLimit).toEqual({ points: 5, seconds: 30 });
  });

  it("GIVEN chat keys THEN tokens, admin ids and the webhook are read", () => {
    const config = createConfig({
      DISCORD_TOKEN: "test-only-discord-token-not-real",
      DISCORD_GUILD_ID: "123456789012345678",
      TELEGRAM_BOT_TOKEN: "123456:test-only-telegram-token-not-real",
      TELEGRAM_ADMIN_IDS: "111, 222",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram",
      TELEGRAM_WEBHOOK_SECRET: "s3cret_value",
      RATE_LIMIT_POINTS: "10",
      RATE_LIMIT_SECONDS: "60",
    });
    expect(config.discord.guildId).toBe("123456789012345678");
    expect(config.telegramToken).toBe("123456:test-only-telegram-token-not-real");
    expect(config.telegram.adminUserIds).toEqual(["111", "222"]);
    expect(config.telegram.webhook).toEqual({
      url: "https://bot.example.org/telegram",
      secretToken: "s3cret_value",
      port: 8080,
    });
    expect(config.rateLimit).toEqual({ points: 10, seconds: 60 });
  });

  it("GIVEN a malformed token THEN the error names the key but never repeats the token", () => {
    const token = "12345-not-a-telegram-token";
    expect(() => createConfig({ TELEGRAM_BOT_TOKEN: token })).toThrow(
      /TELEGRAM_BOT_TOKEN: a Telegram bot token/,
    );
    try {
      createConfig({ TELEGRAM_BOT_TOKEN: token });
    } catch (error) {
      expect((error as Error).message).not.toContain(token);
    }
  });

  it("GIVEN a webhook URL without its secret THEN both keys are named", () => {
    expect(() => createConfig({ TELEGRAM_WEBHOOK_URL: "https://bot.example.org/t" })).toThrow(
      /TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET/,
    );
  });
  it("GIVEN fleet keys THEN Redis, PostgreSQL, the queue prefix and Discord shards are read, and bad ones named", () => {
    const config = createConfig({
      REDIS_URL: "redis://127.0.0.1:6379",
      DATABASE_URL: "postgres://coincast@db:5432/coincast",
      QUEUE_PREFIX: "eu-fleet",
      DISCORD_SHARDS: "1,3/4",
    });
    expect(config.databaseUrl).toBe("postgres://coincast@db:5432/coincast");
    expect(config.queue).toEqual({ prefix: "eu-fleet", timeoutMs: 30_000 });
    expect(config.discord.shards).toEqual({ ids: [1, 3], count: 4 });
    expect(createConfig({}).databaseUrl).toBeUndefined();
    expect(createConfig({}).discord.shards).toBeUndefined();
    expect(() => createConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: a URL such as postgres/);
    expect(() => createConfig({ DISCORD_SHARDS: "2/2" })).toThrow(/DISCORD_SHARDS: shard ids must be below/);
    expect(() => createConfig({ QUEUE_PREFIX: "a:b" })).toThrow(/QUEUE_PREFIX/);
  });

  it("GIVEN HTTP_PORT THEN the operations port is read; empty or unset is off, and a bad one is named", () => {
    expect(createConfig({}).httpPort).toBeUndefined();
    expect(createConfig({ HTTP_PORT: " " }).httpPort).toBeUndefined();
    expect(createConfig({ HTTP_PORT: "9464" }).httpPort).toBe(9464);
    expect(createConfig({ HTTP_PORT: "0" }).httpPort).toBe(0);
    expect(() => createConfig({ HTTP_PORT: "70000" })).toThrow(/HTTP_PORT/);
    expect(() => createConfig({ HTTP_PORT: "metrics" })).toThrow(/HTTP_PORT/);
  });

  it("GIVEN EXCHANGE names no ccxt exchange THEN config refuses it naming what was typed and the nearest id", () => {
    expect(createConfig({ EXCHANGE: "kraken" }).exchange.id).toBe("kraken");
    expect(() => createConfig({ EXCHANGE: "binanse" })).toThrow(
      /EXCHANGE: "binanse" is not an exchange ccxt knows; did you mean binance\?/,
    );
    expect(() => createConfig({ EXCHANGE: "Binance" })).toThrow(/did you mean binance\?/);
    // Nothing near: a few ids as examples, no guess.
    expect(() => createConfig({ EXCHANGE: "mycryptoshop" })).toThrow(
      /"mycryptoshop" is not an exchange ccxt knows; a ccxt exchange id such as binance/,
    );
    expect(() => createConfig({ EXCHANGE: "binanse" })).toThrow(ConfigError);
  });
});
