import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  CSV_HEADER,
  formatCandlesCsv,
  formatTimestamp,
  parseCandlesCsv,
  parseTimestamp,
} from "../../src/market/csv.js";
import { shippedDataDir } from "../../src/market/shipped.js";
import { at } from "./fixtures.js";

const SAMPLE = `${CSV_HEADER}
2017-08-17 04:00:00,4261.48,4349.99,4261.32,4349.99,82.088865
2017-08-17 08:00:00,4333.32,4485.39,4333.32,4427.3,63.619882
`;

describe("parseTimestamp / formatTimestamp", () => {
  it("GIVEN a CSV timestamp THEN it is read as UTC and written back the same", () => {
    expect(parseTimestamp("2024-02-29 20:00:00")).toBe(at("2024-02-29T20:00"));
    expect(formatTimestamp(at("2024-02-29T20:00"))).toBe("2024-02-29 20:00:00");
  });

  it.each([
    ["2024-06-30 20:00:00+00:00", "pandas"],
    ["2024-06-30T20:00:00Z", "ISO 8601"],
    ["2024-06-30T20:00:00.000Z", "ISO 8601 with milliseconds"],
    ["2024-06-30T20:00:00", "ISO 8601 without a zone (UTC)"],
    ["2024-06-30 22:00:00+02:00", "an offset two hours ahead"],
    ["2024-06-30 15:30:00-0430", "a compact negative offset"],
  ])("GIVEN %j (%s) THEN it is the same instant, 2024-06-30 20:00 UTC", (text) => {
    expect(parseTimestamp(text)).toBe(at("2024-06-30T20:00"));
  });

  it.each([
    "2024-02-30 00:00:00",
    "2024-13-01 00:00:00",
    "2024-01-01X00:00:00",
    "2024-01-01 24:00:00",
    "2024-01-01 00:00:00+25:00",
    "2024-01-01 00:00:00 UTC",
    "2024-01-01 00:00:00.",
    "x",
  ])("GIVEN the impossible or misshapen timestamp %j THEN it is refused", (text) => {
    expect(() => parseTimestamp(text)).toThrow(/bad timestamp/);
  });
});

describe("parseCandlesCsv", () => {
  it("GIVEN the shipped format THEN rows become candles with epoch-ms open times", () => {
    expect(parseCandlesCsv(SAMPLE)).toEqual([
      {
        time: at("2017-08-17T04:00"),
        open: 4261.48,
        high: 4349.99,
        low: 4261.32,
        close: 4349.99,
        volume: 82.088865,
      },
      {
        time: at("2017-08-17T08:00"),
        open: 4333.32,
        high: 4485.39,
        low: 4333.32,
        close: 4427.3,
        volume: 63.619882,
      },
    ]);
  });

  it("GIVEN CRLF line ends, blank lines and no final newline THEN the rows still parse", () => {
    const text = SAMPLE.replaceAll("\n", "\r\n")
      .replace(/\r\n$/, "")
      .replace("\r\n2017-08-17 08", "\r\n\r\n2017-08-17 08");
    expect(parseCandlesCsv(text)).toHaveLength(2);
  });

  it("GIVEN numbers in forms off the fast path THEN they are read exactly as Number() reads them", () => {
    const text = `${CSV_HEADER}\n2024-01-01 00:00:00,1e3,1000.0000000000000001,0.1234567890123456789,5.,0\n`;
    expect(parseCandlesCsv(text)[0]).toMatchObject({
      open: 1000,
      high: 1000,
      low: 0.12345678901234568,
      close: 5,
      volume: 0,
    });
  });

  it("GIVEN every shipped file THEN every value parses exactly as Number() reads it", () => {
    for (const name of ["BTC", "ETH", "XRP"]) {
      const text = gunzipSync(readFileSync(`${shippedDataDir()}/${name}_USDT_4h.csv.gz`)).toString("utf8");
      const candles = parseCandlesCsv(text);
      const rows = text.trim().split("\n").slice(1);
      expect(candles).toHaveLength(rows.length);
      // Compared in a plain loop, one assertion per file: 50k expect() calls took over a second.
      const mismatches = rows.filter((row, i) => {
        const [stamp, ...values] = row.split(",");
        const c = candles[i];
        const parsed = [c?.time, c?.open, c?.high, c?.low, c?.close, c?.volume];
        const expected = [parseTimestamp(stamp ?? ""), ...values.map(Number)];
        return parsed.some((value, k) => value !== expected[k]);
      });
      expect(mismatches).toEqual([]);
    }
  });

  it.each([
    ["a wrong header", "time,o,h,l,c,v\n", /expected header/],
    ["a short row", `${CSV_HEADER}\n2024-01-01 00:00:00,1,2,3,4\n`, /csv:2: expected 6/],
    ["a long row", `${CSV_HEADER}\n2024-01-01 00:00:00,1,2,3,4,5,6\n`, /csv:2: expected 6/],
    ["an empty field", `${CSV_HEADER}\n2024-01-01 00:00:00,1,,3,4,5\n`, /csv:2: high is not a finite number/],
    ["a word for a price", `${CSV_HEADER}\n2024-01-01 00:00:00,1,2,3,NaN,5\n`, /close is not a finite/],
    ["a bad time on line 3", `${SAMPLE}2024-01-01,1,2,3,4,5\n`, /csv:4: bad timestamp/],
    ["a bad offset on line 3", `${SAMPLE}2024-01-01 00:00:00+5:00,1,2,3,4,5\n`, /csv:4: bad timestamp/],
  ])("GIVEN %s THEN the error names the line and the fault", (_, text, message) => {
    expect(() => parseCandlesCsv(text)).toThrow(message);
  });
});

describe("formatCandlesCsv", () => {
  it("GIVEN candles THEN the shipped format comes out and parses back to the same values", () => {
    const candles = parseCandlesCsv(SAMPLE);
    const text = formatCandlesCsv(candles);
    expect(text).toBe(SAMPLE);
    expect(parseCandlesCsv(text)).toEqual(candles);
  });

  it("GIVEN a filled candle THEN the mark is not written (files hold traded candles)", () => {
    const text = formatCandlesCsv([{ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 0, filled: true }]);
    expect(text).toBe(`${CSV_HEADER}\n1970-01-01 00:00:00,1,1,1,1,0\n`);
  });

  it("GIVEN no candles THEN only the header is written", () => {
    expect(formatCandlesCsv([])).toBe(`${CSV_HEADER}\n`);
    expect(parseCandlesCsv(`${CSV_HEADER}\n`)).toEqual([]);
  });
});
