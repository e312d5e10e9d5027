import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { fleetClaimedStore } from "../../src/schedule/fleet-claims.js";
import { createPostScheduler } from "../../src/schedule/scheduler.js";
import { openSubscriptionStore, type SubscriptionStore } from "../../src/schedule/store.js";
import { recordingTarget, subscription } from "../helpers/posts.js";
import { deletePrefix, fleetClaims, REDIS_URL, redisAvailable, uniquePrefix } from "../helpers/redis.js";

/**
 * A failed or skipped day's post given another chance after subscribing again (due.ts, `owed`), by replicas
 * that each keep their own SQLite file and claim the day in Redis: a subscription command reaches one
 * replica's file only, so the replicas' records and creation times differ, and the day must still be
 * retried as one store would retry it, and posted once.
 */
const hour = (h: number, day = 2) => Date.UTC(2026, 5, day, h);
const DAY = "2026-06-02";
const at = (time: string) => subscription({ time, timeZone: "UTC" });

describe.skipIf(!(await redisAvailable()))("retrying a day's post across replicas (real Redis)", () => {
  const redis = new Redis(REDIS_URL);
  const opened: SubscriptionStore[] = [];
  let dir: string;
  let prefix: string;
  let now = 0;
  let failing = false;
  // One platform for every replica, as in a fleet; one channel, so what it was sent counts the posts.
  const platform = () =>
    recordingTarget({ delayMs: 20, fail: () => (failing ? new Error("Bad Gateway") : undefined) });
  let { target, sent } = platform();
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "coincast-fleet-retries-"));
    prefix = uniquePrefix("retries");
    failing = false;
    ({ target, sent } = platform());
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await deletePrefix(redis, prefix);
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => redis.quit());

  /** A bot replica: its own file, its own process (a claim holder of its own); `restart` is a new process on the file. */
  const replica = async (name: string) => {
    const file = join(dir, `${name}.sqlite`);
    const start = async () => {
      const opening = await openSubscriptionStore({ file });
      opened.push(opening);
      let diskFull = false;
      // The file refuses the next "done" mark once `diskFull()` is called (the post has gone out by then).
      const local: SubscriptionStore = {
        ...opening,
        async markDone(...args) {
          if (!diskFull) return opening.markDone(...args);
          diskFull = false;
          throw new Error("database or disk is full");
        },
      };
      const store = fleetClaimedStore(local, fleetClaims(redis, prefix));
      const scheduler = createPostScheduler({
        store,
        targets: { telegram: target },
        compose: async () => ({ lines: ["post"] }),
        graceMs: 120 * 60_000,
        logger: silentLogger(),
        now: () => now,
      });
      return {
        store,
        diskFull: () => {
          diskFull = true;
        },
        /** /subscribe (again), handled by this replica: only its file learns of it. */
        async subscribe(time: string, when: number) {
          now = when;
          return store.upsert(at(time), when);
        },
        async unsubscribe(when: number) {
          now = when;
          return store.remove("telegram", "-100");
        },
        async run(when: number) {
          now = when;
          return (await scheduler.runDue(when)).map((o) => o.status);
        },
      };
    };
    return { ...(await start()), restart: start };
  };
  const replicas = async () => [await replica("a"), await replica("b")] as const;

  it("GIVEN the day's post failed THEN the replicas' later rounds that day do not retry it, and subscribing again on the failing replica retries it once per subscription, as one store does", async () => {
    const [a, b] = await replicas();
    await a.subscribe("06:00", hour(12, 1));
    await b.subscribe("06:00", hour(12, 1));
    failing = true;
    expect(await a.run(hour(6))).toEqual(["failed"]);
    expect(await b.run(hour(6))).toEqual(["taken"]);
    failing = false;
    expect([...(await a.run(hour(7))), ...(await b.run(hour(7)))]).toEqual(["taken"]);
    expect(sent).toHaveLength(0);
    // Subscribing again: one more chance, which fails too; subscribing again after that: one more.
    failing = true;
    await a.subscribe("08:00", hour(7));
    expect(await a.run(hour(8))).toEqual(["failed"]);
    failing = false;
    await a.subscribe("09:00", hour(8) + 30 * 60_000);
    expect(await a.run(hour(9))).toEqual(["done"]);
    expect(await b.run(hour(9))).not.toContain("done");
    // Sent now: subscribing again for a later hour does not post the day twice.
    await a.subscribe("10:00", hour(9) + 30 * 60_000);
    await b.subscribe("10:00", hour(9) + 30 * 60_000);
    expect([...(await a.run(hour(10))), ...(await b.run(hour(10)))]).not.toContain("done");
    expect(sent).toHaveLength(1);
  });

  it("GIVEN the day's post sent by one replica THEN moving to a later hour on another, past the grace, does not post it again", async () => {
    const [a, b] = await replicas();
    await a.subscribe("06:00", hour(12, 1));
    await b.subscribe("06:00", hour(12, 1));
    expect(await a.run(hour(6))).toEqual(["done"]);
    expect(await b.run(hour(6))).toEqual(["taken"]);
    // b's round past the grace finds the day unrecorded in its own file.
    const late = await b.run(hour(8) + 15 * 60_000);
    await b.subscribe("10:00", hour(9));
    expect([...(await a.run(hour(10))), ...(await b.run(hour(10)))]).not.toContain("done");
    expect(sent).toHaveLength(1);
    // Nor does it call the day missed ("the bot was down"): it was posted.
    expect(late).toEqual([]);
  });

  it("GIVEN the day's post failed on one replica THEN /unsubscribe and /subscribe handled by another replica retry it there", async () => {
    const [a, b] = await replicas();
    await a.subscribe("06:00", hour(12, 1));
    await b.subscribe("06:00", hour(12, 1));
    failing = true;
    expect(await a.run(hour(6))).toEqual(["failed"]);
    expect(await b.run(hour(6))).toEqual(["taken"]);
    failing = false;
    await b.unsubscribe(hour(7));
    await b.subscribe("10:00", hour(7));
    expect([...(await a.run(hour(10))), ...(await b.run(hour(10)))]).toContain("done");
    expect(sent).toHaveLength(1);
  });

  it("GIVEN every replica down at the day's time THEN subscribing again on one and then on another posts the skipped day once", async () => {
    const [a, b] = await replicas();
    await a.subscribe("06:00", hour(12, 1));
    await b.subscribe("06:00", hour(12, 1));
    // Both start at 09:00, beyond the 2 h grace: the day is skipped.
    await a.run(hour(9));
    await b.run(hour(9));
    await a.subscribe("10:00", hour(9) + 30 * 60_000);
    expect(await a.run(hour(10))).toEqual(["done"]);
    await b.subscribe("12:00", hour(11));
    await b.run(hour(12));
    await a.run(hour(12));
    expect(sent).toHaveLength(1);
  });

  it("GIVEN a replica down while another's post failed THEN subscribing again on each in turn retries the day once", async () => {
    const [a, b] = await replicas();
    await a.subscribe("06:00", hour(12, 1));
    await b.subscribe("06:00", hour(12, 1));
    failing = true;
    expect(await a.run(hour(6))).toEqual(["failed"]);
    failing = false;
    // b starts at 08:30, beyond the grace of 06:00.
    await b.run(hour(8) + 30 * 60_000);
    await b.subscribe("10:00", hour(9));
    await a.run(hour(10));
    await b.run(hour(10));
    expect(sent).toHaveLength(1);
    await a.subscribe("12:00", hour(11));
    await a.run(hour(12));
    await b.run(hour(12));
    expect(sent).toHaveLength(1);
  });

  it("GIVEN three replicas holding the same failed day and the same new subscription THEN racing its retry they post it once", async () => {
    const all = [...(await replicas()), await replica("c")];
    for (const r of all) await r.subscribe("06:00", hour(12, 1));
    failing = true;
    for (const r of all) await r.run(hour(6));
    failing = false;
    for (const r of all) await r.subscribe("10:00", hour(7));
    const outcomes = (await Promise.all(all.map((r) => r.run(hour(10))))).flat();
    expect(outcomes.sort()).toEqual(["done", "taken", "taken"]);
    expect(sent).toHaveLength(1);
  });

  it("GIVEN a claim left by a crash THEN subscribing again on any replica does not resend it (it may have been delivered)", async () => {
    const [a, b] = await replicas();
    await a.subscribe("06:00", hour(12, 1));
    await b.subscribe("06:00", hour(12, 1));
    // a claims 06:00 and dies before sending; restarted, it gives the claim up.
    const { id } = (await a.store.list())[0] as { id: number };
    now = hour(6);
    expect(await a.store.claim(id, DAY, hour(6))).toBe(true);
    const restarted = await a.restart();
    expect(await restarted.run(hour(6) + 11 * 60_000)).toEqual(["abandoned"]);
    await restarted.subscribe("10:00", hour(7));
    await b.subscribe("10:00", hour(7));
    await restarted.run(hour(10));
    await b.run(hour(10));
    expect(sent).toHaveLength(0);
  });

  it("GIVEN a post sent whose done mark failed THEN the claim, given up later as possibly delivered, is not retried by subscribing again on another replica", async () => {
    const [a, b] = await replicas();
    await a.subscribe("06:00", hour(12, 1));
    await b.subscribe("06:00", hour(12, 1));
    a.diskFull();
    await expect(a.run(hour(6))).rejects.toThrow(/disk is full/);
    expect(sent).toHaveLength(1);
    expect(await a.run(hour(6) + 11 * 60_000)).toEqual(["abandoned"]);
    await b.subscribe("10:00", hour(7));
    await b.run(hour(10));
    expect(sent).toHaveLength(1);
  });
});
