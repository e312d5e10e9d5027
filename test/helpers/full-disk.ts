import { open } from "node:fs/promises";
import type { OpenFile } from "../../src/storage/durable-file.js";

/** The error a write gets from a full disk. */
export const enospc = (): NodeJS.ErrnoException =>
  Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28 });

/**
 * Opens files as node does, on a disk with `room` bytes left: a file's writes take what fits (written for
 * real, as the kernel's short write does) and fail with ENOSPC once nothing more fits.
 */
export function fullDiskOpen(room: number): OpenFile {
  return async (path, flags, mode) => {
    const handle = await open(path, flags, mode);
    const writeFile = async (data: string | Uint8Array) => {
      const bytes = typeof data === "string" ? Buffer.from(data) : data;
      await handle.write(bytes.subarray(0, room));
      if (bytes.length > room) throw enospc();
    };
    return Object.assign(handle, { writeFile }) as typeof handle;
  };
}
