import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { encodeOpaquePng } from "../../src/chart/png.js";

describe("encodeOpaquePng", () => {
  it("GIVEN opaque RGBA pixels THEN a PNG decoder reads the same pixels back", () => {
    const width = 7;
    const height = 5;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < rgba.length; i += 4) {
      rgba[i] = (i * 7) % 256;
      rgba[i + 1] = (i * 13) % 256;
      rgba[i + 2] = (i * 29) % 256;
      rgba[i + 3] = 255;
    }
    const decoded = PNG.sync.read(encodeOpaquePng(rgba, width, height));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.compare(decoded.data, Buffer.from(rgba))).toBe(0);
  });

  it("GIVEN a buffer of the wrong length THEN it refuses rather than write a broken file", () => {
    expect(() => encodeOpaquePng(new Uint8Array(10), 2, 2)).toThrow(/expected 16/);
  });
});
