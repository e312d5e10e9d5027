// A bot replica's Telegram adapter for the poller-election test: the real adapter and the real election
// over Redis, a dispatcher that answers "pong from <name>". It tells the parent over IPC when it is
// elected or deposed; the parent kills it with -9 to see another take over.
import { startTelegram } from "../../src/chat/telegram.js";
import { election, env, logger, name, redis, send } from "./replica-election.js";

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
