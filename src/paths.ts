import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's root (where package.json, data/ and models/ are): the nearest directory above this module
 * with a package.json, so it is the same from src/ (tsx) and from dist/src/ (the build).
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json above the Coincast sources");
    dir = parent;
  }
  return dir;
}

const PROJECT_ROOT = findProjectRoot();

/** Absolute path inside the Coincast project (where data/ and models/ ship), whatever the working directory. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
