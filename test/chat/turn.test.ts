import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { Caller, Reply } from "../../commands/types.js";
import { type ChatTurn, createTurnRunner } from "../../src/chat/turn.js";
import { captureLogger } from "../helpers/capture-logger.js";

const CALLER: Caller = {
  platform: "telegram",
  userId: "1",
  userName: "ada",
  channelId: "1",
  channelKind: "direct",
  isAdmin: false,
};

/** A turn that records what the runner did with it, in order. */
function recordingTurn(overrides: Partial<ChatTurn> = {}) {
  const events: string[] = [];
  const turn: ChatTurn = {
    command: "forecast",
    args: ["btc"],
    secrets: ["SECRET-TOKEN"],
    caller: () => CALLER,
    defer: async () => void events.push("defer"),
    progress: async (text) => void events.push(`progress ${text}`),
    reply: async (reply) => void events.push(`reply ${reply.lines.join(" ")}`),
    clearProgress: async () => void events.push("clear"),
    apologise: async (text) => void events.push(`apology ${text}`),
    ...overrides,
  };
  return { events, turn };
}

const answering = (answer: (progress: (text: string) => Promise<void>) => Promise<Reply>) => ({
  dispatch: async (_n: string, _a: unknown, _c: Caller, progress?: (text: string) => Promise<void>) =>
    answer(progress ?? (async () => {})),
});

describe("the chat turn runner", () => {
  it("GIVEN a quick answer THEN it is sent without deferring, and progress is cleared after it", async () => {
    const { logger } = captureLogger();
    const runner = createTurnRunner({
      platform: "test",
      logger,
      dispatcher: answering(async () => ({ lines: ["up"] })),
    });
    const { events, turn } = recordingTurn();
    await runner.answer(turn);
    expect(events).toEqual(["reply up", "clear"]);
  });

  it("GIVEN an answer slower than deferAfterMs THEN the turn is deferred once, while it runs, and lines after the answer are dropped", async () => {
    const { logger } = captureLogger();
    let late: ((text: string) => Promise<void>) | undefined;
    const runner = createTurnRunner({
      platform: "test",
      logger,
      deferAfterMs: 20,
      progressIntervalMs: 0,
      dispatcher: answering(async (progress) => {
        await progress("loading");
        await progress("loading"); // the same line again: not shown twice
        await sleep(80);
        late = progress;
        return { lines: ["done"] };
      }),
    });
    const { events, turn } = recordingTurn();
    await runner.answer(turn);
    await late?.("too late");
    expect(events).toEqual(["defer", "progress loading", "reply done", "clear"]);
  });

  it("GIVEN a reply that fails THEN progress is cleared and the user gets an apology with the log line's error id, no secret logged", async () => {
    const { logger, lines } = captureLogger();
    const runner = createTurnRunner({
      platform: "test",
      logger,
      dispatcher: answering(async () => ({ lines: ["up"] })),
    });
    const { events, turn } = recordingTurn({
      reply: async () => {
        throw new Error("send failed at https://api/botSECRET-TOKEN/sendMessage");
      },
    });
    await runner.answer(turn);
    const id = /error id ([0-9a-f]{8})/.exec(events.join(""))?.[1];
    // Before: no "clear", so a failed turn left its last progress line ("⏳ 40%") up.
    expect(events).toEqual(["clear", `apology Sorry, something went wrong (error id ${id}).`]);
    expect(lines.find((line) => line.errorId === id)).toMatchObject({
      platform: "test",
      command: "forecast",
    });
    expect(JSON.stringify(lines)).not.toContain("SECRET-TOKEN");
  });

  it("GIVEN a turn that never ends THEN idle(timeout) gives up waiting after the timeout", async () => {
    const { logger } = captureLogger();
    const runner = createTurnRunner({
      platform: "test",
      logger,
      dispatcher: answering(() => new Promise<Reply>(() => {})),
    });
    runner.run(recordingTurn().turn);
    const started = Date.now();
    await runner.idle(50);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
