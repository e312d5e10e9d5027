import { afterEach, describe, expect, it } from "vitest";
import { parseDate, parsePositiveInt, parseTimeframes } from "../../src/cli/options.js";
import { UserError } from "../../src/errors.js";

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const rejects = (parse: () => unknown, message: RegExp) => {
  expect(parse).toThrowError(UserError);
  expect(parse).toThrowError(message);
};

describe("parseDate", () => {
  it("GIVEN 2023-01-01 THEN it is UTC midnight", () => {
    expect(parseDate("2023-01-01", "--start")).toBe(Date.UTC(2023, 0, 1));
    expect(parseDate(" 2024-02-29 ", "--start")).toBe(Date.UTC(2024, 1, 29));
  });

  it("GIVEN a time without a zone on a machine in New York THEN it is still read as UTC", () => {
    process.env.TZ = "America/New_York";
    expect(parseDate("2023-01-01T12:00", "--end")).toBe(Date.UTC(2023, 0, 1, 12));
    expect(parseDate("2023-01-01T12:00:30.5", "--end")).toBe(Date.UTC(2023, 0, 1, 12, 0, 30, 500));
  });

  it("GIVEN a time with a zone THEN the zone is honoured", () => {
    expect(parseDate("2023-01-01T00:00:00Z", "--end")).toBe(Date.UTC(2023, 0, 1));
    expect(parseDate("2023-01-01T00:00:00+02:00", "--end")).toBe(Date.UTC(2022, 11, 31, 22));
  });

  it("GIVEN junk THEN a UserError names the option and shows an example", () => {
    rejects(
      () => parseDate("yesterday", "--start"),
      /^--start expects a date such as 2023-01-01, got "yesterday"\.$/,
    );
  });

  it("GIVEN text Date.parse would guess at (junk 1, 1, March 5, 2023) THEN it is refused, not read as 2001", () => {
    for (const input of ["junk 1", "1", "2023", "March 5, 2023", "01/02/2023", ""]) {
      rejects(() => parseDate(input, "--start"), /expects a date such as 2023-01-01/);
    }
  });

  it("GIVEN an impossible day (2023-02-30, 2023-13-01) THEN it is refused, not rolled into the next month", () => {
    rejects(() => parseDate("2023-02-30", "--start"), /got "2023-02-30"/);
    rejects(() => parseDate("2023-13-01", "--start"), /got "2023-13-01"/);
    rejects(() => parseDate("2023-02-29", "--start"), /got "2023-02-29"/);
  });

  it("GIVEN 10 kB of input THEN the message echoes only its first 30 characters", () => {
    let message = "";
    try {
      parseDate("9".repeat(10_240), "--start");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`got "${"9".repeat(30)}".`);
    expect(message.length).toBeLessThan(100);
  });
});

describe("parsePositiveInt", () => {
  it("GIVEN 90 THEN 90", () => {
    expect(parsePositiveInt("90", "--refit-days")).toBe(90);
    expect(parsePositiveInt("1", "--epochs")).toBe(1);
  });

  it("GIVEN zero, negatives, fractions or words THEN a UserError names the option", () => {
    for (const input of ["0", "-1", "1.5", "abc", "", " "]) {
      rejects(() => parsePositiveInt(input, "--epochs"), /^--epochs expects a positive whole number, got "/);
    }
  });

  it("GIVEN what Number() would accept (1e3, 0x10, 1e300, 20 digits) THEN it is refused", () => {
    for (const input of ["1e3", "0x10", "1e300", "99999999999999999999", "Infinity"]) {
      rejects(() => parsePositiveInt(input, "--epochs"), /expects a positive whole number/);
    }
  });
});

describe("parseTimeframes", () => {
  it("GIVEN a model timeframe or all THEN those timeframes; anything else names all three choices", () => {
    expect(parseTimeframes(" 4H ")).toEqual(["4h"]);
    expect(parseTimeframes("all")).toEqual(["1d", "4h"]);
    rejects(() => parseTimeframes("3d"), /^--timeframe expects 1d, 4h or all, got "3d"\.$/);
  });
});
