/**
 * Wall time of `coincast train --timeframe <tf>` from scratch, as a user runs it: a child process on the
 * shipped history, writing to a temporary copy of models/ (the shipped models stay untouched).
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Runs the command to completion; returns its wall time in ms. Rejects with its output if it fails. */
export async function timeTrainCommand(args: readonly string[]): Promise<number> {
  const scratch = await mkdtemp(join(tmpdir(), "coincast-bench-train-"));
  try {
    return await trainInto(scratch, args);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * `coincast train <args>` writing to `<scratch>/models` (a copy of models/, so the shipped ones stay
 * untouched) and `<scratch>/var`; returns its wall time in ms. The caller removes `scratch`.
 */
export async function trainInto(scratch: string, args: readonly string[]): Promise<number> {
  const modelsDir = join(scratch, "models");
  // The model card reads models/evaluation/<tf>/: the copy carries it.
  await cp(join(ROOT, "models"), modelsDir, { recursive: true });
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "coincast.mjs"), "train", ...args], {
      cwd: ROOT,
      env: { ...process.env, MODELS_DIR: modelsDir, DATA_DIR: join(scratch, "var"), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`coincast train exited ${code}:\n${output}`)),
    );
  });
  return performance.now() - started;
}
