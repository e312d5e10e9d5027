import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { CHART_SIZE, renderForecastChart } from "../../src/chart/render.js";
import { btcDaily, xrp4h } from "./fixtures.js";

const GOLDEN = fileURLToPath(new URL("golden/btc-1d.png", import.meta.url));
/** Set to rewrite the golden image from the current renderer, after looking at the result. */
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";
/** Anti-aliasing may differ a little between Skia builds; a changed layout differs far more. */
const MAX_DIFF_SHARE = 0.005;

const decode = (png: Buffer) => PNG.sync.read(png);

describe("renderForecastChart", () => {
  const btc = btcDaily();
  const png = renderForecastChart(btc);

  it("GIVEN a BTC forecast THEN it returns a PNG of CHART_SIZE that decodes", () => {
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    const image = decode(png);
    expect({ width: image.width, height: image.height }).toEqual(CHART_SIZE);
  });

  it("GIVEN the same forecast twice THEN the bytes are identical", () => {
    expect(Buffer.compare(renderForecastChart(btc), png)).toBe(0);
  });

  it("GIVEN the BTC 1d forecast THEN it matches the golden image within 0.5% of pixels", () => {
    if (UPDATE_GOLDEN) {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, png);
    }
    if (!existsSync(GOLDEN)) {
      throw new Error(`no golden image at ${GOLDEN}: run with UPDATE_GOLDEN=1, look at it, commit it`);
    }
    const expected = decode(readFileSync(GOLDEN));
    const actual = decode(png);
    expect({ width: expected.width, height: expected.height }).toEqual(CHART_SIZE);
    const differing = pixelmatch(expected.data, actual.data, undefined, CHART_SIZE.width, CHART_SIZE.height, {
      threshold: 0.1,
    });
    expect(differing / (CHART_SIZE.width * CHART_SIZE.height)).toBeLessThan(MAX_DIFF_SHARE);
  });

  it("GIVEN the light and the dark theme THEN each paints its own opaque background", () => {
    const corner = (image: PNG) => [...image.data.subarray(0, 4)];
    const light = decode(renderForecastChart({ ...xrp4h(), theme: "light" }));
    const dark = decode(png);
    expect(corner(light)).toEqual([255, 255, 255, 255]);
    const [r = 255, g = 255, b = 255, a = 0] = corner(dark);
    expect(Math.max(r, g, b)).toBeLessThan(40);
    expect(a).toBe(255);
  });

  it("GIVEN two different forecasts THEN the pictures differ", () => {
    const other = btcDaily();
    other.forecast = { ...other.forecast, median: other.forecast.median * 1.02 };
    expect(Buffer.compare(renderForecastChart(other), png)).not.toBe(0);
  });
});
