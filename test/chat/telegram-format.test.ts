import { describe, expect, it } from "vitest";
import { CAPTION_LIMIT, formatMessages, formatPhoto, MESSAGE_LIMIT } from "../../src/chat/telegram-format.js";

describe("Telegram HTML formatting", () => {
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it("GIVEN a line of emoji longer than a message THEN no chunk halves a surrogate pair", () => {
    const chunks = formatMessages({ lines: ["📈".repeat(3000)] });

    expect(chunks).toHaveLength(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(chunk).not.toMatch(loneSurrogate);
    }
    expect([...chunks.join("")].length).toBe(3000);
  });

  it("GIVEN a title longer than a caption THEN the caption is cut between entities, inside its <b>", () => {
    const { caption, followUps } = formatPhoto({ title: "&".repeat(1000), lines: ["x"] }, "chart");

    expect(caption.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(caption).toMatch(/^<b>(&amp;)+<\/b>\n…$/);
    expect(followUps.join("\n").match(/&amp;/g)).toHaveLength(1000);
  });

  it("GIVEN a forecast whose whole text is longer than a caption THEN the caption keeps its numbers and disclaimer, and its lines follow", () => {
    const reply = {
      title: "BTC/USDT forecast, 1d ahead",
      fields: [
        { name: "Median", value: "90,634 (+0.0%)" },
        { name: "80% interval", value: "87,610 to 93,753" },
      ],
      lines: ["The verdict.".repeat(80), "STALE: old data.".repeat(40)],
      footer: "Not financial advice.",
    };
    const { caption, followUps } = formatPhoto(reply, "chart");

    expect(caption).toBe(
      "<b>BTC/USDT forecast, 1d ahead</b>\nMedian: 90,634 (+0.0%)\n80% interval: 87,610 to 93,753\n\n<i>Not financial advice.</i>",
    );
    expect(followUps.join("\n")).toBe(reply.lines.join("\n"));
  });
});
