import { describe, expect, it } from "vitest";
import type { PostTarget } from "../../src/contracts/chat.js";
import { NO_METRICS } from "../../src/contracts/metrics.js";
import { meterPosts } from "../../src/schedule/metered-posts.js";

describe("meterPosts", () => {
  it("GIVEN a post accepted and one refused THEN each is counted once by platform and result, and the refusal still reaches the caller", async () => {
    const counted: [string, boolean][] = [];
    const metrics = {
      ...NO_METRICS,
      post: (platform: string, ok: boolean) => void counted.push([platform, ok]),
    };
    const refusal = new Error("channel gone");
    const target: PostTarget = {
      send: async (channelId) => {
        if (channelId === "gone") throw refusal;
      },
    };
    const metered = meterPosts("telegram", target, metrics);
    await metered.send("42", { lines: ["hello"] });
    await expect(metered.send("gone", { lines: ["hello"] })).rejects.toBe(refusal);
    expect(counted).toEqual([
      ["telegram", true],
      ["telegram", false],
    ]);
  });
});
