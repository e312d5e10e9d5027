import type { Client } from "discord.js";

/**
 * Discord's gateway link after start-up, for readiness: discord.js reconnects on its own and tells only
 * through events. Down on `shardReconnecting` (the socket closed, it is reconnecting) and `shardDisconnect`
 * (closed for good, e.g. a revoked token); up again once every shard is Ready (`shardReady` after a new
 * session, a shard's `resumed` after a resume, which the client itself does not re-emit).
 * Type-only import: discord.js loads only where a Discord token is set.
 */
export function watchDiscordLink(client: Client, onLink: (down: string | undefined) => void): void {
  // discord.js's Status.Ready.
  const READY = 0;
  const allReady = () => [...client.ws.shards.values()].every((shard) => shard.status === READY);
  const up = () => {
    if (allReady()) onLink(undefined);
  };
  client.on("shardReconnecting", (id) => onLink(`gateway shard ${id} reconnecting`));
  client.on("shardDisconnect", (event, id) =>
    onLink(`gateway shard ${id} closed (${event.code}) and will not reconnect`),
  );
  client.on("shardReady", up);
  for (const shard of client.ws.shards.values()) shard.on("resumed", up);
}
