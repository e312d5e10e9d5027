#!/usr/bin/env node
// The `coincast` bin. It runs the compiled JavaScript in dist/ (built by `npm ci` through the prepare
// script, or `npm run build`), which starts in a fraction of the time tsx needs to compile the sources.
// When dist/ is missing or older than a source file (sources edited since the last build), it runs the
// TypeScript through tsx instead and says so, rather than serving stale code.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "dist", "src", "cli.js");

/** The newest modification time of a .ts file under these directories (milliseconds). */
function newestSource(dirs) {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

// tsc rewrites every output on each build, so cli.js carries the time of the last one.
if (existsSync(built) && statSync(built).mtimeMs >= newestSource(["src", "commands"])) {
  await import(built);
} else {
  if (process.env.COINCAST_QUIET_SOURCE_RUN === undefined) {
    process.stderr.write(
      "coincast: dist/ is missing or older than the sources; running them through tsx (npm run build for a fast start)\n",
    );
  }
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli.ts");
}
