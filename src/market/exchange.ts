import { BadResponse, type Exchange, ExchangeNotAvailable, exchanges, RequestTimeout } from "ccxt";
import type { Config } from "../config.js";
import { redactUrls } from "../error-report.js";
import { ConfigError } from "../errors.js";

export type { Exchange };

/** The exchange settings Coincast reads from its config. */
export type ExchangeConfig = Config["exchange"];

type ExchangeConstructor = new (userConfig?: Record<string, unknown>) => Exchange;

/**
 * Options that keep `loadMarkets()` to spot markets. Binance otherwise also asks its futures hosts
 * (fapi, dapi) for their exchangeInfo: two extra requests, and a start-up that fails when only the
 * spot API is reachable (as behind EXCHANGE_API_URL, which serves one origin).
 */
const SPOT_ONLY_OPTIONS: Record<string, Record<string, unknown>> = {
  binance: { fetchMarkets: { types: ["spot"] }, fetchMargins: false, defaultType: "spot" },
};
const DEFAULT_SPOT_OPTIONS = { defaultType: "spot" };

/**
 * Creates the ccxt client Coincast talks to. Build one per process (main.ts does) so that ccxt's rate
 * limiter and its market cache are shared by every caller.
 *
 * @throws ConfigError when `config.id` names no exchange ccxt knows.
 */
export function createExchange(config: ExchangeConfig): Exchange {
  const Ctor = (exchanges as unknown as Record<string, ExchangeConstructor | undefined>)[config.id];
  if (Ctor === undefined) {
    throw new ConfigError(`Invalid configuration:\n  EXCHANGE: "${config.id}" is not an exchange ccxt knows`);
  }
  const exchange = new Ctor({
    enableRateLimit: true,
    timeout: config.timeoutMs,
    options: SPOT_ONLY_OPTIONS[config.id] ?? DEFAULT_SPOT_OPTIONS,
  });
  if (config.apiUrl !== undefined) {
    exchange.urls.api = overrideApiUrls(exchange.urls.api, config.apiUrl);
  }
  classifyByHttpStatus(exchange);
  nameRequestsInErrors(exchange);
  return exchange;
}

/**
 * Makes ccxt's error classes follow the HTTP status, so that "retry NetworkError only" is a sound rule:
 *
 * - A 5xx is the exchange's fault and worth retrying, but Binance's body-based mapping runs first and
 *   turns `500 {"code":-1001}` into ExchangeError or OperationFailed (which one depends on the host
 *   name, so it even differs behind EXCHANGE_API_URL). Here a 5xx becomes ExchangeNotAvailable
 *   (504: RequestTimeout), both NetworkErrors.
 * - A 2xx whose body is not JSON (truncated, or a proxy's HTML page) reaches ccxt's parsers as a string,
 *   and fetchOHLCV then silently returns [], which would read as "no new candles". Here it becomes
 *   BadResponse.
 */
function classifyByHttpStatus(exchange: Exchange): void {
  const handleErrors = exchange.handleErrors.bind(exchange);
  exchange.handleErrors = (status, statusText, url, method, responseHeaders, body, response, ...rest) => {
    const what = `${exchange.id} ${method} ${redactUrls(url)} ${status} ${statusText}`;
    if (status >= 500) {
      const ErrorClass = status === 504 ? RequestTimeout : ExchangeNotAvailable;
      throw new ErrorClass(`${what} ${body.slice(0, 200)}`);
    }
    if (status >= 200 && status < 300 && response === undefined && body.trim() !== "") {
      throw new BadResponse(`${what}: the body is not valid JSON: ${body.slice(0, 80)}`);
    }
    return handleErrors(status, statusText, url, method, responseHeaders, body, response, ...rest);
  };
}

/**
 * Every error out of an HTTP request (ccxt's own, Binance's body mapping, ours above) leaves here with the
 * request named and no credential in it. ccxt quotes the full URL in its messages, so a proxy password in
 * EXCHANGE_API_URL would reach chat replies and logs; and Binance's 429/418 mapping names neither the method
 * nor the path ("binance 429 Too Many Requests {...}"), so the reason would not say which call was refused.
 * The message and stack are rewritten in place, so the error keeps its class (retry decisions rely on it).
 */
function nameRequestsInErrors(exchange: Exchange): void {
  const fetch = exchange.fetch.bind(exchange);
  exchange.fetch = async (url: string, method = "GET", headers?: unknown, body?: unknown) => {
    try {
      return await fetch(url, method, headers, body);
    } catch (error) {
      throw withRequestNamed(error, exchange.id, method, url);
    }
  };
}

function withRequestNamed(error: unknown, id: string, method: string, url: string): unknown {
  if (!(error instanceof Error)) return error;
  const request = `${method} ${redactUrls(url)}`;
  const original = error.message;
  let message = redactUrls(original);
  if (!message.includes(request)) {
    const rest = message.startsWith(`${id} `) ? message.slice(id.length + 1) : message;
    message = `${id} ${request} ${rest}`;
  }
  error.message = message;
  if (error.stack !== undefined) error.stack = redactUrls(error.stack.replace(original, message));
  return error;
}

/**
 * Rewrites every URL in ccxt's `urls.api` (a nested object of base URLs such as
 * `public: "https://api.binance.com/api/v3"`) so that its origin becomes `override` while its path is
 * kept: `http://127.0.0.1:8080` gives `http://127.0.0.1:8080/api/v3`. A path in the override is kept
 * in front, so a proxy mounted under a prefix works too. Non-URL values pass through unchanged.
 */
export function overrideApiUrls<T>(api: T, override: string): T {
  const base = override.replace(/\/+$/, "");
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") {
      // A regex rather than `new URL`: some ccxt exchanges keep templates such as
      // "https://api.{hostname}/v1" that URL refuses, and URL.pathname would turn "" into "/".
      const match = /^https?:\/\/[^/?#]+(.*)$/is.exec(value);
      return match === null ? value : `${base}${match[1] ?? ""}`;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, rewrite(entry)]));
    }
    return value;
  };
  return rewrite(api) as T;
}
