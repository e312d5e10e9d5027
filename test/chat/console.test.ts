import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROMPT } from "../../src/chat/console.js";
import { consoleSession } from "../helpers/console-session.js";
import { FAKE_PNG, fakeCommandServices } from "../helpers/fake-command-services.js";

let imageDir: string;
beforeEach(async () => {
  imageDir = join(await mkdtemp(join(tmpdir(), "coincast-console-")), "charts");
});
afterEach(async () => {
  await rm(join(imageDir, ".."), { recursive: true, force: true });
});

/** Types `lines` into a console session and returns everything it printed once it has ended. */
async function session(lines: string[], options: { interactive?: boolean; end?: boolean } = {}) {
  const services = fakeCommandServices();
  const transcript = await consoleSession(lines, { services, imageDir, ...options });
  return { printed: transcript.printed(), services };
}

describe("the console", () => {
  it("GIVEN a scripted session THEN help, a forecast with its chart file, a suggestion, an FAQ answer, and quit", async () => {
    const { printed, services } = await session([
      "/help",
      "/forecast BTC 1d",
      "forecast BTX",
      "/faq model",
      "/quit",
      "/help",
    ]);
    expect(printed).toMatch(/^\/forecast <symbol> \[horizon\]: /m);
    expect(printed).toMatch(/^BTC\/USDT forecast, 1d ahead$/m);
    const chart = /^Chart: (.+\.png)$/m.exec(printed)?.[1];
    expect(chart).toBe(join(imageDir, "BTCUSDT-1d-20251208T0000Z.png"));
    expect(await readFile(chart as string)).toEqual(FAKE_PNG);
    expect(printed).toMatch(/I don't know the symbol "BTX"\. Did you mean BTC\/USDT\?/);
    expect(printed).toMatch(/^The model$/m);
    // Nothing after /quit is read.
    expect(printed.match(/Coincast: honest crypto forecasts/g)).toHaveLength(1);
    expect(services.calls.forecast).toEqual([
      ["BTC", "1d", "command"],
      ["BTX", "1d", "command"],
    ]);
  });

  it("GIVEN a German LANG THEN the forecast and the line naming its chart file are German", async () => {
    const services = fakeCommandServices();
    const transcript = await consoleSession(["/forecast BTC 1d"], {
      services,
      imageDir,
      locale: "de_DE.UTF-8",
    });
    const printed = transcript.printed();
    expect(printed).toMatch(/^Prognose für BTC\/USDT, 1d voraus$/m);
    expect(/^Diagramm: (.+\.png)$/m.exec(printed)?.[1]).toBe(join(imageDir, "BTCUSDT-1d-20251208T0000Z.png"));
    expect(printed).not.toMatch(/^Chart: /m);
  });

  it("GIVEN the end of the input without /quit THEN every line is answered before it returns", async () => {
    const { printed } = await session(["/faq", "/accuracy btc"]);
    expect(printed).toMatch(/^FAQ$/m);
    expect(printed).toMatch(/BTC\/USDT all horizons: no scored forecasts yet/);
  });

  it("GIVEN a person at a terminal THEN a greeting and the prompt before each command", async () => {
    const { printed } = await session(["/faq risks", "/quit"], { interactive: true });
    expect(printed).toMatch(/^Coincast console\. \/help lists the commands, \/quit leaves\./);
    expect(printed.split(PROMPT).length - 1).toBe(2);
    expect(printed).toMatch(/Risks and limits/);
  });

  it("GIVEN a retrain THEN its progress lines are printed as they come, before the outcome", async () => {
    const { printed } = await session(["/retrain 1d"]);
    expect(printed).toMatch(/^… Retraining the 1d model; this takes a few minutes\.\nRetrain done/m);
  });

  it("GIVEN a command for another bot or blank and comment lines THEN a hint, and the blanks are skipped", async () => {
    const { printed } = await session(["", "# a comment", "/help@SomeBot"]);
    expect(printed).toBe("Commands look like /forecast BTC 1d; /help lists them.\n\n");
  });
});
