import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UserError } from "../errors.js";

/** An option's file that can not be written: which option, which path, why, as a usage error. */
function unwritable(option: string, path: string, why: string, cause?: unknown): UserError {
  return new UserError(`${option} ${path}: ${why}; name a file in a folder you can write to.`, {
    code: "bad-option",
    cause,
  });
}

const reason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "its folder does not exist";
  if (code === "ENOTDIR") return "a part of the path is a file, not a folder";
  if (code === "EACCES" || code === "EPERM") return "not writable by this user";
  if (code === "EISDIR") return "it is a folder";
  return `it can not be written (${code ?? String(error)})`;
};

/**
 * Checks, before any work is done, that `path` (an option's output file, --chart) can be written: not a
 * folder, in a folder that exists and this user may write to. A UserError says which and why.
 */
export async function checkOutputFile(option: string, path: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory() === true) throw unwritable(option, path, "it is a folder");
  const target = found === undefined ? dirname(resolve(path)) : path;
  const folder = await stat(target).catch((error: unknown) => error);
  if (folder instanceof Error) throw unwritable(option, path, reason(folder), folder);
  if (found === undefined && !(folder as { isDirectory(): boolean }).isDirectory())
    throw unwritable(option, path, "a part of the path is a file, not a folder");
  await access(target, constants.W_OK).catch((error: unknown) => {
    throw unwritable(option, path, reason(error), error);
  });
}

/** Writes an option's output file; a failure (the folder went away meanwhile) is the same UserError. */
export async function writeOutputFile(option: string, path: string, data: Uint8Array): Promise<void> {
  await writeFile(path, data).catch((error: unknown) => {
    throw unwritable(option, path, reason(error), error);
  });
}
