import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCoincast } from "../helpers/processes.js";

/** A usage error: exit 2, one line naming the option and the path, no stack, nothing on stdout. */
function expectRefused(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/Something went wrong|"stack":|^\s+at /m);
  expect(result.stdout).toBe("");
  expect(result.code).toBe(2);
}

describe("coincast forecast --chart where no file can be written", () => {
  const forecast = (chart: string) =>
    runCoincast(["forecast", "btc", "1d", "--chart", chart], {}, { timeoutMs: 60_000 });

  it("GIVEN a folder that does not exist THEN it says so, naming the path, before any forecast", async () => {
    expectRefused(
      await forecast("/no/such/dir/x.png"),
      /--chart \/no\/such\/dir\/x\.png: its folder does not exist; name a file/,
    );
  }, 90_000);

  it("GIVEN a folder instead of a file THEN it says the path is a folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coincast-chart-"));
    expectRefused(await forecast(dir), new RegExp(`--chart ${dir}: it is a folder`));
  }, 90_000);

  it("GIVEN a path under a file THEN it says a part of the path is a file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "coincast-chart-")), "plain");
    writeFileSync(file, "x");
    expectRefused(await forecast(join(file, "x.png")), /: a part of the path is a file, not a folder/);
  }, 90_000);
});
