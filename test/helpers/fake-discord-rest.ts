import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The REST half of the fake Discord (fake-discord.ts): what each request under /api/v10 answers, and the
 * request as recorded for assertions. The gateway half shares its ids and snowflakes.
 */

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
/** A request on an interaction's token after its 15 minutes (or on a token Discord never issued). */
export const INVALID_WEBHOOK_TOKEN: ChannelRefusal = {
  status: 401,
  message: "Invalid Webhook Token",
  code: 50027,
};
/** How long Discord honours an interaction's token after the interaction was created. */
export const INTERACTION_TOKEN_MS = 15 * 60_000;
/** An interaction's message that is gone (its placeholder already deleted). */
export const UNKNOWN_MESSAGE: ChannelRefusal = { status: 404, message: "Unknown Message", code: 10008 };

let snowflakeCounter = 0n;
/** Real-looking snowflakes: discord.js derives timestamps from them. */
export function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) % 4096n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | snowflakeCounter).toString();
}

export function user(id: string, username: string, bot = false) {
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

/** The guild, bot and channels the REST routes answer for, shared with the gateway. */
export interface DiscordWorld {
  token: string;
  applicationId: string;
  botUser: ReturnType<typeof user>;
  guildId: string;
  channelId: string;
  channels: Set<string>;
  refusals: Map<string, { refusal: ChannelRefusal; method: "GET" | "POST" | undefined }>;
  /** When each interaction token was issued: past INTERACTION_TOKEN_MS its requests answer 401 (50027). */
  interactionsIssued: Map<string, number>;
  /** Refusals of an interaction's webhook requests (edit, follow-up, delete), each for its next `times`. */
  interactionRefusals: { token: string; method: string; refusal: ChannelRefusal; times: number }[];
  /** http://127.0.0.1:<port>, known once the server listens. */
  origin(): string;
}

/** The HTTP handler of the REST API; `onRequest` sees each request, recorded, before it is answered. */
export function restHandler(
  world: DiscordWorld,
  onRequest: (request: RecordedRequest) => void,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { applicationId, botUser, guildId, channelId, channels, refusals } = world;

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
    const webhook = world.interactionRefusals.find(
      (r) => r.times > 0 && parts[0] === "webhooks" && r.token === parts[2] && r.method === method,
    );
    if (webhook !== undefined) {
      webhook.times -= 1;
      return [webhook.refusal.status, { message: webhook.refusal.message, code: webhook.refusal.code }];
    }
    // As Discord: an interaction's token (callback, edits, follow-ups) lasts 15 minutes from its creation.
    const issued = world.interactionsIssued.get(parts[2] ?? "");
    if ((parts[0] === "webhooks" || parts[0] === "interactions") && issued !== undefined) {
      if (Date.now() - issued >= INTERACTION_TOKEN_MS) {
        const { status, message, code } = INVALID_WEBHOOK_TOKEN;
        return [status, { message, code }];
      }
    }
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
            url: world.origin().replace("http://", "ws://"),
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
      case "POST /users/@me/channels": {
        // The bot's DM channel with a user, opened on first use (user.send does this first).
        const recipient = String((body as { recipient_id?: string } | undefined)?.recipient_id);
        const dm = `${BigInt(recipient) + 1n}`;
        channels.add(dm);
        return [200, { id: dm, type: 1, recipients: [user(recipient, "alice")], last_message_id: null }];
      }
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
    const url = new URL(req.url ?? "/", world.origin());
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ""));
    const authorized = req.headers.authorization === `Bot ${world.token}`;
    const parsed = await parseBody(await readBody(req), req.headers["content-type"] ?? "");
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      query: Object.fromEntries(url.searchParams),
      ...parsed,
      authorized,
      at: Date.now(),
    };
    onRequest(request);
    const [status, answer] = route(request.method, path, parsed.body, authorized);
    if (answer === undefined) {
      res.writeHead(status).end();
    } else {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
    }
  };
  return handle;
}
