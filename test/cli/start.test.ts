import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
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

  it("GIVEN a stop (SIGTERM) while a chat platform still does not answer at start-up THEN it shuts down cleanly, exit 0", async () => {
    // A Bot API that accepts connections and never answers: the first start-up try waits up to 10 s.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const child = spawn(process.execPath, [BIN, "start"], {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-start-")),
          LOG_LEVEL: "info",
          EXCHANGE_API_URL: "http://127.0.0.1:9",
          TELEGRAM_BOT_TOKEN: "123456:abcdefghijklmnopqrstuvwxyzABCDEFGHI",
          TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
        },
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      // A moment into the start-up, while the Bot API has not answered (its first try waits 10 s).
      await new Promise((r) => setTimeout(r, 2_500));
      child.kill("SIGTERM");
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(0);
      expect(stderr).not.toMatch(/did not answer getMe/);
    } finally {
      silent.close();
    }
  }, 60_000);
});
