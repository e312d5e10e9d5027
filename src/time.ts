/** `2025-12-08`: the UTC day of an epoch-ms time. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2025-12-08 16:00`: UTC to the minute, or "-" when there is no time. */
export function utcMinute(ms: number | null): string {
  if (ms === null) return "-";
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}
