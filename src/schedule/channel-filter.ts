import type { Platform } from "./target.js";

/** Which channels a list of subscriptions or alerts is narrowed to (both optional). */
export interface ChannelFilter {
  platform?: Platform;
  channelId?: string;
}

/** The WHERE clause (or "") and its parameters for a channel filter, with SqlDriver's `?` placeholders. */
export function channelWhere(filter: ChannelFilter): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  for (const [column, value] of [
    ["platform", filter.platform],
    ["channel_id", filter.channelId],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    clauses.push(`${column} = ?`);
  }
  return { where: clauses.length === 0 ? "" : `WHERE ${clauses.join(" AND ")}`, params };
}
