import { randomBytes } from "node:crypto";
import { chmod, open, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Files written whole or not at all. A write near a full disk is short (the kernel takes what fits) and
 * only the next write fails with ENOSPC: a writer that makes one write and ignores how much was taken
 * renames a file cut short over the good one, and says nothing (write-file-atomic did). FileHandle.writeFile
 * goes on writing until every byte is taken, so it reaches that ENOSPC and throws.
 */

/** How a file is opened for writing: node's own, or a test's whose writes run out of space. */
export type OpenFile = (path: string, flags: string, mode?: number) => ReturnType<typeof open>;

/** Writes `data` to `path` in place (created or truncated) and syncs it; throws if any byte did not fit. */
export async function writeDurable(
  path: string,
  data: string | Uint8Array,
  openFile: OpenFile = open,
  flags = "w",
): Promise<void> {
  const handle = await openFile(path, flags, 0o666);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` atomically: a temporary file beside it (the target's name and a number, as the stores'
 * leftover sweeps expect) is written whole and synced, renamed over the target, and the directory synced,
 * so a crash or a full disk leaves the previous file whole; on failure the temporary file is removed. An
 * existing file's permissions carry over to the new one.
 */
export async function replaceFile(
  path: string,
  data: string | Uint8Array,
  options: { openFile?: OpenFile } = {},
): Promise<void> {
  const temporary = `${path}.${randomBytes(4).readUInt32BE()}`;
  try {
    await writeDurable(temporary, data, options.openFile, "wx");
    const previous = await stat(path).catch(() => null);
    if (previous !== null) await chmod(temporary, previous.mode & 0o7777);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw naming(path, error);
  }
  await fsyncDirectory(dirname(path));
}

/** `error` with the file it concerns in its message (a write's ENOSPC names none), its code kept. */
function naming(path: string, error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { code } = error as NodeJS.ErrnoException;
  return Object.assign(new Error(`${path} was not written: ${error.message}`, { cause: error }), { code });
}

/** Makes a rename itself durable; some platforms cannot open a directory, and the rename is atomic anyway. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Best effort only (see above).
  } finally {
    await handle?.close();
  }
}
