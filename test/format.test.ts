import { describe, expect, it } from "vitest";
import { signedPercent } from "../src/format.js";

describe("signedPercent", () => {
  it("GIVEN a rise, a fall or a rounding to zero THEN the sign is shown once and never as -0.0", () => {
    expect(signedPercent(0.0041)).toBe("+0.4%");
    expect(signedPercent(-0.0234)).toBe("-2.3%");
    expect(signedPercent(-0.0001)).toBe("+0.0%");
    expect(signedPercent(0.12345, 2)).toBe("+12.35%");
  });
});
