import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";

/** A text as the canvas drew it: its measured ink box, in canvas pixels, and the font it was drawn in. */
export interface DrawnText {
  text: string;
  font: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The rounded boxes drawn (the pills: stale data, last price), as boxes. */
export interface DrawnTexts {
  texts: DrawnText[];
  pills: Box[];
}

/**
 * Runs `draw` with every canvas's fillText and roundRect recorded: each text's box is measured when it is
 * drawn, with the font, alignment, baseline and transform it is drawn with, so a test reads what the picture shows
 * (Chart.js's ticks included) without looking at pixels. The real methods still run.
 */
export function recordDrawnText(draw: () => void): DrawnTexts {
  const proto = Object.getPrototypeOf(createCanvas(1, 1).getContext("2d"));
  const { fillText, roundRect } = proto;
  const texts: DrawnText[] = [];
  const pills: Box[] = [];
  proto.fillText = function (this: SKRSContext2D, text: string, x: number, y: number, ...rest: []) {
    const m = this.measureText(text);
    // Chart.js draws its ticks at (0, 0) of a translated context: the box goes through the transform.
    const transform = this.getTransform();
    const corners = [
      [x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent],
      [x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent],
    ].map(([cx = 0, cy = 0]) => transform.transformPoint({ x: cx, y: cy }));
    const xs = corners.map((c) => c.x);
    const ys = corners.map((c) => c.y);
    texts.push({
      text,
      font: this.font,
      left: Math.min(...xs),
      right: Math.max(...xs),
      top: Math.min(...ys),
      bottom: Math.max(...ys),
    });
    return fillText.call(this, text, x, y, ...rest);
  };
  proto.roundRect = function (this: SKRSContext2D, x: number, y: number, w: number, h: number, ...rest: []) {
    const transform = this.getTransform();
    const [a, b] = [transform.transformPoint({ x, y }), transform.transformPoint({ x: x + w, y: y + h })];
    pills.push({ left: a.x, right: b.x, top: a.y, bottom: b.y });
    return roundRect.call(this, x, y, w, h, ...rest);
  };
  try {
    draw();
  } finally {
    proto.fillText = fillText;
    proto.roundRect = roundRect;
  }
  return { texts, pills };
}

/** Whether two boxes share any pixels. */
export const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
