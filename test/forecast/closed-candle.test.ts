import { describe, expect, it } from "vitest";
import { refusedUpdate } from "../helpers/fake-market.js";
import { H4, LAST_4H, NOON, serviceUnderTest } from "./service-fixture.js";

describe("a post's refresh of the candle that just closed", () => {
  const suite = serviceUnderTest();
  const build = () =>
    suite.build({
      sleep: async (ms) => {
        suite.clock += ms;
      },
    });

  it("GIVEN the exchange refuses THEN the posts of that close ask it once between them, and all go out from the stored candles marked stale", async () => {
    const { service, data } = await build();
    // NOON + 1 min: the 08:00-12:00 candle has closed and settled; the store ends at the one before.
    suite.clock = NOON + 60_000;
    data.answerUpdates(refusedUpdate);
    const before = data.counts.updates;
    const posts = [];
    for (let i = 0; i < 5; i += 1)
      posts.push(await service.forecast("BTC", "4h", { source: "post", fresh: true }));
    // Two at once share the one attempt too.
    posts.push(
      ...(await Promise.all([
        service.forecast("BTC", "12h", { source: "post", fresh: true }),
        service.forecast("BTC", "12h", { source: "post", fresh: true }),
      ])),
    );
    expect(data.counts.updates - before).toBe(1);
    for (const post of posts) {
      expect(post.asOf).toBe(LAST_4H);
      expect(post.data.stale).toBe(true);
    }
    // The next close is tried again, once.
    suite.clock += H4;
    await service.forecast("BTC", "4h", { source: "post", fresh: true });
    expect(data.counts.updates - before).toBe(1);
  });

  it("GIVEN a store more than one candle behind (the exchange away for longer) THEN a post does not try the exchange", async () => {
    const { service, data } = await build();
    suite.clock = NOON + 2 * H4 + 60_000;
    const before = data.counts.updates;
    const post = await service.forecast("BTC", "4h", { source: "post", fresh: true });
    expect(data.counts.updates - before).toBe(0);
    expect(post.asOf).toBe(LAST_4H);
  });

  it("GIVEN the refresh fails otherwise (the store's disk full) THEN the post goes out from the stored candles", async () => {
    const { service, data } = await build();
    suite.clock = NOON + 60_000;
    data.answerUpdates(() => {
      throw new Error("ENOSPC: no space left on device");
    });
    const post = await service.forecast("BTC", "4h", { source: "post", fresh: true });
    expect(post.asOf).toBe(LAST_4H);
  });
});
