import { PassThrough } from "node:stream";
import { createConfig } from "../../src/config.js";
import { createServices, startBot } from "../../src/main.js";
import { captureLogger } from "./capture-logger.js";

/** startBot on a terminal, typed into as a person would, with everything it printed and logged. */
export interface TerminalBot {
  printed(): string;
  /** Log lines at error level or above. */
  errors(): Record<string, unknown>[];
  type(line: string): void;
  /** Resolves once the output matches `pattern`, polling; rejects after `timeoutMs` with what was printed. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Types /quit, waits for the bot to end and closes its services (also after a failed wait). */
  quit(): Promise<void>;
}

/**
 * Starts the whole bot (`coincast start`) with `env` over a TTY: it runs long, with the console as a post
 * target. The exchange URL is one nobody listens on unless `env` names one: the refresh at start fails
 * fast and the shipped candles serve.
 */
export function startTerminalBot(env: Record<string, string>): TerminalBot {
  const log = captureLogger();
  const config = createConfig({ LOG_LEVEL: "warn", EXCHANGE_API_URL: "http://127.0.0.1:9", ...env });
  const services = createServices(config, log.logger);
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const running = startBot(services, { input, output });
  return {
    printed: () => printed,
    errors: () => log.lines.filter((line) => Number(line.level) >= 50),
    type: (line) => void input.write(`${line}\n`),
    waitFor: async (pattern, timeoutMs) => {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(printed)) {
        if (Date.now() > until) throw new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${printed}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    quit: async () => {
      try {
        input.write("/quit\n");
        await running;
      } finally {
        await services.close();
      }
    },
  };
}
