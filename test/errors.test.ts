import { BadSymbol, RequestTimeout } from "ccxt";
import { describe, expect, it } from "vitest";
import {
  CoincastError,
  ConfigError,
  RETRYABLE_USER_CODES,
  USER_ERROR_CODES,
  UserError,
} from "../src/errors.js";
import { ExchangeRequestError } from "../src/market/exchange-errors.js";
import { BackendUnavailableError } from "../src/model/acceleration/backend.js";
import { ModelLoadError } from "../src/model/saved/model-io.js";
import { platformSaid } from "../src/schedule/pause-reason.js";
import { ChannelGoneError } from "../src/schedule/target.js";
import { serializeError } from "../src/workers/worker.js";
import { deserializeError } from "../src/workers/worker-pool.js";

describe("the error hierarchy", () => {
  it("GIVEN each kind of Coincast error THEN it is a CoincastError with its code and retryable", () => {
    const cases: [Error, string, boolean][] = [
      [new UserError("No candles yet.", { code: "no-candles" }), "no-candles", false],
      [new UserError("Coincast is busy.", { code: "busy" }), "busy", true],
      [new ConfigError("EXCHANGE is wrong"), "config", false],
      [
        new BackendUnavailableError("wasm", [{ name: "wasm", reason: "no build" }]),
        "backend-unavailable",
        false,
      ],
      [new ModelLoadError("meta.json is invalid"), "model-load", false],
      [new ChannelGoneError("discord", "1", platformSaid("Unknown Channel")), "channel-gone", false],
      [
        new ExchangeRequestError(new RequestTimeout("binance GET /klines"), { unreachable: true }),
        "exchange-unreachable",
        true,
      ],
      [
        new ExchangeRequestError(new BadSymbol("binance does not list DOGE"), { unreachable: false }),
        "exchange-refused",
        false,
      ],
    ];
    for (const [error, code, retryable] of cases) {
      expect(error, error.name).toBeInstanceOf(CoincastError);
      expect(error, error.name).toMatchObject({ code, retryable });
    }
  });

  it("GIVEN a user error THEN only the codes a later try may cure are retryable, unless it says otherwise", () => {
    const retryable = USER_ERROR_CODES.filter((code) => new UserError("x", { code }).retryable);
    expect(retryable).toEqual([...RETRYABLE_USER_CODES].sort());
    expect(new UserError("x", { code: "busy", retryable: false }).retryable).toBe(false);
  });

  it("GIVEN an ExchangeRequestError THEN it keeps ccxt's name, message and error as its cause", () => {
    const ccxt = new RequestTimeout("binance GET https://api.binance.com/api/v3/klines request timed out");
    const error = new ExchangeRequestError(ccxt, { unreachable: true });
    expect(String(error)).toBe(String(ccxt));
    expect(error.cause).toBe(ccxt);
  });
});

describe("errors across a thread or Redis", () => {
  /** Structured clone is what postMessage does; JSON is what a BullMQ job's return value goes through. */
  const crossings = {
    thread: <T>(value: T): T => structuredClone(value),
    redis: <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T,
  };

  it.each(Object.entries(crossings))(
    "GIVEN each kind of error crossing (%s) THEN code, retryable and class survive",
    (_, cross) => {
      const back = (error: unknown) => deserializeError(cross(serializeError(error)));

      const user = back(
        new UserError("Try 1d.", {
          code: "unknown-horizon",
          suggestions: ["1d"],
          params: { horizons: "1d" },
        }),
      );
      expect(user).toBeInstanceOf(UserError);
      expect(user).toMatchObject({
        code: "unknown-horizon",
        retryable: false,
        suggestions: ["1d"],
        params: { horizons: "1d" },
      });
      expect(back(new UserError("Busy.", { code: "busy" }))).toMatchObject({ code: "busy", retryable: true });
      expect(back(new UserError("Busy.", { code: "busy", retryable: false }))).toMatchObject({
        retryable: false,
      });

      const backend = back(new BackendUnavailableError("wasm", []));
      expect(backend).toBeInstanceOf(ConfigError);
      expect(backend).toMatchObject({
        name: "BackendUnavailableError",
        code: "backend-unavailable",
        retryable: false,
      });

      const exchange = back(new ExchangeRequestError(new RequestTimeout("slow"), { unreachable: true }));
      expect(exchange).toBeInstanceOf(CoincastError);
      expect(exchange).toMatchObject({
        name: "RequestTimeout",
        code: "exchange-unreachable",
        retryable: true,
        message: "slow",
      });

      const bug = back(new RangeError("a bug"));
      expect(bug).not.toBeInstanceOf(CoincastError);
      expect(bug).toMatchObject({ name: "RangeError", message: "a bug" });
      expect(serializeError("thrown text")).toMatchObject({
        code: "fault",
        retryable: false,
        message: "thrown text",
      });
    },
  );
});
