import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { parseBody, type RecordedFile } from "./fake-telegram-body.js";
import { FAKE_BOT, type TextMessageInput, textUpdate } from "./fake-telegram-updates.js";

/**
 * A local stand-in for the Telegram Bot API on 127.0.0.1 and a random port: `POST|GET /bot<token>/<method>`
 * with JSON, query-string or multipart bodies, answering `{ ok, result }` in the Bot API's shapes. An
 * unmodified grammY bot pointed at it (client.apiRoot) long-polls it and sends its replies to it; every call
 * is recorded for assertions.
 */

export interface RecordedCall {
  method: string;
  /** Fields as parsed: JSON bodies as they are, multipart fields JSON-decoded where they are JSON. */
  params: Record<string, unknown>;
  /** Multipart file parts by part name (grammY names them randomly and refers to them as attach://name). */
  files: RecordedFile[];
  /** HTTP status answered, or "dropped" when the socket was destroyed instead. */
  status: number | "dropped";
}

/** What the fake answers instead of the real result. */
export type TelegramFault =
  | { kind: "error"; status: number; description: string; retryAfter?: number; migrateToChatId?: number }
  /** Destroys the socket without an answer, so that the client sees a network error. */
  | { kind: "drop" };

export const TOO_MANY_REQUESTS = {
  kind: "error",
  status: 429,
  description: "Too Many Requests: retry after 1",
  retryAfter: 1,
} satisfies TelegramFault;

export interface FakeTelegram {
  /** Put in grammY's client.apiRoot, e.g. http://127.0.0.1:41234 */
  apiRoot: string;
  token: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Queues a text message update for the next getUpdates; returns the update. */
  sendText(input: TextMessageInput): Update;
  /** getChatMember answers this status for the user in the chat (default "member"). */
  setMemberStatus(
    chatId: number,
    userId: number,
    status: "creator" | "administrator" | "member" | "left",
  ): void;
  /**
   * Upgrades a group to a supergroup, as Telegram does: from now on every call naming the group's chat id
   * answers 400 "group chat was upgraded to a supergroup chat" with `migrate_to_chat_id`, and the bot
   * gets the service messages (migrate_to_chat_id in the old chat, migrate_from_chat_id in the new one).
   */
  upgradeGroup(groupId: number, supergroupId: number): void;
  /** Answers the next `times` calls of `method` with `fault`. */
  fail(method: string, fault: TelegramFault, times?: number): void;
  /** Resolves with the `count`-th recorded call of `method` (1-based) that matches, waiting for it if needed. */
  waitForCall(
    method: string,
    options?: { count?: number; where?: (call: RecordedCall) => boolean; timeoutMs?: number },
  ): Promise<RecordedCall>;
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = "123456789:test-only-telegram-token-not-real";

const CONFLICT = Symbol("409 Conflict");

/** Longest a getUpdates request is held open when nothing is queued, whatever timeout the client asked. */
const MAX_HOLD_MS = 1_000;

/**
 * Starts the fake; close it in afterEach. `port`: listen there (a Bot API that comes up where the bot
 * has been knocking since its start); default any free one.
 */
export async function startFakeTelegram(
  options: { token?: string; port?: number } = {},
): Promise<FakeTelegram> {
  const token = options.token ?? DEFAULT_TOKEN;
  const calls: RecordedCall[] = [];
  const updates: Update[] = [];
  const members = new Map<string, string>();
  const faults: { method: string; fault: TelegramFault; remaining: number }[] = [];
  /** Groups upgraded to supergroups: old chat id to new. */
  const upgraded = new Map<string, number>();
  const pollers = new Set<() => void>();
  /** getUpdates requests held open, each ended with 409 when another arrives. */
  const holding = new Set<() => void>();
  const callWaiters = new Set<() => void>();
  let nextUpdateId = 1;
  let nextMessageId = 1_000;

  const wake = (waiters: Set<() => void>) => {
    for (const waiter of [...waiters]) waiter();
  };

  const sentMessage = (params: Record<string, unknown>, extra: Record<string, unknown>) => ({
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? "supergroup" : "private" },
    from: FAKE_BOT,
    ...extra,
  });

  async function answer(method: string, params: Record<string, unknown>, response: ServerResponse) {
    switch (method) {
      case "getMe":
        return FAKE_BOT;
      case "getUpdates":
        return await pollUpdates(params, response);
      case "sendMessage":
        return sentMessage(params, { text: params.text });
      case "sendPhoto":
        return sentMessage(params, {
          photo: [{ file_id: "photo-1", file_unique_id: "u1", width: 800, height: 450 }],
          ...(params.caption === undefined ? {} : { caption: params.caption }),
        });
      case "editMessageText":
        return { ...sentMessage(params, { text: params.text }), message_id: Number(params.message_id) };
      case "getChatMember": {
        const status = members.get(`${params.chat_id}:${params.user_id}`) ?? "member";
        return { status, user: { id: Number(params.user_id), is_bot: false, first_name: "Member" } };
      }
      case "setMyCommands":
      case "deleteMessage":
      case "setWebhook":
      case "deleteWebhook":
        return true;
      default:
        return undefined;
    }
  }

  async function pollUpdates(
    params: Record<string, unknown>,
    response: ServerResponse,
  ): Promise<Update[] | typeof CONFLICT> {
    // As Telegram does: a second consumer's getUpdates ends the one held open with 409 Conflict.
    for (const terminate of [...holding]) terminate();
    const offset = Number(params.offset ?? 0);
    // Updates below the offset are confirmed: Telegram forgets them.
    while (updates.length > 0 && (updates[0]?.update_id ?? 0) < offset) updates.shift();
    const holdMs = Math.min(Number(params.timeout ?? 0) * 1000, MAX_HOLD_MS);
    let conflicted = false;
    if (updates.length === 0 && holdMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          pollers.delete(done);
          holding.delete(terminate);
          response.off("close", done);
          resolve();
        };
        const terminate = () => {
          conflicted = true;
          done();
        };
        holding.add(terminate);
        const timer = setTimeout(done, holdMs);
        pollers.add(done);
        // The client gave up (bot.stop aborts its long poll).
        response.once("close", done);
      });
    }
    if (conflicted) return CONFLICT;
    const limit = Number(params.limit ?? 100);
    return updates.filter((update) => update.update_id >= offset).slice(0, limit);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    const send = (status: number, body: unknown) => {
      if (response.destroyed || response.writableEnded) return;
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (match === null) return send(404, { ok: false, error_code: 404, description: "Not Found" });
    const [, callToken, method = ""] = match;
    const body = Buffer.concat(await request.toArray());
    const { params, files } = parseBody(request.headers["content-type"] ?? "", body, url.searchParams);
    const call: RecordedCall = { method, params, files, status: 200 };
    calls.push(call);
    try {
      if (callToken !== token) {
        call.status = 401;
        return send(401, { ok: false, error_code: 401, description: "Unauthorized" });
      }
      const movedTo = upgraded.get(String(params.chat_id));
      if (movedTo !== undefined) {
        call.status = 400;
        return send(400, {
          ok: false,
          error_code: 400,
          description: "Bad Request: group chat was upgraded to a supergroup chat",
          parameters: { migrate_to_chat_id: movedTo },
        });
      }
      const scripted = faults.find((entry) => entry.method === method && entry.remaining > 0);
      if (scripted !== undefined) {
        scripted.remaining--;
        const { fault } = scripted;
        if (fault.kind === "drop") {
          call.status = "dropped";
          request.socket.destroy();
          return;
        }
        call.status = fault.status;
        return send(fault.status, {
          ok: false,
          error_code: fault.status,
          description: fault.description,
          parameters: { retry_after: fault.retryAfter, migrate_to_chat_id: fault.migrateToChatId },
        });
      }
      const result = await answer(method, params, response);
      if (result === CONFLICT) {
        call.status = 409;
        return send(409, {
          ok: false,
          error_code: 409,
          description:
            "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        });
      }
      if (result === undefined) {
        call.status = 404;
        return send(404, { ok: false, error_code: 404, description: "Not Found: method not found" });
      }
      send(200, { ok: true, result });
    } finally {
      wake(callWaiters);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const callsTo = (method: string) => calls.filter((call) => call.method === method);

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    callsTo,
    sendText(input) {
      const update = textUpdate(nextUpdateId++, nextMessageId++, input);
      updates.push(update);
      wake(pollers);
      return update;
    },
    upgradeGroup(groupId, supergroupId) {
      upgraded.set(String(groupId), supergroupId);
      const date = Math.floor(Date.now() / 1000);
      const from = { id: 1001, is_bot: false, first_name: "Ada" };
      const group = { id: groupId, type: "group" as const, title: "Traders" };
      const supergroup = { id: supergroupId, type: "supergroup" as const, title: "Traders" };
      updates.push(
        {
          update_id: nextUpdateId++,
          message: { message_id: nextMessageId++, date, chat: group, from, migrate_to_chat_id: supergroupId },
        },
        {
          update_id: nextUpdateId++,
          message: {
            message_id: nextMessageId++,
            date,
            chat: supergroup,
            from,
            migrate_from_chat_id: groupId,
          },
        } as Update,
      );
      wake(pollers);
    },
    setMemberStatus(chatId, userId, status) {
      members.set(`${chatId}:${userId}`, status);
    },
    fail(method, fault, times = 1) {
      faults.push({ method, fault, remaining: times });
    },
    waitForCall(method, { count = 1, where = () => true, timeoutMs = 5_000 } = {}) {
      const found = () => callsTo(method).filter(where)[count - 1];
      return new Promise((resolve, reject) => {
        const check = () => {
          const call = found();
          if (call === undefined) return;
          clearTimeout(timer);
          callWaiters.delete(check);
          resolve(call);
        };
        const timer = setTimeout(() => {
          callWaiters.delete(check);
          reject(new Error(`no call #${count} to ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        callWaiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        wake(pollers);
        server.close(() => resolve());
        // Long polls and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}
