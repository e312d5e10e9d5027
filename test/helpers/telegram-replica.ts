// A bot replica's Telegram adapter for the poller-election test: the real adapter and the real election
// over Redis, a dispatcher that answers "pong from <name>". It tells the parent over IPC when it is
// elected or deposed; the parent kills it with -9 to see another take over.
import { startTelegram } from "../../src/chat/telegram.js";
import { createElection } from "../../src/fleet/leader.js";
import { openRedis } from "../../src/fleet/redis.js";
import { createLogger } from "../../src/logger.js";

const env = (key: string) => {
  const value = process.env[key];
  if (value === undefined) throw new Error(`${key} is not set`);
  return value;
};
const name = env("REPLICA_NAME");
const logger = createLogger("warn");
const redis = openRedis(env("REDIS_URL"), logger);
const election = createElection({
  redis,
  prefix: env("QUEUE_PREFIX"),
  ttlMs: Number(env("LEASE_MS")),
  logger,
});
const send = (message: object) => process.send?.(message);
const handle = await startTelegram({
  token: env("TELEGRAM_BOT_TOKEN"),
  apiRoot: env("TELEGRAM_API_ROOT"),
  dispatcher: { dispatch: async () => ({ lines: [`pong from ${name}`] }) },
  commands: [{ name: "ping", description: "Ping", options: [], permission: "everyone" }],
  adminUserIds: [],
  logger,
  poller: (role) =>
    election("telegram-poller", {
      elected: async () => {
        await role.elected();
        send({ elected: name });
      },
      deposed: async () => {
        await role.deposed();
        send({ deposed: name });
      },
    }),
});
process.on("disconnect", () => {
  void handle
    .stop()
    .then(() => redis.quit())
    .finally(() => process.exit(0));
});
send({ ready: true });
