import { afterEach, describe, expect, it } from "vitest";
import { startChatAdapters } from "../../src/chat/adapters.js";
import { createConfig } from "../../src/config.js";
import type { ChatAdapter } from "../../src/contracts/chat.js";
import { silentLogger } from "../../src/logger.js";
import { type FakeDiscord, startFakeDiscord } from "../helpers/fake-discord.js";

const TOKEN = "MTIz.fake-bot-token.for-role-all";

/** One `coincast start` (role all) with REDIS_URL: Discord must not wait on an election Redis may never hold. */
describe("Discord in one process that is no bot replica", () => {
  let fake: FakeDiscord | undefined;
  const adapters: ChatAdapter[] = [];
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.stop();
    await fake?.close();
  });

  it("GIVEN an election that never elects (Redis away) THEN role all logs in to the gateway all the same", async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    const campaigns: string[] = [];
    await startChatAdapters({
      config: createConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }),
      dispatcher: {
        commands: [],
        dispatch: async () => ({ lines: ["pong"] }),
        dispatchLine: async () => null,
      },
      specs: [{ name: "ping", description: "Ping", options: [], permission: "everyone" }],
      logger: silentLogger(),
      signal: new AbortController().signal,
      onStarted: (adapter) => adapters.push(adapter),
      election: (role) => {
        campaigns.push(role);
        return { stop: async () => undefined };
      },
    });
    await expect.poll(() => fake?.identifies.length, { timeout: 10_000 }).toBe(1);
    expect(campaigns.filter((role) => role.startsWith("discord"))).toEqual([]);
  });
});
