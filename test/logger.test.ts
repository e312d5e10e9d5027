import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
});
