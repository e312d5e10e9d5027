import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Candle } from "../../src/market/types.js";

/**
 * A local stand-in for Binance's public spot REST API, on 127.0.0.1 and a random port. It answers in
 * Binance's real formats (exchangeInfo, klines, error bodies) so that an unmodified ccxt client
 * pointed at it (EXCHANGE_API_URL) exercises the same parsing and error mapping as in production.
 */

const FOUR_HOURS = 4 * 3_600_000;
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 500;

/** A fault the fake answers instead of the real response. */
export type Fault =
  | { kind: "status"; status: number; retryAfterSeconds?: number; body?: string }
  | { kind: "malformed" }
  /** Never answers; the socket is held until the client gives up or the fake closes. */
  | { kind: "hang" };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Status sent, or "hang" when none was. */
  status: number | "hang";
}

export interface FakeExchangeOptions {
  /** Candles per unified symbol ("BTC/USDT"), oldest first; one may still be open at `now()`. */
  candles: Record<string, readonly Candle[]>;
  /** The fake's clock (ms): candles opening after it are not served yet. Defaults to Date.now. */
  now?: () => number;
  /** Symbols listed but no longer trading (status BREAK: ccxt marks them inactive). */
  delisted?: readonly string[];
  /** 24 h quote volume per symbol served by /ticker/24hr; default: close * volume of its last six candles. */
  quoteVolumes?: Record<string, number>;
}

export interface FakeExchange {
  /** Origin to put in EXCHANGE_API_URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Requests whose path ends with `suffix`, e.g. "/klines". */
  requestsTo(suffix: string): RecordedRequest[];
  /**
   * Answers the next `times` requests (only those whose path ends with `path`, when given) with `fault`,
   * after letting `after` of them through normally. Faults queue in the order they are scripted.
   */
  fail(fault: Fault, options?: { times?: number; path?: string; after?: number }): void;
  /** Replaces the candles of one symbol (for example when time moves on). */
  setCandles(symbol: string, candles: readonly Candle[]): void;
  close(): Promise<void>;
}

interface ScriptedFault {
  fault: Fault;
  remaining: number;
  path: string | undefined;
  /** Matching requests still to let through before the fault starts. */
  skip: number;
}

const marketId = (symbol: string) => symbol.replace("/", "");
const decimal = (value: number) => value.toFixed(8);

/** One symbol as Binance's spot exchangeInfo lists it (trimmed of fields ccxt ignores, shape kept). */
function exchangeInfoSymbol(symbol: string, status = "TRADING") {
  const [base = "", quote = ""] = symbol.split("/");
  return {
    symbol: marketId(symbol),
    status,
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      {
        filterType: "PRICE_FILTER",
        minPrice: "0.01000000",
        maxPrice: "1000000.00000000",
        tickSize: "0.01000000",
      },
      { filterType: "LOT_SIZE", minQty: "0.00001000", maxQty: "9000.00000000", stepSize: "0.00001000" },
      {
        filterType: "NOTIONAL",
        minNotional: "5.00000000",
        applyMinToMarket: true,
        maxNotional: "9000000.00000000",
      },
    ],
    permissions: [],
    permissionSets: [["SPOT", "MARGIN"]],
    defaultSelfTradePreventionMode: "EXPIRE_MAKER",
    allowedSelfTradePreventionModes: ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
  };
}

/** A candle in Binance's kline array format. */
function kline(candle: Candle) {
  return [
    candle.time,
    decimal(candle.open),
    decimal(candle.high),
    decimal(candle.low),
    decimal(candle.close),
    decimal(candle.volume),
    candle.time + FOUR_HOURS - 1,
    decimal(candle.volume * candle.close),
    Math.round(candle.volume * 10),
    decimal(candle.volume / 2),
    decimal((candle.volume / 2) * candle.close),
    "0",
  ];
}

/** One entry of Binance's /api/v3/ticker/24hr array. */
function ticker(
  id: string,
  last: Candle | undefined,
  first: Candle | undefined,
  quoteVolume: number,
  now: number,
) {
  const close = last?.close ?? 0;
  const open = first?.open ?? close;
  return {
    symbol: id,
    priceChange: decimal(close - open),
    priceChangePercent: open === 0 ? "0.000" : ((close / open - 1) * 100).toFixed(3),
    weightedAvgPrice: decimal(close),
    prevClosePrice: decimal(open),
    lastPrice: decimal(close),
    lastQty: "0.00100000",
    bidPrice: decimal(close),
    bidQty: "1.00000000",
    askPrice: decimal(close),
    askQty: "1.00000000",
    openPrice: decimal(open),
    highPrice: decimal(Math.max(open, close)),
    lowPrice: decimal(Math.min(open, close)),
    volume: decimal(close === 0 ? 0 : quoteVolume / close),
    quoteVolume: decimal(quoteVolume),
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: 1,
    lastId: 2,
    count: 2,
  };
}

/**
 * Binance's selection rules: startTime and endTime bound the open time (inclusive); with no startTime
 * the newest `limit` candles are returned; the limit is capped at 1000.
 */
function selectKlines(candles: readonly Candle[], query: Record<string, string>, now: number) {
  const start = query.startTime === undefined ? undefined : Number(query.startTime);
  const end = query.endTime === undefined ? undefined : Number(query.endTime);
  const limit = Math.min(Number(query.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  const inRange = candles.filter(
    (c) => c.time <= now && (start === undefined || c.time >= start) && (end === undefined || c.time <= end),
  );
  return start === undefined ? inRange.slice(-limit) : inRange.slice(0, limit);
}

/** Starts the fake; close it in afterEach/afterAll. */
export async function startFakeExchange(options: FakeExchangeOptions): Promise<FakeExchange> {
  const now = options.now ?? Date.now;
  const candles = new Map(Object.entries(options.candles).map(([symbol, list]) => [marketId(symbol), list]));
  const symbols = new Map(Object.keys(options.candles).map((symbol) => [marketId(symbol), symbol]));
  const requests: RecordedRequest[] = [];
  const faults: ScriptedFault[] = [];

  const send = (res: ServerResponse, record: RecordedRequest, status: number, body: unknown) => {
    record.status = status;
    res.writeHead(status, { "content-type": "application/json;charset=UTF-8" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };

  const takeFault = (path: string): Fault | undefined => {
    const index = faults.findIndex((f) => f.path === undefined || path.endsWith(f.path));
    const scripted = faults[index];
    if (scripted === undefined) return undefined;
    if (scripted.skip > 0) {
      scripted.skip -= 1;
      return undefined;
    }
    scripted.remaining -= 1;
    if (scripted.remaining <= 0) faults.splice(index, 1);
    return scripted.fault;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: "hang",
    };
    requests.push(record);

    const fault = takeFault(url.pathname);
    if (fault?.kind === "hang") return;
    if (fault?.kind === "malformed") return send(res, record, 200, '{"symbols":[{"symbol":"BTCUSDT",');
    if (fault?.kind === "status") {
      record.status = fault.status;
      const headers: Record<string, string> = { "content-type": "application/json;charset=UTF-8" };
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      const fallback =
        fault.status === 429
          ? '{"code":-1003,"msg":"Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute."}'
          : "";
      return res.end(fault.body ?? fallback);
    }

    switch (url.pathname) {
      case "/api/v3/ping":
        return send(res, record, 200, {});
      case "/api/v3/time":
        return send(res, record, 200, { serverTime: now() });
      case "/api/v3/exchangeInfo":
        return send(res, record, 200, {
          timezone: "UTC",
          serverTime: now(),
          rateLimits: [
            { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 6000 },
            { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 100 },
            { rateLimitType: "RAW_REQUESTS", interval: "MINUTE", intervalNum: 5, limit: 61000 },
          ],
          exchangeFilters: [],
          symbols: [...symbols.values()].map((symbol) =>
            exchangeInfoSymbol(symbol, options.delisted?.includes(symbol) ? "BREAK" : "TRADING"),
          ),
        });
      case "/api/v3/ticker/24hr":
        return send(
          res,
          record,
          200,
          [...symbols.entries()].map(([id, symbol]) => {
            const served = (candles.get(id) ?? []).filter((c) => c.time <= now());
            const recent = served.slice(-6);
            const volume =
              options.quoteVolumes?.[symbol] ?? recent.reduce((sum, c) => sum + c.close * c.volume, 0);
            const last = served.at(-1);
            return ticker(id, last, recent[0], volume, now());
          }),
        );
      case "/api/v3/klines": {
        const query = record.query;
        if (query.symbol === undefined || query.interval === undefined) {
          return send(res, record, 400, {
            code: -1102,
            msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
          });
        }
        const series = candles.get(query.symbol);
        if (series === undefined) return send(res, record, 400, { code: -1121, msg: "Invalid symbol." });
        if (query.interval !== "4h") return send(res, record, 400, { code: -1120, msg: "Invalid interval." });
        return send(res, record, 200, selectKlines(series, query, now()).map(kline));
      }
      default:
        return send(res, record, 404, "<html><body><h1>404 Not Found</h1></body></html>");
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (suffix) => requests.filter((r) => r.path.endsWith(suffix)),
    fail(fault, { times = 1, path, after = 0 } = {}) {
      faults.push({ fault, remaining: times, path, skip: after });
    },
    setCandles(symbol, list) {
      candles.set(marketId(symbol), list);
      symbols.set(marketId(symbol), symbol);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung requests keep their sockets open; without this, close() would wait for them.
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Generates `count` plausible 4h candles starting at `from` (ms, aligned to 4h): a deterministic walk,
 * so that tests can compare what was stored with what was served.
 */
export function generateCandles(from: number, count: number, startPrice = 40_000): Candle[] {
  const out: Candle[] = [];
  let price = startPrice;
  for (let i = 0; i < count; i++) {
    const open = price;
    const close = Math.round(open * (1 + Math.sin(i / 7) * 0.01) * 100) / 100;
    out.push({
      time: from + i * FOUR_HOURS,
      open,
      high: Math.max(open, close) + 10,
      low: Math.min(open, close) - 10,
      close,
      volume: 100 + (i % 13),
    });
    price = close;
  }
  return out;
}
