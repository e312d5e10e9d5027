import type { BaseError } from "ccxt";
import { CoincastError } from "../errors.js";

/**
 * A request to the exchange that failed: ccxt's error mapped onto Coincast's hierarchy where candles are
 * fetched (fetch-candles.ts), ccxt's split becoming the property. Its NetworkError family (timeouts, refused
 * connections, 429 DDoSProtection/RateLimitExceeded, ExchangeNotAvailable; createExchange maps every 5xx
 * there too) may pass on a second try: "exchange-unreachable", retryable. ExchangeError (BadSymbol, a bad
 * request) and BadResponse (malformed data) would fail the same way again: "exchange-refused", not retryable.
 * It bears the name of the ccxt class it maps (kept as its cause), so logs and stale reasons read as ccxt's.
 */
export class ExchangeRequestError extends CoincastError {
  override name: string;
  declare readonly code: "exchange-unreachable" | "exchange-refused";
  declare readonly cause: BaseError;

  constructor(cause: BaseError, options: { unreachable: boolean }) {
    super(cause.message, {
      code: options.unreachable ? "exchange-unreachable" : "exchange-refused",
      retryable: options.unreachable,
      cause,
    });
    this.name = cause.name;
    if (cause.stack !== undefined) this.stack = cause.stack;
  }
}
