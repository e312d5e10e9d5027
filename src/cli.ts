import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { registerAccuracyCommand } from "./cli/accuracy.js";
import { registerDataCommands } from "./cli/data.js";
import { registerDiscordCommand } from "./cli/discord.js";
import { registerEvaluateCommand } from "./cli/evaluate.js";
import { registerForecastCommand } from "./cli/forecast.js";
import { registerModelCommands } from "./cli/model.js";
import { registerModelCardCommand } from "./cli/model-card.js";
import { registerStartCommand } from "./cli/start.js";
import { registerStatusCommand } from "./cli/status.js";
import { registerTrainCommand } from "./cli/train.js";
import { registerWorkerCommand } from "./cli/worker.js";
import { type Config, createConfig, loadConfig } from "./config.js";
import { newErrorId, redactUrls } from "./error-report.js";
import { ConfigError, isCoincastError, isUserError } from "./errors.js";
import { createLogger, type Logger } from "./logger.js";
import { createServices, runWorker, type Services, startBot } from "./main.js";
import { checkDataDir } from "./storage/data-dir.js";
import { isStorageFull } from "./storage/storage-full.js";

/** Exit codes: 1 for a fault of ours or of a service, 2 for a usage or configuration error. */
const EXIT_FAULT = 1;
const EXIT_USAGE = 2;

/** The log file of an interactive `start` (a console on a terminal), under DATA_DIR, unless LOG_FILE says. */
export const CONSOLE_LOG_FILE = "coincast.log";

/**
 * The configuration, or the defaults and the error that refused it: `--help` and `--version` must answer
 * whatever the environment holds (a bad LOG_LEVEL included); every command that runs meets the error.
 */
function readConfig(): { loaded: Config; refused?: ConfigError } {
  try {
    return { loaded: loadConfig() };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { loaded: createConfig({}), refused: error };
  }
}

/** Commands that open nothing in DATA_DIR, or check it themselves (start, worker: main.ts). */
const WITHOUT_DATA_DIR = new Set(["discord", "status", "start", "worker"]);

function buildProgram(argv: string[]): { program: Command; logger: Logger; services: Services } {
  const { loaded, refused } = readConfig();
  // A console session keeps the terminal for the conversation: log lines would land in mid-prompt.
  const consoleSession = argv[2] === "start" && process.stdin.isTTY === true;
  const config = {
    ...loaded,
    logFile: loaded.logFile ?? (consoleSession ? join(loaded.dataDir, CONSOLE_LOG_FILE) : undefined),
  };
  const logger = createLogger(config.logLevel, config.logFile);
  const services = createServices(config, logger);
  const program = new Command("coincast")
    .description("Honest deep-learning crypto price forecasts")
    .showHelpAfterError()
    .exitOverride();
  // Before any command's action, never for --help or --version (commander answers those itself).
  if (refused !== undefined)
    program.hook("preAction", () => {
      throw refused;
    });
  registerStartCommand(program, async (role) => {
    const { guardShutdown } = await import("./cli/shutdown-guard.js");
    return startBot(services, { input: process.stdin, output: process.stdout, guardShutdown }, role);
  });
  registerForecastCommand(program, services);
  registerDataCommands(program, {
    marketData: () => services.marketData(),
    corpus: async () => ({
      exchange: (await import("./market/exchange.js")).createExchange(config.exchange),
      dataDir: config.dataDir,
      retries: config.exchange.retries,
      logger,
    }),
    corpusStatus: () => services.corpusStatus(),
    keptSymbols: () => services.keptSymbols(),
  });
  registerTrainCommand(program, services);
  registerModelCardCommand(program, services);
  registerEvaluateCommand(program, services);
  registerModelCommands(program, services);
  registerAccuracyCommand(program, services);
  registerDiscordCommand(program, services);
  registerWorkerCommand(program, () => runWorker(services));
  registerStatusCommand(program, services);
  // DATA_DIR checked before a command opens a store in it, as `start` and `worker` do (main.ts): a file or
  // an unwritable folder is named, not met as ENOTDIR in the middle of the command.
  program.hook("preAction", async (_program, action) => {
    let top = action;
    while (top.parent !== null && top.parent !== program) top = top.parent;
    if (!WITHOUT_DATA_DIR.has(top.name())) await checkDataDir(config.dataDir);
  });
  return { program, logger, services };
}

/**
 * For the operator at the command line (never a chat user): which REDIS_URL did not answer, without its
 * user name and password; empty for any other error.
 */
function unreachableRedis(error: unknown, redisUrl: string | undefined): string {
  if (!isUserError(error) || error.code !== "queue-unreachable" || redisUrl === undefined) return "";
  return `No Redis answered at REDIS_URL=${redactUrls(redisUrl)}: check that it runs there, or fix REDIS_URL.\n`;
}

/**
 * A saved model that does not load (a --model folder with none in it, damaged files): the message names the
 * folder and what is wrong. By code: one raised in a worker thread comes back as a CoincastError.
 */
const isModelLoadError = (error: unknown): error is Error =>
  isCoincastError(error) && error.code === "model-load";

/** The one catch point of the command line: user errors are explained, anything else is logged with an id. */
async function run(argv: string[]): Promise<void> {
  let logger: Logger | undefined;
  let services: Services | undefined;
  try {
    const built = buildProgram(argv);
    ({ logger, services } = built);
    await built.program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
    } else if (isUserError(error) || error instanceof ConfigError || isModelLoadError(error)) {
      process.stderr.write(`${error.message}\n${unreachableRedis(error, services?.config.redisUrl)}`);
      process.exitCode = EXIT_USAGE;
    } else if (isStorageFull(error)) {
      // The operator's to cure, and the error names the file and the disk's complaint: said as it is.
      (logger ?? createLogger()).error({ err: error }, "command failed: storage is full");
      process.stderr.write(`Storage is full; nothing was saved: ${(error as Error).message}\n`);
      process.exitCode = EXIT_FAULT;
    } else {
      const errorId = newErrorId();
      (logger ?? createLogger()).error({ err: error, errorId }, "command failed");
      process.stderr.write(`Something went wrong (error id ${errorId}); details are in the log.\n`);
      process.exitCode = EXIT_FAULT;
    }
  } finally {
    // Worker threads and database handles would keep the process alive after the command is done.
    await services?.close().catch((error: unknown) => logger?.warn({ err: error }, "shutdown was not clean"));
    // Everything is closed; a connection still retrying (BullMQ's, to a Redis that is away) must not keep a
    // finished command alive. Unref'd: a process with nothing left ends at once, as before.
    setTimeout(() => process.exit(), 1000).unref();
  }
}

await run(process.argv);
