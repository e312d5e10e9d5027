import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { ConfigError } from "../errors.js";

/**
 * Start-up check of DATA_DIR: made if missing, and it must be a directory this process can write to.
 * Otherwise a ConfigError names the key, what it expects and what was found, instead of the first store
 * that opens a file there failing with ENOTDIR or EACCES in the middle of a command.
 */
export async function checkDataDir(dir: string): Promise<void> {
  const where = resolve(dir);
  const fail = (found: string) =>
    new ConfigError(
      `Invalid configuration:\n  DATA_DIR: a directory Coincast can write to (it is made if missing); ${found}`,
    );
  try {
    await mkdir(where, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTDIR") {
      const file = await stat(where).then(
        (found) => !found.isDirectory(),
        () => false,
      );
      throw fail(file ? `${where} is a file` : `a part of ${where} is a file, not a directory`);
    }
    throw fail(`${where} could not be made (${code ?? (error as Error).message})`);
  }
  try {
    await access(where, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw fail(`${where} is not writable by this user (${(error as NodeJS.ErrnoException).code})`);
  }
}
