import type { Caller, Reply } from "../src/contracts/chat.js";
import type { FleetStatus } from "../src/fleet/queue-runner.js";
import type { ForecastService } from "../src/forecast/service.js";
import type { I18n } from "../src/i18n/index.js";
import type { Logger } from "../src/logger.js";
import type { Alerts } from "../src/schedule/alerts.js";
import type { Subscriptions } from "../src/schedule/subscriptions.js";

export type { Caller, Reply } from "../src/contracts/chat.js";

/**
 * The contract between chat commands and chat platforms. A command is declared once, as a plain object
 * `as const satisfies CommandSpec`; the Discord slash definitions, the Telegram command menu and argument
 * parsing, the console and `help` are all derived from that one declaration. Nothing in commands/ imports
 * a chat platform's library.
 */

/** One string option. Discord shows it as a slash-command option, Telegram and the console as a word. */
export interface OptionSpec {
  /** Lowercase, 1-32 characters of [a-z0-9_-] (Discord's rule). */
  name: string;
  /** 1-100 characters (Discord's rule). */
  description: string;
  required?: boolean;
  /** The only values accepted, shown as choices (Discord: at most 25). */
  choices?: readonly string[];
  /** Values suggested while typing where the platform can (Discord autocomplete): the configured symbols. */
  autocomplete?: "symbol";
  /** Longer input is refused with a clear answer before the handler runs. Default 64. */
  maxLength?: number;
  /**
   * The option means something only while `option` holds one of `values` (case-insensitive): `/alert`'s
   * direction for price and pup. Otherwise its `choices` are not checked and the handler gets the word as
   * typed, to answer in its own terms (`/alert remove 1 2` is two IDs, not a direction "2").
   */
  appliesWhen?: { option: string; values: readonly string[] };
}

/**
 * "everyone", or "admin": Discord members with Manage Server (also set as default_member_permissions),
 * Telegram group administrators and user ids listed in config, and the console's user; or
 * "admin-in-groups": admins in shared channels and groups, anyone in a direct chat (their own chat).
 */
export type Permission = "everyone" | "admin" | "admin-in-groups";

export interface CommandSpec {
  /** Lowercase, 1-32 characters of [a-z0-9_] (valid for Discord and Telegram alike). */
  name: string;
  /** 1-100 characters: the slash-command and menu description. */
  description: string;
  options: readonly OptionSpec[];
  permission: Permission;
}

/** The parsed arguments a handler gets, typed from its spec: required options are strings, others optional. */
export type CommandArgs<S extends CommandSpec> = {
  [O in S["options"][number] as O["name"]]: O extends { required: true } ? string : string | undefined;
};

/** What handlers may use. Built once in src/main.ts; tests pass fakes. */
export interface CommandServices {
  /**
   * The forecast core. A command asks it one question and formats the one answer: /forecast its
   * `report` (forecast, verdict, track record, chart), /model its `models`; /subscribe its `forecast` of a
   * pair outside the configured ones, to accept what /forecast accepts.
   */
  forecasts: Pick<
    ForecastService,
    "report" | "forecast" | "trackRecord" | "recordedSymbols" | "resolvePair" | "models" | "retrainer"
  >;
  /** Configured symbols, canonical ("BTC/USDT"), for help texts and autocomplete. */
  symbols: readonly string[];
  logger: Logger;
  /**
   * Daily forecast posts per channel. Optional so that fakes may leave it out: without it, the
   * subscription commands answer that posts are not available.
   */
  subscriptions?: Pick<Subscriptions, "subscribe" | "unsubscribe" | "list" | "nextPost" | "now">;
  /** Price and forecast alerts per channel. Optional, as subscriptions: without it, /alert says so. */
  alerts?: Pick<Alerts, "add" | "remove" | "list" | "limit">;
  /** With REDIS_URL: the live workers and queue depth, shown to admins by /model. Absent: embedded. */
  fleetStatus?(): Promise<FleetStatus>;
}

export interface CommandContext {
  caller: Caller;
  services: CommandServices;
  /**
   * The caller's language: translations (t) and its locale for numbers and dates (src/format.ts). The
   * dispatcher always sets it; absent (a test, a call from the command line): English.
   */
  i18n?: I18n;
  /**
   * Shows an interim state while a long command runs ("training, 40% done"): edits the deferred reply on
   * Discord, edits a message on Telegram, prints a line on the console. Adapters throttle it.
   */
  progress(text: string): Promise<void>;
}

export interface Command<S extends CommandSpec = CommandSpec> {
  spec: S;
  run(args: CommandArgs<S>, context: CommandContext): Promise<Reply>;
}

/** Declares a command: the spec's literal types flow into the handler's `args`. */
export function defineCommand<const S extends CommandSpec>(
  spec: S,
  run: (args: CommandArgs<S>, context: CommandContext) => Promise<Reply>,
): Command<S> {
  return { spec, run };
}
