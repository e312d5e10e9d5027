import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TRAINING_STOP_MS } from "../../src/fleet/queue-worker.js";

/** The Compose implementation on this machine: the docker CLI's v2 plugin, else the standalone v1. */
function composeCommand(): string[] | null {
  for (const command of [["docker", "compose"], ["docker-compose"]]) {
    const [file, ...args] = command as [string, ...string[]];
    const probe = spawnSync(file, [...args, "version"], { encoding: "utf8" });
    if (probe.status === 0) return command;
  }
  return null;
}

const compose = composeCommand();
if (compose === null) {
  console.warn(
    "docker-compose.yml not validated: neither `docker compose` nor `docker-compose` is installed",
  );
}

describe.skipIf(compose === null)("docker-compose.yml (`compose config`)", () => {
  // A copy beside a .env made from .env.example, as README's deployment steps say.
  const dir = mkdtempSync(join(tmpdir(), "coincast-compose-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("GIVEN .env from .env.example THEN Compose accepts the file: Redis, PostgreSQL, bots and workers", () => {
    copyFileSync("docker-compose.yml", join(dir, "docker-compose.yml"));
    copyFileSync(".env.example", join(dir, ".env"));
    const [file, ...args] = compose as [string, ...string[]];
    const out = execFileSync(file, [...args, "config", "--services"], { cwd: dir, encoding: "utf8" });
    expect(out.split("\n").filter(Boolean).sort()).toEqual(["bot", "postgres", "redis", "worker"]);
    const full = execFileSync(file, [...args, "config"], { cwd: dir, encoding: "utf8" });
    // The fleet's addresses win over .env's empty ones, and BullMQ's Redis keeps every key.
    expect(full).toContain("REDIS_URL: redis://redis:6379");
    expect(full).toContain("noeviction");
  });
});

/** The lines of one block of the file (`x-coincast:`, `  bot:`), up to the next key at its indent or less. */
function block(text: string, header: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(header));
  const indent = header.length - header.trimStart().length;
  const end = lines.findIndex(
    (line, i) =>
      i > start && /\S/.test(line) && !line.trimStart().startsWith("#") && line.search(/\S/) <= indent,
  );
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

describe("docker-compose.yml's stop and restart settings (the file's text)", () => {
  const text = readFileSync("docker-compose.yml", "utf8");

  it("GIVEN a worker's bounded stop during a training THEN bots and workers get more than it before SIGKILL", () => {
    const grace = /^ {2}stop_grace_period: (\d+)s$/m.exec(block(text, "x-coincast:"))?.[1];
    expect(Number(grace)).toBeGreaterThanOrEqual(TRAINING_STOP_MS / 1000 + 10);
    for (const service of ["  bot:", "  worker:"]) {
      expect(block(text, service)).toContain("<<: *coincast");
      expect(block(text, service)).not.toContain("stop_grace_period");
    }
  });

  it("GIVEN a bot with no token (exit 2) THEN Compose restarts it a few times, not for ever", () => {
    expect(block(text, "  bot:")).toMatch(/^ {4}restart: on-failure:\d+$/m);
  });
});
