import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isatty } from "node:tty";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../src/logger.js";

describe("createLogger", () => {
  it("GIVEN a log file in a folder that does not exist yet THEN lines go there, with tokens redacted", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coincast-log-"));
    try {
      const file = join(dir, "logs", "coincast.log");
      createLogger("info", file).info({ token: "123456:secret-token-value" }, "hello");
      const [line] = (await readFile(file, "utf8")).trim().split("\n");
      expect(JSON.parse(line ?? "{}")).toMatchObject({ msg: "hello", token: "[redacted]" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN a message and an error quoting a URL with user:secret THEN the log line keeps the URL, not the secret", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coincast-log-"));
    try {
      const file = join(dir, "coincast.log");
      const url = "http://user:secret@proxy:8080/api/v3/klines?apiKey=k";
      createLogger("info", file).warn({ err: new Error(`GET ${url} failed`), url }, `asked ${url}`);
      const line = (await readFile(file, "utf8")).trim();
      expect(line).not.toMatch(/secret|user:|apiKey/);
      expect(JSON.parse(line)).toMatchObject({ msg: "asked http://proxy:8080/api/v3/klines" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.runIf(existsSync("/dev/full"))(
    "GIVEN a log file on a full disk (/dev/full) THEN logging goes on to stderr, and the fallback is said once",
    () => {
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      try {
        const logger = createLogger("info", "/dev/full");
        for (const n of [1, 2, 3]) logger.warn({ n }, "still here");
        const written = stderr.mock.calls.map(([chunk]) => String(chunk));
        const notices = written.filter((text) => text.startsWith("Cannot write the log to /dev/full"));
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatch(/ENOSPC.*until it can/);
        const lines = written.filter((text) => text.includes('"msg":"still here"'));
        // Where stderr is a terminal (a console session's), the lines are dropped rather than shown.
        expect(lines.map((line) => JSON.parse(line).n)).toEqual(isatty(2) ? [] : [1, 2, 3]);
      } finally {
        stderr.mockRestore();
      }
    },
  );
});
