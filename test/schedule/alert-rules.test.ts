import { describe, expect, it } from "vitest";
import { formatClose, formatLevel } from "../../src/schedule/alert-rules.js";

describe("levels and the closes beside them", () => {
  it("GIVEN a level THEN it reads as set, in the language's marks, never rounded to a neighbour", () => {
    expect(formatLevel(2.055)).toBe("2.055");
    expect(formatLevel(2500.5)).toBe("2,500.5");
    expect(formatLevel(2.1329)).toBe("2.1329");
    expect(formatLevel(100_000)).toBe("100,000");
    expect(formatLevel(100_000, "de")).toBe("100.000");
    expect(formatLevel(2500.5, "de")).toBe("2.500,5");
    expect(formatLevel(2.055, "pt-BR")).toBe("2,055");
    expect(formatLevel(0.0000000001)).toBe("0.0000000001");
    // A re-arm level is computed: floating-point noise past ten significant digits is not shown.
    expect(formatLevel(2.1329 * 1.01)).toBe("2.154229");
  });

  it("GIVEN a close beside a level THEN it never reads as the level or past it", () => {
    expect(formatClose(2.13, 2.1329)).toBe("2.1300");
    expect(formatClose(2.13291, 2.1329)).toBe("2.13291");
    expect(formatClose(2.132949, 2.13295)).toBe("2.1329");
    // Below its level, though four decimals would round it up past it.
    expect(formatClose(2.13295, 2.132951)).toBe("2.13295");
    expect(formatClose(97_000, 100_000)).toBe("97,000");
    expect(formatClose(100_000.4, 100_000.5)).toBe("100,000");
    // At its level exactly: it reads as the level, not rounded to either side.
    expect(formatClose(100_000.5, 100_000.5)).toBe("100,000.5");
    expect(formatClose(2.13, 2.1329, "de")).toBe("2,1300");
  });
});
