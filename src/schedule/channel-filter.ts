import type { Platform } from "./target.js";

/** Which channels a list of subscriptions or alerts is narrowed to (both optional). */
export interface ChannelFilter {
  platform?: Platform;
  channelId?: string;
}

/**
 * The WHERE clause (or "") and its parameters for a channel filter; `placeholder(n)` writes the n-th
 * parameter (1-based) in the dialect: "?" for SQLite, "$n" for PostgreSQL.
 */
export function channelWhere(
  filter: ChannelFilter,
  placeholder: (n: number) => string,
): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  for (const [column, value] of [
    ["platform", filter.platform],
    ["channel_id", filter.channelId],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    clauses.push(`${column} = ${placeholder(params.length)}`);
  }
  return { where: clauses.length === 0 ? "" : `WHERE ${clauses.join(" AND ")}`, params };
}

export const sqlitePlaceholder = (): string => "?";
export const postgresPlaceholder = (n: number): string => `$${n}`;
