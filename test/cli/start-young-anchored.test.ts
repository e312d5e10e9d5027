import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeExchange, generateCandles, startFakeExchange } from "../helpers/fake-exchange.js";

const BIN = fileURLToPath(new URL("../../bin/coincast.mjs", import.meta.url));
const H4 = 4 * 3_600_000;

describe("coincast start: a young pair and the shipped HAR-anchored models", () => {
  let dataDir: string | undefined;
  let fake: FakeExchange | undefined;
  afterEach(async () => {
    await fake?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  // 260 4h candles cover the 4h network's window and the indicators' warm-up, but not the history the
  // anchor's HAR is fitted on for a coin the network never trained on (286 at 4h): before, the fit threw
  // and the user read "Sorry, something went wrong".
  it("GIVEN a pair with 260 4h candles THEN /forecast Y26 4h is refused naming what the model needs", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coincast-young-anchored-"));
    const lastOpen = Math.floor(Date.now() / H4) * H4 - H4;
    fake = await startFakeExchange({
      candles: { "Y26/USDT": generateCandles(lastOpen - 259 * H4, 260, 150) },
    });
    const child = spawn(process.execPath, [BIN, "start"], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        LOG_LEVEL: "error",
        RETRAIN_CRON: "off",
        EXCHANGE_API_URL: fake.url,
      },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stdin.end("/forecast y26 4h\n/quit\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stdout).not.toContain("went wrong");
    expect(stdout).toMatch(/Y26\/USDT has 260 4h candles of history; the 4h model needs (\d+)/);
    const needed = Number(/the 4h model needs (\d+)/.exec(stdout)?.[1]);
    expect(needed).toBeGreaterThan(260);
  }, 60_000);
});
