import { fileURLToPath } from "node:url";

/** Absolute path inside the Coincast project (where data/ and models/ ship), whatever the working directory. */
export function projectPath(...segments: string[]): string {
  return fileURLToPath(new URL(`../${segments.join("/")}`, import.meta.url));
}
