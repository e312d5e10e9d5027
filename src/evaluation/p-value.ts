/** A p-value as every report, card and verdict writes it: three decimals, "<0.001" rather than a run of zeros. */
export function pValueText(value: number | null | undefined, missing = "—"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return missing;
  return value < 0.001 ? "<0.001" : value.toFixed(3);
}
