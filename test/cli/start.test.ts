import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/coincast.mjs", import.meta.url));

describe("coincast start", () => {
  it("GIVEN a fresh clone, no tokens and piped commands THEN `npm start` answers /forecast BTC 1d with a chart and exits", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "coincast-start-"));
    const child = spawn(process.execPath, [BIN, "start"], {
      // An API URL nobody listens on: any request would fail fast instead of reaching the internet.
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        EXCHANGE_API_URL: "http://127.0.0.1:9",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdin.end("/forecast BTC 1d\n/quit\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));

    // Warnings depend on the machine (a back-end falling back); an error would be ours.
    expect(stderr).not.toMatch(/"level":(50|60)/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^BTC\/USDT forecast, 1d ahead$/m);
    expect(stdout).toMatch(/Median: [\d,]+ \([+-]\d+\.\d%\) by \d{4}-\d\d-\d\d 00:00 UTC/);
    expect(stdout).toMatch(
      /^Out of sample its range (beat "no change" by|did [\d.]+% worse than "no change")/m,
    );
    const chart = /^Chart: (.+\.png)$/m.exec(stdout)?.[1];
    expect(chart).toBeDefined();
    expect(chart?.startsWith(join(dataDir, "charts"))).toBe(true);
    expect(existsSync(chart as string)).toBe(true);
  });
});
