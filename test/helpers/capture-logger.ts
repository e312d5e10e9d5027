import { Writable } from "node:stream";
import { pino } from "pino";
import type { Logger } from "../../src/logger.js";

/** A real pino logger whose lines are kept, parsed, for assertions on what was logged. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[]; messages(): string[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines, messages: () => lines.map((l) => String(l.msg)) };
}
