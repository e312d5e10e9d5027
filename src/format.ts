/** Wording of numbers shared by every surface: chat replies, posts, the command line and the picture. */

/** A signed change: "+0.9%", "-2.3%". A tiny fall that rounds to zero reads "+0.0%", not a fall. */
export function signedPercent(ratio: number, digits = 1): string {
  const fixed = (ratio * 100).toFixed(digits);
  const pct = Number(fixed) === 0 ? fixed.replace("-", "") : fixed;
  return `${pct.startsWith("-") ? "" : "+"}${pct}%`;
}
