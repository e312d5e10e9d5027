import { describe, expect, it } from "vitest";
import { runCoincast } from "../helpers/processes.js";

/** A usage error: exit 2, a message matching `message`, no stack, no generic crash. */
function expectRefused(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/Something went wrong|"stack":|^\s+at /m);
  expect(result.code).toBe(2);
}

const run = (args: string[], env: Record<string, string> = {}) =>
  runCoincast(args, env, { timeoutMs: 60_000 });

describe("operator commands given what cannot work: a clear answer, not a crash", () => {
  it("GIVEN train --stride without --global THEN refused, not silently ignored", async () => {
    expectRefused(await run(["train", "--stride", "3"]), /--stride need --global|--stride.*need --global/);
  }, 90_000);
});
