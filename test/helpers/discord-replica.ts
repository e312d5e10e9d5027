// A bot replica's Discord surface for the gateway-election test: the real wiring (startChatAdapters, with
// DISCORD_SHARDS as given) and the real election over Redis, a dispatcher that answers "pong from <name>".
// It tells the parent over IPC when it is elected or deposed; the parent kills it with -9.
import { startChatAdapters } from "../../src/chat/adapters.js";
import { createConfig } from "../../src/config.js";
import type { ChatAdapter } from "../../src/contracts/chat.js";
import { election, env, logger, name, redis, send } from "./replica-election.js";

const adapters: ChatAdapter[] = [];
const stopping = new AbortController();
await startChatAdapters({
  config: createConfig({
    DISCORD_TOKEN: env("DISCORD_TOKEN"),
    DISCORD_API_URL: env("DISCORD_API_URL"),
    DISCORD_SHARDS: process.env.DISCORD_SHARDS,
  }),
  dispatcher: {
    commands: [],
    dispatch: async () => ({ lines: [`pong from ${name}`] }),
    dispatchLine: async () => null,
  },
  specs: [{ name: "ping", description: "Ping", options: [], permission: "everyone" }],
  logger,
  signal: stopping.signal,
  onStarted: (adapter) => adapters.push(adapter),
  replica: true,
  election: (role, leader) =>
    election(role, {
      elected: async () => {
        await leader.elected();
        send({ elected: name });
      },
      deposed: async () => {
        await leader.deposed();
        send({ deposed: name });
      },
    }),
});
process.on("message", (message: { post?: string }) => {
  if (message.post === undefined) return;
  void adapters[0]?.post
    .send(message.post, { lines: [`post from ${name}`] })
    .then(() => send({ posted: name }));
});
process.on("disconnect", () => {
  stopping.abort();
  void Promise.all(adapters.map((adapter) => adapter.stop()))
    .then(() => redis.quit())
    .finally(() => process.exit(0));
});
send({ ready: true });
