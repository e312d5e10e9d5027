import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { Reply } from "../../commands/types.js";
import { silentLogger } from "../../src/logger.js";
import { createAlertChecker } from "../../src/schedule/alert-checker.js";
import { createObserver } from "../../src/schedule/alert-observe.js";
import { fleetClaimedStore } from "../../src/schedule/fleet-claims.js";
import { channelMoves } from "../../src/schedule/follow-move.js";
import { createPostScheduler } from "../../src/schedule/scheduler.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { recordingTarget, subscription } from "../helpers/posts.js";
import { deletePrefix, fleetClaims, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";
import { scriptedMarket } from "../helpers/scripted-alert-market.js";

const DAY = 86_400_000;
const MIN = 60_000;
/** 08:00 Europe/Berlin on 2026-06-02 is 06:00 UTC; the replicas run at 06:05. */
const POST_TIME = Date.UTC(2026, 5, 2, 6, 5);
const CHANNELS = ["-1", "-2", "-3", "-4"];

describe.skipIf(!(await redisAvailable()))("post claims in Redis, without PostgreSQL (real Redis)", () => {
  const prefix = uniquePrefix("claims");
  const clients = [new Redis(REDIS_URL), new Redis(REDIS_URL), new Redis(REDIS_URL)];
  const opened: SubscriptionStore[] = [];
  let root: string | undefined;
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await deletePrefix(clients[0] as Redis, prefix);
    await Promise.all(clients.map((client) => client.quit()));
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it("GIVEN three replicas, each with its own SQLite file holding the same subscriptions THEN each is posted once a day, also after they restart", async () => {
    root = await mkdtemp(join(tmpdir(), "coincast-claims-"));
    const files = [0, 1, 2].map((i) => join(root as string, `replica-${i}.sqlite`));
    const { target, sent: posted } = recordingTarget({ delayMs: 20 });
    const sent = () => posted.map((post) => post.channelId);
    const compose = async (): Promise<Reply> => ({ lines: ["post"] });
    const open = async (file: string) => {
      const store = await openSubscriptionStore({ file });
      opened.push(store);
      return store;
    };
    // The same subscriptions in every file, made in another order, so that row ids differ between them.
    for (const [i, file] of files.entries()) {
      const store = await open(file);
      const order = i % 2 === 0 ? CHANNELS : [...CHANNELS].reverse();
      for (const channelId of order) {
        await store.upsert(subscription({ channelId }), POST_TIME - DAY);
      }
    }
    const replicas = async () =>
      Promise.all(
        files.map(async (file, i) =>
          createPostScheduler({
            store: fleetClaimedStore(await open(file), fleetClaims(clients[i] as Redis, prefix)),
            targets: { telegram: target },
            compose,
            graceMs: 120 * MIN,
            logger: silentLogger(),
          }),
        ),
      );

    const first = await replicas();
    await Promise.all(first.map((s) => s.runDue(POST_TIME)));
    expect(sent().sort()).toEqual(CHANNELS);
    const restarted = await replicas();
    await Promise.all(restarted.map((s) => s.runDue(POST_TIME + 30 * MIN)));
    expect(sent()).toHaveLength(4);
    await Promise.all(restarted.map((s) => s.runDue(POST_TIME + DAY)));
    expect(sent()).toHaveLength(8);
    expect(new Set(sent().slice(4))).toEqual(new Set(CHANNELS));
  });

  it("GIVEN three replicas, each with its own SQLite file holding the same alerts THEN each firing is sent once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coincast-alert-claims-"));
    const { target, sent: posted } = recordingTarget();
    const sent = () => posted.map((post) => post.channelId);
    const market = scriptedMarket({ "BTC/USDT": [{ close: 95_000 }, { close: 101_000 }] });
    const checkers = [];
    for (const i of [0, 1, 2]) {
      const store = await openSubscriptionStore({ file: join(dir, `replica-${i}.sqlite`) });
      opened.push(store);
      // Different row ids in each file: a filler alert first in every other one.
      if (i % 2 === 1)
        await store.alerts.add(
          {
            platform: "telegram",
            channelId: "-9",
            symbol: "ETH/USDT",
            rule: { kind: "band" },
            createdBy: "1",
          },
          { armed: false, checkedAsOf: Number.MAX_SAFE_INTEGER, band: null },
          0,
          20,
        );
      for (const channelId of CHANNELS) {
        await store.alerts.add(
          {
            platform: "telegram",
            channelId,
            symbol: "BTC/USDT",
            rule: { kind: "price", direction: "above", level: 100_000 },
            createdBy: "1",
          },
          { armed: true, checkedAsOf: null, band: null },
          0,
          20,
        );
      }
      const claimed = fleetClaimedStore(store, fleetClaims(clients[i] as Redis, prefix));
      checkers.push(
        createAlertChecker({
          store: claimed.alerts,
          observer: createObserver({ store: claimed.alerts, forecasts: market.forecasts }),
          targets: { telegram: target },
          moves: channelMoves(claimed, silentLogger()),
          compose: async () => ({ lines: ["alert"] }),
          logger: silentLogger(),
        }),
      );
    }
    market.at(1);
    await Promise.all(checkers.map((c) => c.run()));
    expect(sent().sort()).toEqual(CHANNELS);
    await rm(dir, { recursive: true, force: true });
  });
});
