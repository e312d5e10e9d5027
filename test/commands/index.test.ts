import { describe, expect, it } from "vitest";
import { COMMANDS, checkCommands } from "../../commands/index.js";
import { type Command, defineCommand } from "../../commands/types.js";
import { commandContext, fakeCommandServices } from "../helpers/fake-command-services.js";

const ok = async () => ({ lines: ["ok"] });

describe("the command registry", () => {
  it("GIVEN the shipped commands THEN every one passes the check and help lists each with its usage", async () => {
    expect(() => checkCommands(COMMANDS)).not.toThrow();
    expect(COMMANDS.map((c) => c.spec.name).sort()).toEqual(
      [
        "accuracy",
        "alert",
        "alerts",
        "faq",
        "forecast",
        "help",
        "model",
        "retrain",
        "subscribe",
        "subscriptions",
        "unsubscribe",
      ].sort(),
    );
    const help = COMMANDS.find((c) => c.spec.name === "help") as Command;
    const reply = await help.run({}, commandContext(fakeCommandServices()));
    expect(reply.lines).toHaveLength(COMMANDS.length);
    expect(reply.lines).toContain(
      "/forecast <symbol> [horizon]: Where a coin may be at a horizon: median, 80% interval, P(up), with the model's record",
    );
    expect(reply.lines.find((line) => line.startsWith("/retrain [timeframe]:"))).toMatch(/\(admins\)$/);
    expect(reply.footer).toMatch(
      /Coins: BTC\/USDT, ETH\/USDT, XRP\/USDT; with the exchange online, any other spot pair it lists \(fetched on first use\); offline, also the pairs whose history ships, to their last day\. Horizons: 1d, 3d, 7d, 4h, 12h\./,
    );
  });

  it("GIVEN a bad name, a 101-character description, 26 choices and a duplicate THEN the check names each", () => {
    const bad = [
      defineCommand({ name: "Forecast!", description: "x", options: [], permission: "everyone" }, ok),
      defineCommand({ name: "long", description: "d".repeat(101), options: [], permission: "everyone" }, ok),
      defineCommand(
        {
          name: "many",
          description: "too many choices",
          options: [
            { name: "pick", description: "one", choices: Array.from({ length: 26 }, (_, i) => `c${i}`) },
          ],
          permission: "everyone",
        },
        ok,
      ),
      defineCommand({ name: "long", description: "again", options: [], permission: "everyone" }, ok),
      defineCommand(
        {
          name: "order",
          description: "required after optional",
          options: [
            { name: "a", description: "optional" },
            { name: "b", description: "required", required: true },
          ],
          permission: "everyone",
        },
        ok,
      ),
    ];
    expect(() => checkCommands(bad)).toThrow(
      /Forecast!: name must match[\s\S]*\/long: description must be 1-100 characters, has 101[\s\S]*\/many pick: 1-25 choices, has 26[\s\S]*\/long: declared twice[\s\S]*\/order b: required after an optional one/,
    );
  });

  it("GIVEN a command without a handler THEN the check refuses it", () => {
    const broken = { spec: { name: "nothing", description: "no run", options: [], permission: "everyone" } };
    expect(() => checkCommands([broken as unknown as Command])).toThrow(/\/nothing: no handler/);
  });
});
