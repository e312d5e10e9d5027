/** Number and time wording shared by the chat commands and the `coincast` command line. */

/** Prices with sensible precision: whole units for BTC, cents for ETH, four decimals for XRP. */
export function formatPrice(value: number): string {
  // ETH trades in the thousands, so whole units start at 10,000: below that a cent is still news.
  const digits = value >= 10_000 ? 0 : value >= 10 ? 2 : 4;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export { signedPercent } from "../src/format.js";

/** A share as a whole percentage, "n/a" while unknown. */
export const percent = (share: number | null, digits = 0): string =>
  share === null ? "n/a" : `${(share * 100).toFixed(digits)}%`;
