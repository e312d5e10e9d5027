import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import {
  type ChannelRefusal,
  type DiscordWorld,
  type RecordedRequest,
  restHandler,
  snowflake,
  user,
} from "./fake-discord-rest.js";

/**
 * A local stand-in for Discord on 127.0.0.1 and a random port: the REST API under /api/v10 and, on the same
 * port, a gateway speaking just enough of the protocol (JSON encoding, no compression) for an unmodified
 * discord.js Client to log in, become ready and receive INTERACTION_CREATE. Point the client's `rest.api`
 * at `apiUrl`; GET /gateway/bot hands it the gateway's ws:// URL. Text channels of the one guild answer
 * GET /channels/:id and POST /channels/:id/messages (scheduled posts), or a refusal set by `failChannel`;
 * POST /users/@me/channels opens a DM channel answered the same way. An interaction's token lasts 15
 * minutes of Date.now() from its creation, as Discord's does: after that it answers 401 (50027). This file is the gateway and the state tests drive; the REST routes are in fake-discord-rest.ts.
 */

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Hello: 10, HeartbeatAck: 11 } as const;
/** Long enough that no test waits on a heartbeat; discord.js may still send one early (jitter), acked. */
const HEARTBEAT_INTERVAL_MS = 41_250;

export {
  type ChannelRefusal,
  INTERACTION_TOKEN_MS,
  INVALID_WEBHOOK_TOKEN,
  MISSING_ACCESS,
  type RecordedRequest,
  UNKNOWN_CHANNEL,
  UNKNOWN_MESSAGE,
} from "./fake-discord-rest.js";

export interface CommandInteractionInput {
  name: string;
  options?: Record<string, string>;
  /** The member's permission bitfield; "0" for none. Ignored in a DM. */
  permissions?: bigint;
  /** false: a DM (no guild, no member). */
  inGuild?: boolean;
  userId?: string;
  /** The user's client language, as Discord sends it ("es-ES"); default "en-US". */
  locale?: string;
}

export interface AutocompleteInput {
  name: string;
  /** The option being typed in. */
  focused: string;
  value: string;
}

export interface FakeDiscord {
  /** For the client's `rest.api` / DISCORD_API_URL, e.g. http://127.0.0.1:41234/api */
  apiUrl: string;
  gatewayUrl: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  /** Every REST request received, in order. */
  requests: RecordedRequest[];
  /** IDENTIFY payloads received (token included: the fake checks it, tests never print it). */
  identifies: { token: string; intents: number; compress?: boolean }[];
  /** Query of each gateway connection (v, encoding, compress). */
  gatewayQueries: Record<string, string>[];
  /** Adds a text channel to the guild, answered like `channelId`; returns its id. */
  addChannel(): string;
  /**
   * From now on the channel answers `refusal` to every request, or only to GET (fetching it) or POST
   * (sending a message in it).
   */
  failChannel(channelId: string, refusal: ChannelRefusal, method?: "GET" | "POST"): void;
  /**
   * The next `times` requests of `method` on the interaction's webhook (PATCH: an edit of the original reply,
   * POST: a follow-up, DELETE: removing the original) answer `refusal`.
   */
  failInteraction(
    token: string,
    method: "PATCH" | "POST" | "DELETE",
    refusal: ChannelRefusal,
    times?: number,
  ): void;
  /** Resolves with the first request, past or future, that `match` accepts. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Sends an INTERACTION_CREATE for a slash command; returns the payload sent (id, token). */
  sendCommand(input: CommandInteractionInput): InteractionPayload;
  /** Sends an INTERACTION_CREATE of the autocomplete type. */
  sendAutocomplete(input: AutocompleteInput): InteractionPayload;
  close(): Promise<void>;
}

export interface InteractionPayload {
  id: string;
  token: string;
  sentAt: number;
  [key: string]: unknown;
}

export async function startFakeDiscord(options: { token: string }): Promise<FakeDiscord> {
  const applicationId = snowflake();
  const botUser = user(applicationId, "coincast", true);
  const guildId = snowflake();
  const channelId = snowflake();
  const requests: RecordedRequest[] = [];
  const waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  const identifies: FakeDiscord["identifies"] = [];
  const gatewayQueries: Record<string, string>[] = [];
  const sockets = new Set<WebSocket>();
  const channels = new Set([channelId]);
  const refusals: DiscordWorld["refusals"] = new Map();
  const interactionRefusals: DiscordWorld["interactionRefusals"] = [];
  const interactionsIssued: DiscordWorld["interactionsIssued"] = new Map();
  let sequence = 0;
  let origin = "";

  const handle = restHandler(
    {
      token: options.token,
      applicationId,
      botUser,
      guildId,
      channelId,
      channels,
      refusals,
      interactionRefusals,
      interactionsIssued,
      origin: () => origin,
    },
    (request) => {
      requests.push(request);
      for (const waiter of waiters.filter((w) => w.match(request))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(request);
      }
    },
  );

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ message: String(error) }));
    });
  });
  const gateway = new WebSocketServer({ server });

  const send = (socket: WebSocket, payload: object) => socket.send(JSON.stringify(payload));
  const dispatch = (t: string, d: unknown) => {
    sequence += 1;
    for (const socket of sockets) send(socket, { op: Op.Dispatch, t, s: sequence, d });
  };

  gateway.on("connection", (socket, req) => {
    sockets.add(socket);
    gatewayQueries.push(Object.fromEntries(new URL(req.url ?? "/", origin).searchParams));
    socket.on("close", () => sockets.delete(socket));
    socket.on("message", (data) => {
      const payload = JSON.parse(String(data)) as { op: number; d: unknown };
      if (payload.op === Op.Heartbeat) send(socket, { op: Op.HeartbeatAck, d: null });
      if (payload.op === Op.Identify) {
        const identify = payload.d as FakeDiscord["identifies"][number];
        identifies.push(identify);
        if (identify.token !== options.token) {
          socket.close(4004, "Authentication failed.");
          return;
        }
        sequence += 1;
        send(socket, {
          op: Op.Dispatch,
          t: "READY",
          s: sequence,
          d: {
            v: 10,
            user: botUser,
            guilds: [],
            session_id: randomBytes(16).toString("hex"),
            resume_gateway_url: origin.replace("http://", "ws://"),
            shard: [0, 1],
            application: { id: applicationId, flags: 0 },
          },
        });
      }
      if (payload.op === Op.Resume) dispatch("RESUMED", {});
    });
    send(socket, { op: Op.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS }, s: null, t: null });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const interaction = (
    type: number,
    data: object,
    input: { inGuild?: boolean; userId?: string; permissions?: bigint; locale?: string },
  ) => {
    const inGuild = input.inGuild ?? true;
    const caller = user(input.userId ?? snowflake(), "alice");
    const payload: InteractionPayload = {
      id: snowflake(),
      token: `interaction-${randomBytes(24).toString("hex")}`,
      application_id: applicationId,
      type,
      version: 1,
      data: { id: snowflake(), type: 1, ...data },
      channel_id: channelId,
      channel: { id: channelId, type: inGuild ? 0 : 1 },
      app_permissions: "0",
      locale: input.locale ?? "en-US",
      entitlements: [],
      authorizing_integration_owners: inGuild ? { "0": guildId } : { "1": caller.id },
      context: inGuild ? 0 : 1,
      ...(inGuild
        ? {
            guild_id: guildId,
            guild_locale: "en-US",
            member: {
              user: caller,
              roles: [],
              permissions: String(input.permissions ?? 0n),
              joined_at: new Date().toISOString(),
              deaf: false,
              mute: false,
              flags: 0,
            },
          }
        : { user: caller }),
      sentAt: Date.now(),
    };
    interactionsIssued.set(payload.token, payload.sentAt);
    const { sentAt: _sentAt, ...wire } = payload;
    dispatch("INTERACTION_CREATE", wire);
    return payload;
  };

  return {
    apiUrl: `${origin}/api`,
    gatewayUrl: origin.replace("http://", "ws://"),
    applicationId,
    guildId,
    channelId,
    requests,
    identifies,
    gatewayQueries,
    addChannel: () => {
      const id = snowflake();
      channels.add(id);
      return id;
    },
    failChannel: (id, refusal, method) => {
      refusals.set(id, { refusal, method });
    },
    failInteraction: (token, method, refusal, times = 1) => {
      interactionRefusals.push({ token, method, refusal, times });
    },
    waitForRequest: (match, timeoutMs = 10_000) => {
      const seen = requests.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching request within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (request) => {
            clearTimeout(timer);
            resolve(request);
          },
        });
      });
    },
    sendCommand: (input) =>
      interaction(
        2,
        {
          name: input.name,
          options: Object.entries(input.options ?? {}).map(([name, value]) => ({ name, type: 3, value })),
        },
        input,
      ),
    sendAutocomplete: (input) =>
      interaction(
        4,
        { name: input.name, options: [{ name: input.focused, type: 3, value: input.value, focused: true }] },
        {},
      ),
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
