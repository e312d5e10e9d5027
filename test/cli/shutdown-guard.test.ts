import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { guardShutdown } from "../../src/cli/shutdown-guard.js";

describe("guardShutdown", () => {
  it("GIVEN a shutdown under way WHEN Ctrl+C comes again THEN it says so and the shutdown goes on; a third forces the exit", () => {
    const output = new PassThrough();
    let written = "";
    output.on("data", (chunk: Buffer) => {
      written += chunk.toString();
    });
    const forced: number[] = [];
    const unguard = guardShutdown(output, (code) => forced.push(code));
    try {
      // Without the guard, Node's default handler would end the process here.
      expect(process.listenerCount("SIGINT")).toBeGreaterThan(0);
      process.emit("SIGINT", "SIGINT");
      expect(written).toBe("shutting down, press again to force\n");
      expect(forced).toEqual([]);
      process.emit("SIGINT", "SIGINT");
      expect(forced).toEqual([130]);
    } finally {
      unguard();
    }
  });

  it("GIVEN SIGTERM twice during shutdown THEN the second forces with 143, and once removed the guard listens no more", () => {
    const before = process.listenerCount("SIGTERM");
    const forced: number[] = [];
    const unguard = guardShutdown(new PassThrough(), (code) => forced.push(code));
    process.emit("SIGTERM", "SIGTERM");
    process.emit("SIGTERM", "SIGTERM");
    unguard();
    expect(forced).toEqual([143]);
    expect(process.listenerCount("SIGTERM")).toBe(before);
  });
});
