import { describe, expect, it } from "vitest";
import { modelCommand } from "../../commands/model.js";
import { UserError } from "../../src/errors.js";
import { championOf, commandContext, fakeCommandServices } from "../helpers/fake-command-services.js";

describe("/model", () => {
  it("GIVEN both shipped models and a recorded evaluation THEN each is described with its verdict lines", async () => {
    const reply = await modelCommand.run({}, commandContext(fakeCommandServices()));
    const text = reply.lines.join("\n");
    expect(text).toMatch(
      /^1d model cnn-gru 2025-12-08 [0-9a-f]{8} \(shipped with Coincast\): cnn-gru, trained until 2025-12-08, horizons 1d, 3d, 7d/m,
    );
    expect(text).toMatch(/^4h model .*horizons 4h, 12h, 1d/m);
    expect(text).toMatch(/BTC\/USDT h=1: MASE 1\.005 \(DM p=0\.965\).*does not beat persistence\./);
    // The persistence baseline's own entry is not the model's verdict.
    expect(text).not.toMatch(/MASE 1\.000/);
    expect(reply.footer).toMatch(/worker thread/);
  });

  it("GIVEN a retrained champion and one timeframe with no model THEN the other's card still shows, marked", async () => {
    const services = fakeCommandServices();
    services.forecasts.champion = async (timeframe) => {
      if (timeframe === "4h")
        throw new UserError("No usable 4h model. Run `coincast train` to make a 4h model.", {
          code: "no-model",
        });
      return { ...championOf("1d", "20260121T030000Z-a1b2"), promotedAt: Date.UTC(2026, 0, 21, 3) };
    };
    const text = (await modelCommand.run({}, commandContext(services))).lines.join("\n");
    expect(text).toMatch(/retrained, serving since 2026-01-21 03:00 UTC/);
    expect(text).toMatch(/recorded evaluation of the shipped version/);
    expect(text).toMatch(/^4h model: No usable 4h model/m);
  });
});
