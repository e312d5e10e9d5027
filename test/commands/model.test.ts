import { describe, expect, it } from "vitest";
import { modelCommand } from "../../commands/model.js";
import { UserError } from "../../src/errors.js";
import type { FleetStatus } from "../../src/fleet/queue-runner.js";
import { modelVersion } from "../../src/lifecycle/model-version.js";
import { createStatisticalForecaster } from "../../src/model/statistical-forecaster.js";
import { syntheticDailySeries } from "../evaluation/synthetic-series.js";
import { championOf, commandContext, fakeCommandServices, MEMBER } from "../helpers/fake-command-services.js";

describe("/model", () => {
  it("GIVEN both shipped models and a recorded evaluation THEN each is described with its verdict lines", async () => {
    const reply = await modelCommand.run({}, commandContext(fakeCommandServices()));
    const text = reply.lines.join("\n");
    expect(text).toMatch(
      /^1d model cnn-gru 2025-12-08 [0-9a-f]{8} \(shipped with Coincast\): cnn-gru network, trained until 2025-12-08, horizons 1d, 3d, 7d/m,
    );
    expect(text).toMatch(/^4h model .*horizons 4h, 12h, 1d/m);
    expect(text).toMatch(/BTC\/USDT h=1: MASE 1\.005 \(DM p=0\.965\).*does not beat persistence\./);
    // The persistence baseline's own entries are not the model's verdicts: one line per horizon and timeframe.
    expect(text.match(/^BTC\/USDT h=\d: /gm)).toHaveLength(6);
    expect(reply.footer).toMatch(/worker thread/);
  });

  it("GIVEN a statistical champion THEN /model names its kind and that it is fitted per coin", async () => {
    const services = fakeCommandServices();
    const series = [syntheticDailySeries("BTC/USDT", 400, { seed: 2, drift: 0 })];
    const model = createStatisticalForecaster({ members: ["har", "garch"], timeframe: "1d" });
    await model.fit(series, series[0]?.candles[399]?.time ?? 0, [1, 3, 7]);
    const meta = model.metas[0];
    if (meta === undefined) throw new Error("no meta");
    services.forecasts.champion = async (timeframe) => ({
      ...championOf(timeframe),
      meta,
      version: modelVersion(meta),
    });
    const text = (await modelCommand.run({}, commandContext(services))).lines.join("\n");
    expect(text).toMatch(
      /^1d model har\+garch \d{4}-\d\d-\d\d [0-9a-f]{8} \(shipped with Coincast\): equal-weight quantile average of HAR-RV, GARCH\(1,1\)-t \(statistical, zero-drift median\), trained until \d{4}-\d\d-\d\d, horizons 1d, 3d, 7d, fitted per coin on BTC\/USDT\./m,
    );
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

  it("GIVEN a fleet THEN admins see each live worker with its back-end and the queue depth, members do not", async () => {
    const now = Date.now();
    const status: FleetStatus = {
      workers: [
        {
          id: "gpu-1",
          host: "gpu",
          pid: 7,
          backend: "tensorflow-gpu",
          concurrency: 2,
          startedAt: 0,
          jobs: 31,
          at: now - 4000,
        },
      ],
      forecast: { waiting: 3, active: 2 },
      training: { waiting: 0, active: 1 },
    };
    const services = { ...fakeCommandServices(), fleetStatus: async () => status };
    const admin = (await modelCommand.run({}, commandContext(services))).lines.join("\n");
    expect(admin).toMatch(/^Forecast queue: 3 waiting, 2 running\. Training queue: 0 waiting, 1 running\.$/m);
    expect(admin).toMatch(/^ {2}gpu-1: tensorflow-gpu, 2 at a time, 31 jobs done, last seen 4 s ago$/m);
    const member = await modelCommand.run({}, commandContext(services, MEMBER));
    expect(member.lines.join("\n")).not.toMatch(/gpu-1|queue/);
    expect(member.footer).toMatch(/fleet's workers/);
    const none = { ...fakeCommandServices(), fleetStatus: async () => ({ ...status, workers: [] }) };
    expect((await modelCommand.run({}, commandContext(none))).lines.join("\n")).toMatch(
      /No forecast worker is running/,
    );
  });
});
