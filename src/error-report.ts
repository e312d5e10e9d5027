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
 * tokens inside REST URLs) replaced by "[redacted]" in every string: message, stack, URL and causes. The
 * one token scrubber: adapters log errors only through it.
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
  let text = JSON.stringify(describe(error, 0));
  for (const secret of secrets) if (secret !== "") text = text.replaceAll(secret, "[redacted]");
  return JSON.parse(text) as unknown;
}
