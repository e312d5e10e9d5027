import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../helpers/processes.js";

const SCRIPT = fileURLToPath(new URL("../helpers/closed-runner.ts", import.meta.url));

describe("the queue runner's close with Redis refused", () => {
  it("GIVEN REDIS_URL where nothing listens WHEN close() THEN nothing is left retrying: the process ends on its own", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    // Its connections retry every 2 s at most; left retrying, the process would run until the timeout.
    const { code, stdout, stderr } = await new Promise<{ code: unknown; stdout: string; stderr: string }>(
      (resolve) =>
        execFile(
          process.execPath,
          ["--import", "tsx", SCRIPT, url],
          { env: { PATH: process.env.PATH ?? "" }, timeout: 20_000 },
          (error, stdout, stderr) => resolve({ code: error?.code ?? error?.signal ?? 0, stdout, stderr }),
        ),
    );
    expect(stdout, stderr).toBe("closed\n");
    expect(code, stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
