import { chmod, mkdtemp, readdir, rm, stat, utimes } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * The staging folder a model is written into before it is renamed into place (model-io.ts's
 * writeDirectoryAtomic): `.<name>.tmp-XXXXXX` beside the model's folder.
 *
 * A save that was killed (a `coincast train` stopped mid-write) left its staging folder for good: each
 * save first removes the ones nobody writes to any more. A live one is told apart by its age: its writer
 * touches it every minute, however long the filling takes (a seed ensemble trains inside it), so one
 * untouched for ten minutes was left behind, by this process or another sharing the folder.
 */
export const STALE_STAGING_MS = 10 * 60_000;
const HEARTBEAT_MS = 60_000;

export interface Staging {
  path: string;
  /** Stops the heartbeat: before the folder is renamed into place or removed. */
  close(): void;
}

/**
 * Makes a fresh staging folder for `dir`, after removing stale ones. Readable by all (mkdtemp makes it
 * 0700, and the renamed folder keeps its mode: a bot under another user could not read the model).
 */
export async function openStaging(dir: string): Promise<Staging> {
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.tmp-`;
  await removeStaleStaging(parent, prefix);
  const path = await mkdtemp(join(parent, prefix));
  await chmod(path, 0o755);
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return { path, close: () => clearInterval(heartbeat) };
}

/** Removes the folders in `parent` named `prefix…` untouched for STALE_STAGING_MS; best effort. */
export async function removeStaleStaging(parent: string, prefix: string, now = Date.now()): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const path = join(parent, name);
    const modified = await stat(path).then(
      (s) => s.mtimeMs,
      () => now,
    );
    if (now - modified >= STALE_STAGING_MS)
      await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}
