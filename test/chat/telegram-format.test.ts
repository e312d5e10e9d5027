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
});
