import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import type { Caller, Reply } from "../../commands/types.js";
import { createDispatcher } from "../../src/chat/dispatch.js";
import { UserError } from "../../src/errors.js";
import { type FakeOptions, fakeCommandServices, MEMBER } from "../helpers/fake-command-services.js";

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function setup(options: FakeOptions = {}, rateLimit = { points: 100, seconds: 30 }) {
  const services = fakeCommandServices(options);
  const { logger, lines } = recordingLogger();
  const dispatcher = createDispatcher({ commands: COMMANDS, services, logger, rateLimit });
  return { dispatcher, services, lines };
}

const text = (reply: Reply | null) =>
  [
    reply?.title,
    ...(reply?.fields ?? []).map((f) => `${f.name}: ${f.value}`),
    ...(reply?.lines ?? []),
    reply?.footer,
  ]
    .filter((part) => part !== undefined)
    .join("\n");

describe("dispatch", () => {
  it("GIVEN a member asks for /retrain THEN a polite refusal, and nothing is trained", async () => {
    const { dispatcher, services } = setup();
    const reply = await dispatcher.dispatch("retrain", [], MEMBER);
    expect(reply).toEqual({ lines: ["Sorry, /retrain is for admins only."], private: true });
    expect(services.calls.retrain).toEqual([]);
    const admin = await dispatcher.dispatch("retrain", ["4h"], { ...MEMBER, isAdmin: true });
    expect(admin.title).toMatch(/Retrain done/);
    expect(services.calls.retrain).toEqual([{ timeframe: "4h" }]);
  });

  it("GIVEN a user over the limit THEN 'slow down' with the seconds to wait; other users and the console go on", async () => {
    const { dispatcher } = setup({}, { points: 2, seconds: 30 });
    await dispatcher.dispatch("help", [], MEMBER);
    await dispatcher.dispatch("help", [], MEMBER);
    const third = await dispatcher.dispatch("help", [], MEMBER);
    expect(third).toEqual({ lines: ["Slow down a little: try again in 30 s."], private: true });
    expect((await dispatcher.dispatch("help", [], { ...MEMBER, userId: "43" })).title).toMatch(/Coincast/);
    // The same id on another platform is another person.
    expect((await dispatcher.dispatch("help", [], { ...MEMBER, platform: "discord" })).title).toMatch(
      /Coincast/,
    );
    const console: Caller = { ...MEMBER, platform: "console", userId: "console" };
    for (let i = 0; i < 4; i++)
      expect((await dispatcher.dispatch("help", [], console)).title).toMatch(/Coincast/);
  });

  it("GIVEN a mistyped coin THEN the service's UserError is the reply, with its suggestion", async () => {
    const { dispatcher, lines } = setup();
    const reply = await dispatcher.dispatch("forecast", ["BTX", "1d"], MEMBER);
    expect(reply.lines).toEqual(['I don\'t know the symbol "BTX". Did you mean BTC/USDT?']);
    expect(reply.private).toBe(true);
    expect(lines.filter((line) => line.level === 50)).toEqual([]);
  });

  it("GIVEN a UserError whose suggestions its message does not name THEN they are added", async () => {
    const { dispatcher } = setup({
      forecast: async () => {
        throw new UserError("The workers are busy.", {
          code: "busy",
          suggestions: ["/forecast BTC 1d in a minute"],
        });
      },
    });
    const reply = await dispatcher.dispatch("forecast", ["btc"], MEMBER);
    expect(reply.lines).toEqual(["The workers are busy.", "Did you mean /forecast BTC 1d in a minute?"]);
  });

  it("GIVEN a handler that throws a TypeError THEN an apology with an 8-character id, and the error logged under that id", async () => {
    const { dispatcher, lines } = setup({
      forecast: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'close')");
      },
    });
    const reply = await dispatcher.dispatch("forecast", ["btc", "1d"], MEMBER);
    const id = /^Sorry, something went wrong \(error id ([0-9a-f]{8})\)\.$/.exec(reply.lines[0] ?? "")?.[1];
    expect(id).toBeDefined();
    expect(text(reply)).not.toMatch(/TypeError|close/);
    const logged = lines.find((line) => line.errorId === id);
    expect(logged).toMatchObject({
      level: 50,
      msg: "command failed",
      command: "forecast",
      platform: "telegram",
    });
    expect(logged?.err).toMatchObject({ type: "TypeError" });
  });

  it("GIVEN a 10 kB argument THEN a clear refusal that echoes none of it", async () => {
    const { dispatcher, services } = setup();
    const reply = await dispatcher.dispatch("forecast", ["Q".repeat(10_240)], MEMBER);
    expect(reply.lines[0]).toMatch(/^That symbol is too long \(10240 characters; at most 64\)/);
    expect(text(reply)).not.toMatch(/Q{33}/);
    expect(services.calls.forecast).toEqual([]);
  });

  it("GIVEN @everyone as a coin or as a command THEN the answer carries no mention", async () => {
    const { dispatcher } = setup();
    const asCoin = await dispatcher.dispatchLine("/forecast @everyone", MEMBER);
    expect(text(asCoin)).not.toContain("@");
    expect(text(asCoin)).toMatch(/I don't know the symbol "EVERYONE"/);
    const asCommand = await dispatcher.dispatch("@everyone", [], MEMBER);
    // Not "/everyone": a quote is what was typed or nothing.
    expect(asCommand.lines).toEqual(["Unknown command. Try /help."]);
  });

  it("GIVEN HTML and Markdown control characters THEN they never come back: the value is named unquoted", async () => {
    const { dispatcher } = setup();
    const horizon = await dispatcher.dispatch("faq", ["<b>*_bold_*</b>`x`[link](http://x)"], MEMBER);
    expect(horizon.lines[0]).toMatch(/^That topic is not a topic I know\. Choose one of: model, data/);
    const junk = "\u202e\u0000<script>alert(1)</script>".repeat(20);
    const unknown = await dispatcher.dispatch(junk, [], MEMBER);
    expect(unknown.lines[0]).toBe("Unknown command. Try /help.");
    const long = await dispatcher.dispatch("x".repeat(40), [], MEMBER);
    expect(long.lines[0]).toBe(`Unknown command /${"x".repeat(32)}…. Try /help.`);
    for (const reply of [horizon, unknown]) expect(text(reply)).not.toMatch(/[<>*_`\u202e]/);
    expect(text(unknown)).not.toContain("\u0000");
  });

  it("GIVEN unicode junk as a coin THEN a plain answer naming the coins it knows", async () => {
    const { dispatcher } = setup();
    const reply = await dispatcher.dispatch("forecast", ["\u{1F680}\u200b\u{1F4A5}\u0301"], MEMBER);
    expect(reply.lines).toEqual([
      "That is not a symbol I know. Symbols I know: BTC/USDT, ETH/USDT, XRP/USDT.",
    ]);
  });

  it("GIVEN Discord's named values THEN the same checks and the same answer", async () => {
    const { dispatcher, services } = setup();
    const reply = await dispatcher.dispatch("forecast", { symbol: "eth", horizon: "3D" }, MEMBER);
    expect(reply.title).toBe("ETH/USDT forecast, 3d ahead");
    expect(services.calls.forecast).toEqual([["eth", "3d", "command"]]);
    const bad = await dispatcher.dispatch("forecast", { horizon: "1d" }, MEMBER);
    expect(bad.lines).toEqual(["/forecast needs a symbol. Usage: /forecast <symbol> [horizon]"]);
  });

  it("GIVEN a progress update that fails THEN the answer still arrives", async () => {
    const { dispatcher } = setup();
    const reply = await dispatcher.dispatch("retrain", [], { ...MEMBER, isAdmin: true }, async () => {
      throw new Error("message to edit was deleted");
    });
    expect(reply.title).toMatch(/Retrain done/);
  });

  it("GIVEN lines for another bot or without a slash THEN dispatchLine ignores them", async () => {
    const { dispatcher } = setup();
    expect(
      await dispatcher.dispatchLine("/forecast@OtherBot btc", MEMBER, undefined, { botUsername: "OurBot" }),
    ).toBeNull();
    expect(await dispatcher.dispatchLine("hello there", MEMBER)).toBeNull();
    const ours = await dispatcher.dispatchLine("/faq@OurBot model", MEMBER, undefined, {
      botUsername: "ourbot",
    });
    expect(ours?.title).toBe("The model");
  });
});
