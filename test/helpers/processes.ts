import { type ChildProcess, spawn } from "node:child_process";
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
