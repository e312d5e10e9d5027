import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../helpers/postgres.js";
import { runCoincast } from "../helpers/processes.js";
import { deletePrefix, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

/**
 * `coincast start` with one bad setting, as an operator would first meet it: piped `/help`, no network.
 * Resolves with the exit code, what was written, and how long it took.
 */
function start(env: Record<string, string>) {
  return runCoincast(["start"], env, { stdin: "/help\n", timeoutMs: 60_000 });
}

/** The answer to a bad setting: exit 2 at start-up, nothing answered, one message with no stack trace. */
function expectRefused(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  // Nor a log line carrying one (a JSON "stack"): the one message is all the operator reads.
  expect(result.stderr).not.toMatch(/"stack":/);
  expect(result.stderr).not.toMatch(/Something went wrong/);
  expect(result.stdout).toBe("");
  expect(result.code).toBe(2);
}

const postgres = await postgresAvailable();
const redis = await redisAvailable();

/** A port another process holds: a server listening on it until `close`. */
async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const address = server.address();
  return { port: typeof address === "object" && address !== null ? address.port : 0, server };
}

describe("coincast start with a setting that cannot work", () => {
  it("GIVEN TF_BACKEND names a back-end that is not installed THEN start-up stops naming it and the fix", async () => {
    expectRefused(
      // Logging on, as an operator runs it: the worker thread must not log its own stack first.
      await start({ TF_BACKEND: "tensorflow", LOG_LEVEL: "info" }),
      /TF_BACKEND=tensorflow is not available .*@tensorflow\/tfjs-node is not installed.*TF_BACKEND=auto/,
    );
  }, 90_000);

  it("GIVEN DATA_DIR is a file THEN start-up stops saying DATA_DIR must be a directory and that it is a file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "coincast-config-")), "not-a-dir");
    writeFileSync(file, "x");
    expectRefused(await start({ DATA_DIR: file }), /DATA_DIR: a directory .*; .*not-a-dir is a file/);
  }, 90_000);

  it("GIVEN DATABASE_URL points where nothing listens THEN start-up stops naming the key, the server and the refusal, not the password", async () => {
    const result = await start({ DATABASE_URL: "postgres://coincast:hunter2@127.0.0.1:1/coincast" });
    expectRefused(
      result,
      /DATABASE_URL: a PostgreSQL server .* at 127\.0\.0\.1:1, database coincast as coincast; nothing listens there \(connection refused\)/,
    );
    // Never the password.
    expect(result.stderr).not.toMatch(/hunter2/);
  }, 90_000);

  it.skipIf(!postgres)(
    "GIVEN DATABASE_URL names a database the server does not have THEN start-up stops saying so",
    async () => {
      expectRefused(
        await start({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/coincast_no_such_database" }),
        /DATABASE_URL: .*database coincast_no_such_database .*; the server has no such database/,
      );
    },
    90_000,
  );

  it("GIVEN REDIS_URL with a port that is not a number THEN start-up stops naming the key and the port", async () => {
    expectRefused(
      await start({ REDIS_URL: "redis://127.0.0.1:notaport" }),
      /REDIS_URL: a URL such as redis:\/\/127\.0\.0\.1:6379; its port must be a number from 1 to 65535, not "notaport"/,
    );
  }, 90_000);

  it("GIVEN REDIS_URL with a database that is not a number THEN start-up stops naming the key and the path", async () => {
    expectRefused(
      await start({ REDIS_URL: "redis://127.0.0.1:6379/abc" }),
      /REDIS_URL: .*its path is a database number such as \/0, not "\/abc"/,
    );
  }, 90_000);

  it("GIVEN LOG_FILE where no file can be written THEN start-up stops naming LOG_FILE and the path", async () => {
    expectRefused(
      await start({
        LOG_FILE: "/etc/passwd/coincast.log",
        DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-config-")),
      }),
      /Cannot write the log to \/etc\/passwd\/coincast\.log \(LOG_FILE/,
    );
  }, 90_000);

  it("GIVEN no chat token and an empty input (a container with .env.example's empty tokens) THEN exit 2 naming the tokens", async () => {
    const result = await runCoincast(
      ["start"],
      { DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-config-")), DISCORD_TOKEN: "" },
      {
        stdin: "",
        timeoutMs: 60_000,
      },
    );
    expectRefused(result, /^Nothing to answer: no chat platform is set \(DISCORD_TOKEN, TELEGRAM_BOT_TOKEN/);
  }, 90_000);
});

describe.skipIf(!redis)("coincast worker with a setting that cannot work", () => {
  it("GIVEN HTTP_PORT is taken THEN the worker stops naming HTTP_PORT before it starts or says it takes jobs", async () => {
    const { port, server } = await takenPort();
    const prefix = uniquePrefix("worker-port");
    try {
      const result = await runCoincast(
        ["worker"],
        { REDIS_URL, QUEUE_PREFIX: prefix, HTTP_PORT: String(port), LOG_LEVEL: "info" },
        { timeoutMs: 60_000 },
      );
      expect(result.stderr).toMatch(new RegExp(`HTTP_PORT ${port} can not be used \\(EADDRINUSE\\)`));
      expect(result.stderr).not.toMatch(/taking jobs|queue worker started/);
      expect(result.code).toBe(2);
    } finally {
      server.close();
      const { Redis } = await import("ioredis");
      const client = new Redis(REDIS_URL);
      await deletePrefix(client, prefix);
      client.disconnect();
    }
  }, 90_000);

  it("GIVEN REDIS_URL names a database the server lacks THEN start, worker and status stop naming REDIS_URL and the number", async () => {
    // Logging on, as an operator runs it: ioredis's own error must not come first with its stack.
    const env = { REDIS_URL: `${REDIS_URL}/99`, QUEUE_PREFIX: uniquePrefix("no-db"), LOG_LEVEL: "info" };
    const [started, worker, status] = await Promise.all([
      start(env),
      runCoincast(["worker"], env, { timeoutMs: 60_000 }),
      runCoincast(["status"], env, { timeoutMs: 60_000 }),
    ]);
    for (const result of [started, worker, status])
      expectRefused(
        result,
        /REDIS_URL: a database the Redis server at 127\.0\.0\.1:6379 has; it has no database 99 \(ERR DB index is out of range/,
      );
  }, 90_000);
});
