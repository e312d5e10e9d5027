/**
 * Number and date text for the forecast picture. Written by hand rather than with Intl or a date adapter:
 * the picture must not change with the machine's locale or ICU build, and the rules are a few lines.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
/** At and above this, prices read in thousands ("97.1k"): the last unit is noise on a chart label. */
const THOUSANDS = 10_000;
const MILLIONS = 1_000_000;
/** Significant digits below {@link THOUSANDS}: "3,412.5", "245.31", "2.0412", "0.38123". */
const SIGNIFICANT = 5;

/** Digits grouped by thousands with commas, a fixed number of decimals, no locale involved. */
function grouped(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = "0", fraction] = fixed.split(".");
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = value < 0 && Number(fixed) !== 0 ? "-" : "";
  return `${sign}${withCommas}${fraction === undefined ? "" : `.${fraction}`}`;
}

/**
 * A price as a chart label: thousands with one decimal from 10,000 ("97.1k", BTC), millions with two
 * ("1.23M"), otherwise five significant digits ("3,412.5" ETH, "2.0412" XRP, "0.38123" DOGE).
 */
export function formatPrice(value: number): string {
  const size = Math.abs(value);
  if (!Number.isFinite(value)) return String(value);
  if (size >= MILLIONS) return `${grouped(value / MILLIONS, 2)}M`;
  if (size >= THOUSANDS) return `${grouped(value / 1000, 1)}k`;
  if (size === 0) return "0";
  const magnitude = Math.floor(Math.log10(size));
  return grouped(value, Math.max(0, SIGNIFICANT - 1 - magnitude));
}

/** Decimals needed to write `step` exactly (0.05 -> 2, 2500 -> 0), capped where floats stop being exact. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 10; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 10;
}

/**
 * A price-axis tick: precision follows the spacing of the ticks, not the price, so that neighbouring ticks
 * never read the same ("96k", "96.5k"; "2.00", "2.05"). `axisMax` is the largest |tick| on the axis: the
 * whole axis switches to thousands together, never one tick alone.
 */
export function formatAxisPrice(value: number, step: number, axisMax: number): string {
  const spacing = Math.abs(step) > 0 ? Math.abs(step) : Math.abs(value) || 1;
  if (axisMax >= MILLIONS) return `${grouped(value / MILLIONS, decimalsOf(spacing / MILLIONS))}M`;
  if (axisMax >= THOUSANDS) return `${grouped(value / 1000, decimalsOf(spacing / 1000))}k`;
  return grouped(value, decimalsOf(spacing));
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** `Jan 12` at UTC midnight, `Jan 12 08:00` otherwise: a date-axis tick, short enough for a phone. */
export function formatUtcTick(ms: number): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const hours = d.getUTCHours();
  const minutes = d.getUTCMinutes();
  return hours === 0 && minutes === 0 ? day : `${day} ${pad2(hours)}:${pad2(minutes)}`;
}
