import { afterEach, describe, expect, it, vi } from "vitest";
import { retrainCommand } from "../../commands/retrain.js";
import type { RetrainStatus } from "../../src/lifecycle/retrainer.js";
import { commandContext, fakeCommandServices, PROMOTED_OUTCOME } from "../helpers/fake-command-services.js";

const status = (fraction: number): RetrainStatus => ({
  startedAt: 0,
  timeframe: "1d",
  fraction,
  phase: "training",
  epoch: {
    model: "cnn-gru",
    epoch: Math.round(fraction * 20),
    epochs: 20,
    loss: 0.02 - fraction / 100,
    valLoss: 0.025 - fraction / 100,
    etaMs: (1 - fraction) * 100_000,
  },
});

afterEach(() => {
  vi.useRealTimers();
});

describe("/retrain", () => {
  it("GIVEN progress every 500 ms THEN at most one update per 2 s reaches the chat, then the outcome with its numbers", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(0);
    const services = fakeCommandServices({
      retrain: async (_scope, onProgress) => {
        for (let i = 1; i <= 10; i++) {
          vi.setSystemTime(i * 500);
          onProgress?.(status(i / 10));
        }
        return [PROMOTED_OUTCOME];
      },
    });
    const context = commandContext(services);
    const reply = await retrainCommand.run({ timeframe: "1d" }, context);
    expect(services.calls.retrain).toEqual([{ timeframe: "1d" }]);
    expect(context.progressLines).toEqual([
      "Retraining the 1d model; this takes a few minutes.",
      "Retrain: training the 1d model, 40% done (epoch 8/20, loss 0.0160, val 0.0210, ETA 1m 00s).",
      "Retrain: training the 1d model, 80% done (epoch 16/20, loss 0.0120, val 0.0170, ETA 20s).",
    ]);
    expect(reply.title).toBe("Retrain done: 1 new model promoted");
    expect(reply.lines).toEqual([
      "1d: promoted 20260301T030000Z-a1b2: challenger pinball loss 0.0102 vs champion 0.0104: not worse, promoted " +
        "[pinball loss 0.01020 vs 0.01040; median MAE 1195.00 vs 1200.00, persistence 1190.00; 150 held-out forecasts from 2026-01-01]",
    ]);
  });

  it("GIVEN no timeframe THEN both models are retrained in one call", async () => {
    const services = fakeCommandServices();
    const context = commandContext(services);
    const reply = await retrainCommand.run({ timeframe: undefined }, context);
    expect(services.calls.retrain).toEqual([{}]);
    expect(context.progressLines[0]).toBe("Retraining the 1d and 4h models; this takes a few minutes.");
    expect(reply.title).toBe("Retrain done: the serving models stay");
    expect(reply.lines).toEqual([
      "1d: retrain failed, the shipped model keeps serving (no retrain in this fake)",
    ]);
  });
});
