/** Number and time wording shared by the chat commands and the `coincast` command line. */

export { formatPrice, signedPercent } from "../src/format.js";

/** A share as a whole percentage, "n/a" while unknown. */
export const percent = (share: number | null, digits = 0): string =>
  share === null ? "n/a" : `${(share * 100).toFixed(digits)}%`;
