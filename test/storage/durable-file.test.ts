import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { replaceFile, writeDurable } from "../../src/storage/durable-file.js";
import { fullDiskOpen } from "../helpers/full-disk.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "coincast-durable-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const WRITER = fileURLToPath(new URL("../../src/storage/durable-file.ts", import.meta.url));

describe("replaceFile", () => {
  it("GIVEN an existing file THEN it is replaced whole, keeps its permissions, and no temp file is left", async () => {
    const file = join(dir, "pointer.json");
    await writeFile(file, "old\n");
    await chmod(file, 0o640);
    await replaceFile(file, "new\n");
    expect(await readFile(file, "utf8")).toBe("new\n");
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(["pointer.json"]);
  });

  it("GIVEN a disk that fills up mid-write THEN it throws ENOSPC naming the file, the old file stays whole, the temp file is gone", async () => {
    const file = join(dir, "BTC_USDT_4h.csv");
    await writeFile(file, "old and whole\n");
    const written = replaceFile(file, "x".repeat(5000), { openFile: fullDiskOpen(1000) });
    await expect(written).rejects.toMatchObject({ code: "ENOSPC", message: expect.stringContaining(file) });
    expect(await readFile(file, "utf8")).toBe("old and whole\n");
    expect(await readdir(dir)).toEqual(["BTC_USDT_4h.csv"]);
  });

  // The kernel's own short write: under a file-size limit (ulimit -f) a write takes what fits and the next
  // one fails (EFBIG), as on a disk with that much room left. A writer that makes one write and ignores
  // its count (write-file-atomic 6) renames the cut file over the whole one and reports success.
  it("GIVEN the kernel takes only part of a write THEN it throws and the old file stays whole", async () => {
    const file = join(dir, "series.csv");
    await writeFile(file, "old and whole\n");
    const script = [
      // Node dies of SIGXFSZ by default; a disk that is full raises no signal, only the errno.
      "process.on('SIGXFSZ', () => {});",
      `const { replaceFile } = await import(${JSON.stringify(WRITER)});`,
      `await replaceFile(${JSON.stringify(file)}, 'x'.repeat(64 * 1024)).then(`,
      "  () => console.log('written'),",
      "  (error) => console.log(error.code, error.message),",
      ");",
    ].join("\n");
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        "bash",
        ["-c", 'ulimit -f 16; exec "$0" --import tsx --input-type=module -e "$1"', process.execPath, script],
        { timeout: 30_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    expect(stdout).toMatch(/^EFBIG .*series\.csv was not written/);
    expect(await readFile(file, "utf8")).toBe("old and whole\n");
    expect(await readdir(dir)).toEqual(["series.csv"]);
  });
});

describe("writeDurable", () => {
  it.runIf(existsSync("/dev/full"))(
    "GIVEN a device with no room (/dev/full) THEN it throws ENOSPC",
    async () => {
      await expect(writeDurable("/dev/full", "a line that does not fit\n")).rejects.toMatchObject({
        code: "ENOSPC",
      });
    },
  );
});
