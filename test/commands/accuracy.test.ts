import { describe, expect, it } from "vitest";
import { accuracyCommand } from "../../commands/accuracy.js";
import { UserError } from "../../src/errors.js";
import { commandContext, EMPTY_RECORD, fakeCommandServices } from "../helpers/fake-command-services.js";

describe("/accuracy", () => {
  it("GIVEN eth and 3d THEN the ledger is asked for ETH/USDT at 3d and an empty record says so", async () => {
    const services = fakeCommandServices();
    const reply = await accuracyCommand.run({ symbol: "eth", horizon: "3d" }, commandContext(services));
    expect(services.calls.trackRecord).toEqual([{ symbol: "ETH/USDT", horizon: "3d" }]);
    expect(reply.lines).toEqual([
      "ETH/USDT 3d: no scored forecasts yet (2 waiting for their target candle).",
    ]);
  });

  it("GIVEN no symbol and a record that beats persistence THEN it says by how much, and warns that coins mix", async () => {
    const record = {
      ...EMPTY_RECORD,
      count: 30,
      pending: 0,
      mae: 90,
      naiveMae: 100,
      skill: 0.1,
      calls: 30,
      hitRate: 0.6,
      coverage80: 0.8,
      coverage95: 0.97,
      since: Date.UTC(2026, 0, 1),
    };
    const services = fakeCommandServices({ record });
    const reply = await accuracyCommand.run(
      { symbol: undefined, horizon: undefined },
      commandContext(services),
    );
    expect(services.calls.trackRecord).toEqual([{}]);
    expect(reply.lines[0]).toBe("All symbols all horizons: 30 forecasts scored since 2026-01-01, 0 pending.");
    expect(reply.lines[1]).toMatch(
      /beats "no change" by 10%; direction right 60%; inside the 80% interval 80%/,
    );
    expect(reply.lines[2]).toMatch(/Errors of several coins are mixed/);
  });

  it("GIVEN forecasts that made no direction call THEN the hit rate is of the calls and says how many made none, n/a with none", async () => {
    const base = { ...EMPTY_RECORD, count: 30, pending: 0, mae: 90, naiveMae: 100, skill: 0.1, since: 0 };
    const line = async (record: typeof EMPTY_RECORD) =>
      (
        await accuracyCommand.run(
          { symbol: "btc", horizon: "1d" },
          commandContext(fakeCommandServices({ record })),
        )
      ).lines[1];
    // The served zero-drift model: P(up) 0.5, median "no change", every time. Before, each was an "up" call.
    expect(await line({ ...base, calls: 0, hitRate: null })).toContain(
      'direction n/a (no forecast made a call: every median was "no change");',
    );
    expect(await line({ ...base, calls: 20, hitRate: 0.55 })).toContain(
      'direction right 55% of the calls (10 forecasts made none: their median was "no change");',
    );
    expect(await line({ ...base, calls: 29, hitRate: 0.55 })).toContain(
      'direction right 55% of the calls (1 forecast made none: its median was "no change");',
    );
  });

  it("GIVEN a pair served on demand (outside SYMBOLS) THEN its own track record, and a typo of it gets it suggested", async () => {
    const services = fakeCommandServices({ recordedSymbols: ["DOGE/USDT"] });
    await accuracyCommand.run({ symbol: "doge", horizon: "1d" }, commandContext(services));
    expect(services.calls.trackRecord).toEqual([{ symbol: "DOGE/USDT", horizon: "1d" }]);
    const typo = accuracyCommand.run({ symbol: "DOGEE", horizon: undefined }, commandContext(services));
    await expect(typo).rejects.toThrow(/Did you mean DOGE\/USDT\?/);
  });

  it("GIVEN a mistyped coin THEN a UserError with the suggestion, before the ledger is asked", async () => {
    const services = fakeCommandServices();
    const attempt = accuracyCommand.run({ symbol: "BTX", horizon: undefined }, commandContext(services));
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/Did you mean BTC\/USDT\?/);
    expect(services.calls.trackRecord).toEqual([]);
  });
});
