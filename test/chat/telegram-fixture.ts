import { pino } from "pino";
import { afterEach, beforeEach } from "vitest";
import type { Caller, CommandSpec, Reply } from "../../commands/types.js";
import {
  startTelegram,
  type TelegramDispatcher,
  type TelegramHandle,
  type TelegramOptions,
} from "../../src/chat/telegram.js";
import { type FakeTelegram, type RecordedCall, startFakeTelegram } from "../helpers/fake-telegram.js";

/**
 * The Telegram adapter suites' ground (telegram.test.ts, telegram-failures.test.ts): command specs, users and
 * chats, a dispatcher that records what reaches it, and the bot under test started against a fake Bot API.
 */

export const SPECS: readonly CommandSpec[] = [
  {
    name: "forecast",
    description: "Forecast a coin's price",
    options: [
      { name: "symbol", description: "Coin", required: true },
      { name: "horizon", description: "How far ahead" },
    ],
    permission: "everyone",
  },
  { name: "retrain", description: "Retrain the model now", options: [], permission: "admin" },
  { name: "alert", description: "Set an alert", options: [], permission: "admin-in-groups" },
  { name: "help", description: "What I can do", options: [], permission: "everyone" },
];

export const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
export const ALICE = { id: 1001, first_name: "Alice", username: "alice" };
export const ADMIN_BY_CONFIG = { id: 4242, first_name: "Root" };
export const GROUP = { id: -100_555, type: "supergroup" as const, title: "Traders" };

interface DispatchCall {
  name: string;
  rawArgs: string[];
  caller: Caller;
}

/** Records calls and answers with whatever `answer` returns: this file tests the adapter, not commands. */
export function fakeDispatcher(
  answer: (call: DispatchCall, progress: (text: string) => Promise<void>) => Reply | Promise<Reply>,
) {
  const calls: DispatchCall[] = [];
  const dispatcher: TelegramDispatcher = {
    async dispatch(name, rawArgs, caller, progress = async () => {}) {
      const call = { name, rawArgs: Array.isArray(rawArgs) ? [...rawArgs] : ["(named)"], caller };
      calls.push(call);
      return answer(call, progress);
    },
  };
  return { calls, dispatcher };
}

export const forecastReply = (): Reply => ({
  title: "BTC/USDT, next 1d",
  lines: ["Up 1.2% (range -3% to +5%)"],
  footer: "Not financial advice.",
  image: { png: PNG, filename: "btc-1d.png", description: "Forecast chart" },
});

/** A pino logger whose lines land in an array. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

/**
 * Registers the suite's hooks (a fresh fake Bot API and logger before each test; the bot stopped and the fake
 * closed after it) and returns what its tests use: `fake` (replaceable, for a Bot API that comes back),
 * `log`, `start` and `stop`.
 */
export function telegramBotUnderTest() {
  let handle: TelegramHandle | undefined;
  const bot = {
    fake: undefined as unknown as FakeTelegram,
    log: memoryLogger(),
    start,
    /** Stops the bot now; stop() waits for running commands, so every reply has been sent. */
    stop: async () => {
      await handle?.stop();
      handle = undefined;
    },
  };

  beforeEach(async () => {
    bot.fake = await startFakeTelegram();
    bot.log = memoryLogger();
  });

  afterEach(async () => {
    await bot.stop();
    await bot.fake.close();
  });

  async function start(dispatcher: TelegramDispatcher, options: Partial<TelegramOptions> = {}) {
    handle = await startTelegram({
      token: bot.fake.token,
      apiRoot: bot.fake.apiRoot,
      dispatcher,
      commands: SPECS,
      adminUserIds: [String(ADMIN_BY_CONFIG.id)],
      logger: bot.log.logger,
      ...options,
    });
    return handle;
  }

  return bot;
}

export const sent = (call: RecordedCall) => String(call.params.text ?? call.params.caption ?? "");
