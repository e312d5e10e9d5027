import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

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
