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
});
