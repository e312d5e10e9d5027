import { describe, expect, it } from "vitest";
import { startFakeTelegram } from "../helpers/fake-telegram.js";
import { E2E_WAIT_MS, PNG_SIGNATURE, wholeBotStage } from "./bot-e2e.js";

const ALICE = { id: 1001, first_name: "Alice", username: "alice" };

const stage = wholeBotStage();

describe("the bot end to end on Telegram (startBot, grammY, the fake Bot API, the shipped model)", () => {
  it("GIVEN TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT at the fake THEN /forecast BTC 1d is answered with the real photo and caption, and the bot shuts down cleanly", {
    timeout: 3 * E2E_WAIT_MS,
  }, async () => {
    const telegram = stage.fake(await startFakeTelegram());
    const bot = await stage.startBot({
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    // The command menu is set at start: the bot is answering.
    await telegram.waitForCall("setMyCommands", { timeoutMs: E2E_WAIT_MS });

    telegram.sendText({ text: "/forecast BTC 1d", from: ALICE });
    const photo = await telegram.waitForCall("sendPhoto", { timeoutMs: E2E_WAIT_MS });

    expect(String(photo.params.chat_id)).toBe(String(ALICE.id));
    expect(photo.params.parse_mode).toBe("HTML");
    const caption = String(photo.params.caption);
    expect(caption).toMatch(/BTC\/USDT/);
    // Numbers from the shipped daily model on the shipped history (last candle 2025-12-08).
    expect(caption).toMatch(/80% interval/i);
    expect(caption).toMatch(/2025-12-0[89]/);
    // The shipped history is a year old here: with its STALE notices the text outgrows a caption, so the
    // caption keeps the numbers and the disclaimer and the lines follow in a message.
    expect(caption).toMatch(/Not financial advice/);
    const lines = String((await telegram.waitForCall("sendMessage", { timeoutMs: E2E_WAIT_MS })).params.text);
    // Whichever model ships: its figures come from its recorded evaluation (test/commands pins the words).
    expect(lines).toMatch(
      /Out of sample its range beat "no change" by \d+\.\d% \(CRPS\) and its 80% band held \d+% /,
    );
    expect(lines).toMatch(/STALE/);
    expect(`${caption}${lines}`).not.toMatch(/MASE 1\.000/);
    expect(photo.files).toHaveLength(1);
    expect(photo.files[0]?.filename).toMatch(/^BTCUSDT-1d-.+\.png$/);
    expect(photo.files[0]?.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);

    // A German Telegram app sends language_code "de": German words, German numbers. Unknown "ja": English.
    telegram.sendText({ text: "/forecast BTC 1d", from: { ...ALICE, language_code: "de" } });
    const german = String(
      (await telegram.waitForCall("sendPhoto", { count: 2, timeoutMs: E2E_WAIT_MS })).params.caption,
    );
    expect(german).toMatch(/<b>Prognose für BTC\/USDT, 1d voraus<\/b>/);
    expect(german).toMatch(/80-%-Intervall: \d{2,3}\.\d{3} bis \d{2,3}\.\d{3}/);
    expect(german).toMatch(/Letzter Tagesschluss: \d{2,3}\.\d{3} \(\d{2}\.12\.2025, \d{2}:\d{2} UTC\)/);
    expect(german).toMatch(
      /Neuester Kurs: \d{2,3}\.\d{3} \(\d{2}\.12\.2025, \d{2}:\d{2} UTC, 4h-Kerzen\); das Tagesmodell/,
    );
    expect(german).toMatch(/Keine Anlageberatung/);
    telegram.sendText({ text: "/forecast BTC 1d", from: { ...ALICE, language_code: "ja" } });
    const unknown = String(
      (await telegram.waitForCall("sendPhoto", { count: 3, timeoutMs: E2E_WAIT_MS })).params.caption,
    );
    expect(unknown).toMatch(/BTC\/USDT forecast, 1d ahead/);

    const running = bot.running;
    await stage.stopBot();
    await expect(running).resolves.toBeUndefined();
  });
});
