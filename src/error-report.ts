import { randomBytes } from "node:crypto";

/**
 * The id a user is shown with "something went wrong" and the log line carries: 8 hex digits, enough to find
 * one failure in a day's log. The one generator for the command line, the dispatcher and every adapter.
 */
export function newErrorId(): string {
  return randomBytes(4).toString("hex");
}

/** Fields of library errors worth logging (discord.js REST, grammY, ccxt, Node's system errors). */
const DETAIL_FIELDS = ["code", "status", "method", "url", "error_code"] as const;
const CAUSE_DEPTH = 3;

/**
 * An error as a plain object for the log, with every occurrence of each secret (bot tokens, interaction
 * tokens inside REST URLs) replaced by "[redacted]" in every string: message, stack, URL and causes, and every
 * URL without its userinfo and query (redactUrls). The one token scrubber: adapters log errors only through it.
 */
export function scrubbedError(error: unknown, secrets: readonly string[]): unknown {
  const describe = (value: unknown, depth: number): unknown => {
    if (!(value instanceof Error)) return String(value);
    const fields = value as Error & Record<string, unknown>;
    // grammY's HttpError keeps the network error in `error`, everyone else in `cause`.
    const inner = value.cause ?? (fields.error instanceof Error ? fields.error : undefined);
    const details = Object.fromEntries(
      DETAIL_FIELDS.filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]]),
    );
    return {
      type: value.name,
      message: value.message,
      ...details,
      stack: value.stack,
      ...(inner !== undefined && depth < CAUSE_DEPTH ? { cause: describe(inner, depth + 1) } : {}),
    };
  };
  return JSON.parse(redacted(JSON.stringify(describe(error, 0)), secrets)) as unknown;
}

/** An error's message for readiness reasons and link states: without the secrets or a URL's credentials. */
export function errorReason(error: unknown, secrets: readonly string[] = []): string {
  return redacted(error instanceof Error ? error.message : String(error), secrets);
}

function redacted(text: string, secrets: readonly string[]): string {
  let clean = redactUrls(text);
  for (const secret of secrets) if (secret !== "") clean = clean.replaceAll(secret, "[redacted]");
  return clean;
}

/**
 * Every URL in `text` without its userinfo (`user:password@`) and without its query string, the two places a
 * URL carries credentials (a proxy's password in EXCHANGE_API_URL, an API key or signature in a query). The
 * scheme, host, port and path stay, which is what a reader needs to know which request failed:
 * `GET http://user:secret@proxy:8080/api/v3/klines?symbol=BTCUSDT` gives `GET http://proxy:8080/api/v3/klines`.
 * Works on any text (messages, stacks, a whole JSON log line), so that one rule serves replies and logs.
 */
export function redactUrls(text: string): string {
  if (!text.includes("://")) return text;
  return text.replace(URL_IN_TEXT, (_match, scheme: string, _userinfo, rest: string) => {
    const query = rest.search(/[?#]/);
    return `${scheme}${query === -1 ? rest : rest.slice(0, query)}`;
  });
}

/** A scheme, optional userinfo up to the last `@` before the path, then everything up to a space or quote. */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)(?:([^\s"'<>/?#]*)@)?([^\s"'<>\\]*)/gi;
