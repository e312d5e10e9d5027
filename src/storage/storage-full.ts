import { UserError } from "../errors.js";

/**
 * What a full disk (or a quota, or a file-size limit) is called by whoever met it: node's errno codes,
 * SQLite's, and PostgreSQL's SQLSTATE 53100 (disk_full).
 */
const FULL_CODES: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT", "EFBIG", "SQLITE_FULL", "53100"]);

/** Whether `error`, or an error it was caused by, says the storage is full. */
export function isStorageFull(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && FULL_CODES.has(code)) return true;
  }
  return false;
}

/**
 * A full disk as the user hears of it: the store wrote nothing (a transaction rolled back, a file replaced
 * whole or not at all), so the answer is that nothing was saved, not an apology with an error id; the
 * original error stays its cause, for the log.
 */
export function storageFullError(cause: unknown): UserError {
  return new UserError("Storage is full; nothing was saved. Try again once an admin has freed some space.", {
    code: "storage-full",
    cause,
  });
}
