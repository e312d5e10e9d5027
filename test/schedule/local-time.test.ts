import { describe, expect, it } from "vitest";
import {
  checkTimeZone,
  localDay,
  localMinute,
  nextInstant,
  parseTime,
  scheduledInstant,
} from "../../src/schedule/local-time.js";
import { ZONE_ALIASES } from "../../src/schedule/zone-aliases.js";

const iso = (ms: number) => new Date(ms).toISOString();

describe("scheduledInstant", () => {
  it("GIVEN an ordinary day THEN the local time in its zone (summer and winter offsets)", () => {
    expect(iso(scheduledInstant("2026-06-01", "08:00", "Europe/Paris"))).toBe("2026-06-01T06:00:00.000Z");
    expect(iso(scheduledInstant("2026-01-15", "08:00", "Europe/Paris"))).toBe("2026-01-15T07:00:00.000Z");
    expect(iso(scheduledInstant("2026-01-15", "08:00", "UTC"))).toBe("2026-01-15T08:00:00.000Z");
    expect(iso(scheduledInstant("2026-01-15", "23:30", "Asia/Kolkata"))).toBe("2026-01-15T18:00:00.000Z");
  });

  it("GIVEN Europe/Berlin's spring-forward day and 02:30, which does not exist THEN 03:00 CEST, the first valid minute after", () => {
    const at = scheduledInstant("2026-03-29", "02:30", "Europe/Berlin");
    expect(iso(at)).toBe("2026-03-29T01:00:00.000Z");
    expect(localMinute(at, "Europe/Berlin")).toBe("2026-03-29 03:00");
    // Either side of the gap is untouched.
    expect(iso(scheduledInstant("2026-03-29", "01:59", "Europe/Berlin"))).toBe("2026-03-29T00:59:00.000Z");
    expect(iso(scheduledInstant("2026-03-29", "03:00", "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("GIVEN Europe/Berlin's fall-back day and 02:30, which happens twice THEN the first, in CEST", () => {
    expect(iso(scheduledInstant("2026-10-25", "02:30", "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
  });

  it("GIVEN America/New_York's DST days THEN 02:30 in March posts at 03:00 EDT and 01:30 in November at the EDT one", () => {
    expect(iso(scheduledInstant("2026-03-08", "02:30", "America/New_York"))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(scheduledInstant("2026-11-01", "01:30", "America/New_York"))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(scheduledInstant("2026-11-02", "08:00", "America/New_York"))).toBe("2026-11-02T13:00:00.000Z");
  });

  it("GIVEN a half-hour DST zone (Australia/Lord_Howe) THEN the gap's first valid minute too", () => {
    expect(
      localMinute(scheduledInstant("2026-10-04", "02:15", "Australia/Lord_Howe"), "Australia/Lord_Howe"),
    ).toBe("2026-10-04 02:30");
  });

  it("GIVEN an instant THEN its local day and the next scheduled instant from it", () => {
    const t = Date.UTC(2026, 5, 1, 23, 30);
    expect(localDay(t, "Europe/Paris")).toBe("2026-06-02");
    expect(localDay(t, "America/New_York")).toBe("2026-06-01");
    expect(iso(nextInstant("08:00", "UTC", Date.UTC(2026, 5, 1, 8, 0)))).toBe("2026-06-01T08:00:00.000Z");
    expect(iso(nextInstant("08:00", "UTC", Date.UTC(2026, 5, 1, 8, 1)))).toBe("2026-06-02T08:00:00.000Z");
  });
});

describe("parseTime and checkTimeZone", () => {
  it("GIVEN 24-hour times THEN HH:MM; otherwise a user error", () => {
    expect(parseTime("8:05")).toBe("08:05");
    expect(parseTime("23:59")).toBe("23:59");
    for (const bad of ["24:00", "12:60", "8am", "0800", ""]) {
      expect(() => parseTime(bad)).toThrow(/is not a time of day\. Use 24-hour HH:MM/);
    }
  });

  it("GIVEN a zone THEN its name as typed, spelt as IANA spells it; a misspelt one is refused with examples", () => {
    expect(checkTimeZone("europe/paris")).toBe("Europe/Paris");
    expect(checkTimeZone("UTC")).toBe("UTC");
    // A named alias stays what the user named; an abbreviation shows the zone Intl runs it on, which may
    // not be the one meant ("BST" is Bangladesh's to Intl, not British summer time).
    expect(checkTimeZone(" est ")).toBe("America/Panama");
    expect(checkTimeZone("BST")).toBe("Asia/Dhaka");
    expect(checkTimeZone("GMT")).toBe("UTC");
    expect(checkTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(checkTimeZone("US/Eastern")).toBe("US/Eastern");
    expect(scheduledInstant("2026-07-01", "08:00", "America/Panama")).toBe(Date.UTC(2026, 6, 1, 13));
    expect(scheduledInstant("2026-07-01", "08:00", "US/Eastern")).toBe(Date.UTC(2026, 6, 1, 12));
    expect(() => checkTimeZone("Europe/Pariss")).toThrow(
      'Unknown time zone "Europe/Pariss". Use an IANA name such as Europe/Paris or America/New_York.',
    );
  });

  it("GIVEN an alias typed in lower case THEN it is spelt as IANA spells it, not left as typed", () => {
    expect(checkTimeZone("asia/kolkata")).toBe("Asia/Kolkata");
    expect(checkTimeZone("us/eastern")).toBe("US/Eastern");
    expect(checkTimeZone("america/argentina/buenos_aires")).toBe("America/Argentina/Buenos_Aires");
    expect(checkTimeZone("ETC/GMT+5")).toBe("Etc/GMT+5");
    // Every alias listed is one Intl accepts, and comes back as listed whatever the case typed.
    for (const alias of ZONE_ALIASES) expect(checkTimeZone(alias.toUpperCase())).toBe(alias);
  });

  it("GIVEN a time or zone holding markup THEN the refusal names it unquoted, never with characters taken out", () => {
    expect(() => checkTimeZone("<script>&amp;")).toThrow(/^Unknown time zone\. Use an IANA name/);
    expect(() => parseTime("8<b>05")).toThrow(/^That is not a time of day\./);
    expect(() => checkTimeZone("Mars/Olympus_Mons")).toThrow(/^Unknown time zone "Mars\/Olympus_Mons"\./);
  });

  it("GIVEN a 60-character time or zone THEN the error echoes at most 32 of its characters", () => {
    const long = "A".repeat(60);
    const echoed = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return /"([^"]*)"/.exec((error as Error).message)?.[1] ?? "";
      }
      throw new Error("expected a user error");
    };
    expect(echoed(() => parseTime(long))).toBe(`${"A".repeat(32)}…`);
    expect(echoed(() => checkTimeZone(`Europe/${long}`))).toBe(`Europe/${"A".repeat(25)}…`);
  });
});
