import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/coincast.mjs", import.meta.url));

export interface Child {
  process: ChildProcess;
  /** What it wrote to stderr so far (logs), for a failing test's message. */
  readonly stderr: string;
  /** Resolves once the child sent { ready: true } over IPC. */
  ready: Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; resolves on exit. */
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript helper (through tsx) or the coincast bin with an IPC channel. `env` replaces the
 * environment but for PATH, so nothing of the developer's .env or shell leaks in.
 */
export function startChild(script: string, args: string[], env: Record<string, string>): Child {
  const isBin = script === BIN;
  const child = spawn(process.execPath, isBin ? [script, ...args] : ["--import", "tsx", script, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on("message", (message: { ready?: boolean }) => {
      if (message.ready === true) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`${script} exited (${code}) before it was ready: ${stderr}`)),
    );
  });
  ready.catch(() => undefined);
  return {
    process: child,
    get stderr() {
      return stderr;
    },
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** A port nothing listens on right now (the OS picks it), for a process or a server to bind. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/**
 * Runs the coincast bin to its end with `stdin` piped in, as an operator would: a fresh DATA_DIR, silent
 * logs, an exchange nobody listens on (no network), then `env`; nothing else of the developer's
 * environment but PATH. Resolves with the exit code, what it wrote, and how long it took.
 */
export function runCoincast(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: string; timeoutMs: number },
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          PATH: process.env.PATH ?? "",
          DATA_DIR: mkdtempSync(join(tmpdir(), "coincast-bin-")),
          LOG_LEVEL: "silent",
          EXCHANGE_API_URL: "http://127.0.0.1:9",
          COINCAST_QUIET_SOURCE_RUN: "1",
          ...env,
        },
        timeout: options.timeoutMs,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, ms: Date.now() - started }),
    );
    child.stdin?.end(options.stdin ?? "");
  });
}

/** Polls `done` every 50 ms until it holds; fails naming `what` after `timeoutMs` (other processes are slow to start). */
export async function until(
  what: string,
  done: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
