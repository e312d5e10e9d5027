import { config as loadDotenv } from "dotenv";
import { distance } from "fastest-levenshtein";
import cron from "node-cron";
import { z } from "zod";
import { CCXT_EXCHANGE_IDS } from "./contracts/exchange-ids.js";
import { ConfigError } from "./errors.js";
import { projectPath } from "./paths.js";

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    );

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .pipe(z.string().url("a URL such as http://127.0.0.1:8080").optional())
  .optional();

/** An optional secret or id: empty is the same as unset. */
const optionalText = (pattern: RegExp, expects: string) =>
  z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.string().regex(pattern, expects).optional())
    .optional();

/**
 * An optional server URL (empty is unset) of `scheme`, that also parses: a port from 1 to 65535 and, for
 * Redis, a database number as its path. The message says what is wrong without quoting the URL, whose
 * password it may hold.
 */
const serverUrl = (scheme: RegExp, expects: string, path: "number" | "name") =>
  z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(
      z
        .string()
        .regex(scheme, expects)
        .superRefine((value, context) => {
          const problem = serverUrlProblem(value, path);
          if (problem !== undefined) context.addIssue({ code: "custom", message: `${expects}; ${problem}` });
        })
        .optional(),
    )
    .optional();

/** What keeps a URL that has the right scheme from being used, or undefined when it can be. */
function serverUrlProblem(value: string, path: "number" | "name"): string | undefined {
  // The port as written: URL would only say "Invalid URL".
  const port = /^[a-z]+:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i.exec(value)?.[1];
  if (
    port !== undefined &&
    port !== "" &&
    !(/^\d{1,5}$/.test(port) && Number(port) <= 65_535 && Number(port) > 0)
  )
    return `its port must be a number from 1 to 65535, not "${port.slice(0, 20)}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "it does not parse as a URL";
  }
  if (url.hostname === "") return "it names no host";
  if (path === "number" && !/^\/?\d{0,5}$/.test(url.pathname))
    return `its path is a database number such as /0, not "${url.pathname.slice(0, 20)}"`;
  return undefined;
}

/** Why `typed` is refused as EXCHANGE, with the nearest ccxt id when one is a few edits away. */
function unknownExchange(typed: string): string {
  const ranked = CCXT_EXCHANGE_IDS.map((id) => ({ id, d: distance(typed, id) })).sort((a, b) => a.d - b.d);
  const nearest = ranked[0];
  // About one edit per three characters, at least two: `binanse` is binance, `foo` is nothing.
  const close = nearest !== undefined && nearest.d <= Math.max(2, Math.floor(typed.length / 3));
  return `"${typed.slice(0, 40)}" is not an exchange ccxt knows; ${
    close ? `did you mean ${nearest.id}?` : "a ccxt exchange id such as binance, kraken or coinbase"
  }`;
}

/**
 * Every key Coincast reads from the environment. `.env.example` lists each one with a comment;
 * a test keeps the two in step.
 */
export const envSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The console's language ("de", "pt-BR"); unset: the locale's (LC_ALL, LC_MESSAGES, LANG). Chat users get their own.
  CONSOLE_LANGUAGE: z.string().trim().optional(),
  LOG_FILE: z.string().trim().optional(),
  DATA_DIR: z.string().min(1).default("var"),
  MODELS_DIR: z.string().optional(),
  EXCHANGE: z
    .string()
    // The ids of the ccxt Coincast ships with: a typo stops every command at once, not the first refresh.
    .superRefine((value, context) => {
      if (!CCXT_EXCHANGE_IDS.includes(value))
        context.addIssue({ code: "custom", message: unknownExchange(value) });
    })
    .default("binance"),
  EXCHANGE_API_URL: optionalUrl,
  EXCHANGE_TIMEOUT_MS: z.coerce.number().int("an integer").min(100).max(120_000).default(10_000),
  EXCHANGE_RETRIES: z.coerce.number().int("an integer").min(0).max(10).default(3),
  SYMBOLS: list("BTC/USDT,ETH/USDT,XRP/USDT").pipe(
    z.array(z.string().regex(/^[A-Z0-9]+\/[A-Z0-9]+$/, "symbols like BTC/USDT, comma-separated")).min(1),
  ),
  MAX_SYMBOLS: z.coerce.number().int("an integer").min(0).max(1000).default(20),
  TF_BACKEND: z.enum(["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"]).default("auto"),
  REDIS_URL: serverUrl(/^rediss?:\/\/\S+$/, "a URL such as redis://127.0.0.1:6379", "number"),
  DATABASE_URL: serverUrl(
    /^postgres(ql)?:\/\/\S+$/,
    "a URL such as postgres://coincast@127.0.0.1:5432/coincast",
    "name",
  ),
  QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "1-64 characters of A-Z, a-z, 0-9, _ and -")
    .default("coincast"),
  FORECAST_TIMEOUT_MS: z.coerce.number().int("an integer").min(1_000).max(600_000).default(30_000),
  DISCORD_SHARDS: z
    .string()
    .trim()
    .default("")
    .refine(
      (value) => value === "" || /^\d{1,4}(,\d{1,4})*\/\d{1,4}$/.test(value),
      "the shards of this process and the total, as ids/total: 0/2 or 0,1/4; empty: one shard",
    ),
  FORECAST_WORKERS: z.coerce.number().int("an integer").min(1).max(16).default(1),
  FORECAST_QUEUE_LIMIT: z.coerce.number().int("an integer").min(1).max(100_000).default(256),
  RETRAIN_CRON: z
    .string()
    .trim()
    .default("0 3 * * 0")
    .refine(
      (value) => value === "off" || cron.validate(value),
      "a cron expression such as 0 3 * * 0, or off",
    ),
  RETRAIN_HOLDOUT_DAYS: z.coerce.number().int("an integer").min(7).max(730).default(60),
  MODEL_KEEP: z.coerce.number().int("an integer").min(1).max(100).default(5),
  // Messages never quote a token's value: zod issues name the key and the expected shape only.
  DISCORD_TOKEN: optionalText(/^\S{20,}$/, "a Discord bot token (Developer Portal, Bot, Reset Token)"),
  DISCORD_GUILD_ID: optionalText(/^\d{5,25}$/, "a Discord server id (digits)"),
  DISCORD_APPLICATION_ID: optionalText(/^\d{5,25}$/, "a Discord application id (digits)"),
  DISCORD_API_URL: optionalUrl,
  TELEGRAM_API_ROOT: optionalUrl.transform((value) => value?.replace(/\/+$/, "")),
  TELEGRAM_BOT_TOKEN: optionalText(/^\d+:[A-Za-z0-9_-]{20,}$/, "a Telegram bot token from @BotFather"),
  TELEGRAM_ADMIN_IDS: list("").pipe(z.array(z.string().regex(/^\d+$/, "Telegram user ids, comma-separated"))),
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalText(
    /^[A-Za-z0-9_-]{1,256}$/,
    "1-256 characters of A-Z, a-z, 0-9, _ and -",
  ),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int("an integer").min(0).max(65_535).default(8080),
  RATE_LIMIT_POINTS: z.coerce.number().int("an integer").min(1).max(1_000).default(5),
  RATE_LIMIT_SECONDS: z.coerce.number().int("an integer").min(1).max(86_400).default(30),
  HTTP_PORT: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.coerce.number().int("an integer").min(0).max(65_535).optional())
    .optional(),
  POST_GRACE_MINUTES: z.coerce.number().int("an integer").min(0).max(1_440).default(120),
});

export interface Config {
  logLevel: z.output<typeof envSchema>["LOG_LEVEL"];
  /**
   * The console's language tag (CONSOLE_LANGUAGE, else LC_ALL, LC_MESSAGES, LANG); undefined: English.
   * Chat users are answered in their own.
   */
  consoleLanguage: string | undefined;
  /** Where logs go instead of stderr; undefined: stderr (an interactive console defaults it into dataDir). */
  logFile: string | undefined;
  dataDir: string;
  modelsDir: string;
  exchange: { id: string; apiUrl: string | undefined; timeoutMs: number; retries: number };
  symbols: string[];
  /** MAX_SYMBOLS: pairs outside SYMBOLS kept after an on-demand backfill (least recently used dropped); 0: none. */
  maxSymbols: number;
  tfBackend: z.output<typeof envSchema>["TF_BACKEND"];
  /**
   * Redis for the forecast cache and, when set, the BullMQ queues that carry model work to `coincast
   * worker` processes; undefined: a SQLite cache file in dataDir and worker threads in this process.
   */
  redisUrl: string | undefined;
  /** PostgreSQL for the ledger, subscriptions and post claims shared by replicas; undefined: SQLite files. */
  databaseUrl: string | undefined;
  /** BullMQ queues: the Redis key prefix, and how long a bot waits for a worker's answer. */
  queue: { prefix: string; timeoutMs: number };
  forecast: { workers: number; queueLimit: number };
  retrain: { cron: string | undefined; holdoutDays: number; keep: number };
  /** Undefined: no Discord bot. Never logged (see logger.ts). */
  discordToken: string | undefined;
  /** Undefined: no Telegram bot. Never logged (see logger.ts). */
  telegramToken: string | undefined;
  discord: {
    guildId: string | undefined;
    /** Undefined: read from Discord (the READY event, or GET /applications/@me). */
    applicationId: string | undefined;
    /** REST base without the version (discord.js adds /v10); the gateway is found through it. */
    apiUrl: string | undefined;
    /** The gateway shards this process opens, of `count`; absent: one shard (Discord's default). */
    shards?: { ids: number[]; count: number };
  };
  telegram: {
    /** Bot API root (a self-hosted Bot API server or a proxy); undefined: api.telegram.org. */
    apiRoot: string | undefined;
    /** Telegram user ids that may run admin commands everywhere. */
    adminUserIds: string[];
    /**
     * Webhook mode when set: Telegram posts to `url` with `secretToken`, and the local server on `port` (0: any)
     * answers its path. Long polling otherwise.
     */
    webhook: { url: string; secretToken: string; port: number } | undefined;
  };
  /** Commands per chat user per window; the console's user is not limited. */
  rateLimit: { points: number; seconds: number };
  /**
   * The operations endpoints (/healthz, /readyz, /metrics) of `coincast start` and `coincast worker`;
   * undefined: none, and prom-client is never loaded. 0: a port the system picks (logged).
   */
  httpPort: number | undefined;
  /** Scheduled posts: one missed while the bot was down is sent on start-up when at most this late. */
  posts: { graceMinutes: number };
}

/** Pure: environment variables in, typed Config out, or a ConfigError naming each bad key and what it expects. */
export function createConfig(env: Record<string, string | undefined>): Config {
  // `KEY=` (a .env line left empty, as .env.example's are) is unset: its default, never 0 or "".
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim() !== ""));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if ((e.TELEGRAM_WEBHOOK_URL === undefined) !== (e.TELEGRAM_WEBHOOK_SECRET === undefined)) {
    throw new ConfigError(
      "Invalid configuration:\n  TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET: set both for a webhook, or neither for long polling",
    );
  }
  return {
    logLevel: e.LOG_LEVEL,
    // A key of Coincast's own first: a shell's LANG wins over .env's (dotenv never overrides).
    consoleLanguage: e.CONSOLE_LANGUAGE ?? set.LC_ALL ?? set.LC_MESSAGES ?? set.LANG,
    logFile: e.LOG_FILE === undefined || e.LOG_FILE === "" ? undefined : e.LOG_FILE,
    dataDir: e.DATA_DIR,
    // The shipped models live in the project, wherever Coincast is started from.
    modelsDir: e.MODELS_DIR?.trim() || projectPath("models"),
    exchange: {
      id: e.EXCHANGE,
      apiUrl: e.EXCHANGE_API_URL,
      timeoutMs: e.EXCHANGE_TIMEOUT_MS,
      retries: e.EXCHANGE_RETRIES,
    },
    symbols: e.SYMBOLS,
    maxSymbols: e.MAX_SYMBOLS,
    tfBackend: e.TF_BACKEND,
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    queue: { prefix: e.QUEUE_PREFIX, timeoutMs: e.FORECAST_TIMEOUT_MS },
    forecast: { workers: e.FORECAST_WORKERS, queueLimit: e.FORECAST_QUEUE_LIMIT },
    retrain: {
      cron: e.RETRAIN_CRON === "off" ? undefined : e.RETRAIN_CRON,
      holdoutDays: e.RETRAIN_HOLDOUT_DAYS,
      keep: e.MODEL_KEEP,
    },
    discordToken: e.DISCORD_TOKEN,
    telegramToken: e.TELEGRAM_BOT_TOKEN,
    discord: {
      guildId: e.DISCORD_GUILD_ID,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL,
      ...shardsOf(e.DISCORD_SHARDS),
    },
    telegram: {
      apiRoot: e.TELEGRAM_API_ROOT,
      adminUserIds: e.TELEGRAM_ADMIN_IDS,
      webhook:
        e.TELEGRAM_WEBHOOK_URL === undefined || e.TELEGRAM_WEBHOOK_SECRET === undefined
          ? undefined
          : {
              url: e.TELEGRAM_WEBHOOK_URL,
              secretToken: e.TELEGRAM_WEBHOOK_SECRET,
              port: e.TELEGRAM_WEBHOOK_PORT,
            },
    },
    rateLimit: { points: e.RATE_LIMIT_POINTS, seconds: e.RATE_LIMIT_SECONDS },
    httpPort: e.HTTP_PORT,
    posts: { graceMinutes: e.POST_GRACE_MINUTES },
  };
}

/** "0,1/4" -> shards 0 and 1 of 4; refuses an id outside the total. */
function shardsOf(value: string): { shards?: { ids: number[]; count: number } } {
  if (value === "") return {};
  const [ids = "", count = ""] = value.split("/");
  const shards = { ids: ids.split(",").map(Number), count: Number(count) };
  if (shards.count < 1 || shards.ids.some((id) => id >= shards.count))
    throw new ConfigError(
      `Invalid configuration:\n  DISCORD_SHARDS: shard ids must be below the total (${value})`,
    );
  return { shards };
}

/** Reads `.env` (if present) and the process environment. The only place that touches process.env. */
export function loadConfig(): Config {
  loadDotenv({ quiet: true });
  return createConfig(process.env);
}
