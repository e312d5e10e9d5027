import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A local stand-in for Discord on 127.0.0.1 and a random port: the REST API under /api/v10 and, on the same
 * port, a gateway speaking just enough of the protocol (JSON encoding, no compression) for an unmodified
 * discord.js Client to log in, become ready and receive INTERACTION_CREATE. Point the client's `rest.api`
 * at `apiUrl`; GET /gateway/bot hands it the gateway's ws:// URL. Text channels of the one guild answer
 * GET /channels/:id and POST /channels/:id/messages (scheduled posts), or a refusal set by `failChannel`.
 */

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Hello: 10, HeartbeatAck: 11 } as const;
/** Long enough that no test waits on a heartbeat; discord.js may still send one early (jitter), acked. */
const HEARTBEAT_INTERVAL_MS = 41_250;
const DISCORD_EPOCH = 1_420_070_400_000n;

export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. /interactions/123/abc/callback */
  path: string;
  query: Record<string, string>;
  /** The JSON body, or the multipart body's payload_json, parsed. */
  body: unknown;
  multipart: boolean;
  files: RecordedFile[];
  /** Whether an Authorization header came with it (its value is never kept). */
  authorized: boolean;
  /** Date.now() on arrival. */
  at: number;
}

/** How Discord refuses a channel: the HTTP status and its JSON error body. */
export interface ChannelRefusal {
  status: number;
  message: string;
  code: number;
}

/** The bot can not see the channel (removed from the guild, or the channel's permissions shut it out). */
export const MISSING_ACCESS: ChannelRefusal = { status: 403, message: "Missing Access", code: 50001 };
/** The channel was deleted. */
export const UNKNOWN_CHANNEL: ChannelRefusal = { status: 404, message: "Unknown Channel", code: 10003 };

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

let snowflakeCounter = 0n;
/** Real-looking snowflakes: discord.js derives timestamps from them. */
function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) % 4096n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | snowflakeCounter).toString();
}

function user(id: string, username: string, bot = false) {
  return { id, username, discriminator: "0", global_name: null, avatar: null, ...(bot ? { bot: true } : {}) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Multipart parsing by the platform's own FormData (undici), as Discord would see the upload. */
async function parseBody(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; multipart: boolean; files: RecordedFile[] }> {
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") body = JSON.parse(value);
      } else {
        files.push({
          field,
          name: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, multipart: true, files };
  }
  if (raw.length === 0) return { body: undefined, multipart: false, files: [] };
  return { body: JSON.parse(raw.toString("utf8")), multipart: false, files: [] };
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
  const refusals = new Map<string, { refusal: ChannelRefusal; method: "GET" | "POST" | undefined }>();
  let sequence = 0;
  let origin = "";

  const message = (app: string, body: unknown, channel = channelId) => ({
    id: snowflake(),
    channel_id: channel,
    type: 0,
    content: (body as { content?: string } | undefined)?.content ?? "",
    embeds: (body as { embeds?: unknown[] } | undefined)?.embeds ?? [],
    author: user(app, "coincast", true),
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    components: [],
    flags: (body as { flags?: number } | undefined)?.flags ?? 0,
  });

  const textChannel = (id: string) => ({
    id,
    type: 0,
    guild_id: guildId,
    name: `channel-${id.slice(-4)}`,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  });

  /** A known channel's refusal for this method, Discord's 404 for an unknown one, or undefined. */
  const channelError = (method: string, id: string): [number, unknown] | undefined => {
    if (!channels.has(id)) {
      return [UNKNOWN_CHANNEL.status, { message: UNKNOWN_CHANNEL.message, code: UNKNOWN_CHANNEL.code }];
    }
    const refused = refusals.get(id);
    if (refused === undefined || (refused.method !== undefined && refused.method !== method))
      return undefined;
    return [refused.refusal.status, { message: refused.refusal.message, code: refused.refusal.code }];
  };

  /** The REST answer for one request: [status, JSON body or undefined for 204]. */
  const route = (method: string, path: string, body: unknown, authorized: boolean): [number, unknown] => {
    const parts = path.split("/").filter((p) => p !== "");
    const needsAuth = !(parts[0] === "interactions" || parts[0] === "webhooks");
    if (needsAuth && !authorized) return [401, { message: "401: Unauthorized", code: 0 }];
    if (parts[0] === "channels" && parts[1] !== undefined) {
      const refused = channelError(method, parts[1]);
      if (refused !== undefined) return refused;
    }
    const key = `${method} /${parts.map((p, i) => (i === 0 || /^[a-z@]+$/.test(p) ? p : ":id")).join("/")}`;
    switch (key) {
      case "GET /gateway/bot":
        return [
          200,
          {
            url: origin.replace("http://", "ws://"),
            shards: 1,
            session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
          },
        ];
      case "GET /users/@me":
        return [200, botUser];
      case "GET /applications/@me":
        return [200, { id: applicationId, name: "Coincast", flags: 0, bot: botUser }];
      case "PUT /applications/:id/commands":
      case "PUT /applications/:id/guilds/:id/commands":
        return [
          200,
          (body as object[]).map((command) => ({
            ...command,
            id: snowflake(),
            application_id: applicationId,
            version: snowflake(),
            ...(parts[2] === "guilds" ? { guild_id: parts[3] } : {}),
          })),
        ];
      case "POST /interactions/:id/:id/callback":
      case "DELETE /webhooks/:id/:id/messages/@original":
        return [204, undefined];
      case "GET /channels/:id":
        return [200, textChannel(parts[1] ?? channelId)];
      case "POST /channels/:id/messages":
        return [200, message(applicationId, body, parts[1])];
      case "PATCH /webhooks/:id/:id/messages/@original":
      case "POST /webhooks/:id/:id":
        return [200, message(parts[1] ?? applicationId, body)];
      default:
        return [404, { message: "404: Not Found", code: 0 }];
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", origin);
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ""));
    const authorized = req.headers.authorization === `Bot ${options.token}`;
    const parsed = await parseBody(await readBody(req), req.headers["content-type"] ?? "");
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      query: Object.fromEntries(url.searchParams),
      ...parsed,
      authorized,
      at: Date.now(),
    };
    requests.push(request);
    for (const waiter of waiters.filter((w) => w.match(request))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(request);
    }
    const [status, answer] = route(request.method, path, parsed.body, authorized);
    if (answer === undefined) {
      res.writeHead(status).end();
    } else {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
    }
  };

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
