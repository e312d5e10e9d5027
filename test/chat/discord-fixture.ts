import { pino } from "pino";
import { afterEach, expect } from "vitest";
import type { Caller, CommandSpec, Reply } from "../../commands/types.js";
import { type DiscordAdapter, type DiscordOptions, startDiscord } from "../../src/chat/discord.js";
import { type FakeDiscord, type RecordedRequest, startFakeDiscord } from "../helpers/fake-discord.js";

/**
 * The Discord suites' ground (discord.test.ts, discord-format.test.ts): command specs, a reply with a chart,
 * a dispatcher that records what reaches it, and the adapter under test started against a fake Discord.
 */

export const TOKEN = "MTIz.fake-bot-token.for-tests-only";
export const SYMBOLS = ["BTC/USDT", "ETH/USDT", "XRP/USDT"];
export const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

export const SPECS = [
  {
    name: "forecast",
    description: "Forecast a symbol",
    options: [
      { name: "symbol", description: "e.g. BTC", required: true, autocomplete: "symbol" },
      { name: "horizon", description: "how far ahead", choices: ["1d", "3d", "7d"], maxLength: 8 },
    ],
    permission: "everyone",
  },
  {
    name: "retrain",
    description: "Retrain the model",
    options: [{ name: "timeframe", description: "4h or 1d", choices: ["4h", "1d"] }],
    permission: "admin",
  },
] as const satisfies readonly CommandSpec[];

export const FORECAST_REPLY: Reply = {
  title: "BTC/USDT 1d",
  lines: ["median 64,000 (+1.2%)", "*not* financial advice @everyone"],
  fields: [{ name: "80% interval", value: "62,000 .. 66,000" }],
  footer: "model v3",
  image: { png: PNG, filename: "btc-1d.png", description: "BTC/USDT forecast chart" },
};

interface Call {
  name: string;
  args: readonly string[] | Readonly<Record<string, string | undefined>>;
  caller: Caller;
}

export function fakeDispatcher(
  answer: (progress: (text: string) => Promise<void>) => Promise<Reply> = async () => FORECAST_REPLY,
): DiscordOptions["dispatcher"] & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    dispatch: async (name, args, caller, progress) => {
      calls.push({ name, args, caller });
      return answer(progress ?? (async () => {}));
    },
  };
}

export function captureLogger() {
  const lines: string[] = [];
  return { lines, logger: pino({ level: "debug" }, { write: (line: string) => void lines.push(line) }) };
}

/** Every message we sent (reply, edit, follow-up), wherever its body keeps the message. */
function messagesSent(discord: FakeDiscord): Record<string, unknown>[] {
  return discord.requests.flatMap((r) => {
    const sent = r.body as { type?: number; data?: Record<string, unknown> } | undefined;
    if (r.path.endsWith("/callback")) return sent?.type === 4 ? [sent.data ?? {}] : [];
    return r.path.startsWith("/webhooks/") && r.method !== "DELETE"
      ? [r.body as Record<string, unknown>]
      : [];
  });
}

/**
 * Registers the suite's hook (after each test: the adapter stopped, the fake closed, and the invariant that no
 * message we sent lets Discord parse a mention) and returns `start`, which starts a fake Discord and the adapter
 * against it, and `adopt`, for a fake a test starts itself.
 */
export function discordAdapterUnderTest() {
  let fake: FakeDiscord | undefined;
  let adapter: DiscordAdapter | undefined;

  afterEach(async () => {
    const sent = fake === undefined ? [] : messagesSent(fake);
    await adapter?.stop();
    await fake?.close();
    adapter = undefined;
    fake = undefined;
    // An invariant of every test: no message we send lets Discord parse a mention.
    for (const message of sent) expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  async function start(
    dispatcher: DiscordOptions["dispatcher"],
    extra: {
      guildId?: string | null;
      deferAfterMs?: number;
      logger?: ReturnType<typeof captureLogger>["logger"];
      suggest?: DiscordOptions["suggest"];
    } = {},
  ): Promise<FakeDiscord> {
    const discord = await startFakeDiscord({ token: TOKEN });
    fake = discord;
    adapter = await startDiscord({
      token: TOKEN,
      guildId: extra.guildId === null ? undefined : (extra.guildId ?? discord.guildId),
      apiUrl: discord.apiUrl,
      dispatcher,
      specs: SPECS,
      symbols: SYMBOLS,
      logger: extra.logger ?? pino({ level: "silent" }),
      ...(extra.deferAfterMs === undefined ? {} : { deferAfterMs: extra.deferAfterMs }),
      ...(extra.suggest === undefined ? {} : { suggest: extra.suggest }),
    });
    // Registration happens on ready; waiting for it keeps later assertions about requests tidy.
    await discord.waitForRequest((r) => r.method === "PUT");
    return discord;
  }

  return {
    start,
    adopt: (discord: FakeDiscord) => {
      fake = discord;
    },
  };
}

export const callbackOf = (token: string) => (r: RecordedRequest) =>
  r.method === "POST" && r.path.includes(`/${token}/callback`);
export const originalOf =
  (token: string, method = "PATCH") =>
  (r: RecordedRequest) =>
    r.method === method && r.path.includes(`/${token}/messages/@original`);
// biome-ignore lint/suspicious/noExplicitAny: wire JSON, its shape is what the expectations check
export const body = (r: RecordedRequest) => r.body as Record<string, any>;
