import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerDiscordCommand } from "../../src/cli/discord.js";
import { UserError } from "../../src/errors.js";
import { freePort } from "../helpers/processes.js";
import { SPECS, TOKEN } from "./discord-fixture.js";

/** `coincast discord register` with these arguments, against `apiUrl`; resolves with what it threw. */
async function register(args: string[], apiUrl: string | undefined): Promise<unknown> {
  const program = new Command("coincast").exitOverride();
  registerDiscordCommand(program, {
    config: { discordToken: TOKEN, discord: { guildId: undefined, applicationId: "123456789012", apiUrl } },
    specs: async () => SPECS,
    write: () => undefined,
  });
  return program.parseAsync(["discord", "register", ...args], { from: "user" }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("coincast discord register given what cannot work", () => {
  it("GIVEN DISCORD_API_URL where nothing listens THEN a UserError names DISCORD_API_URL and the network, not a crash", async () => {
    const apiUrl = `http://127.0.0.1:${await freePort()}/api`;
    const error = await register([], apiUrl);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe("platform-unreachable");
    expect((error as UserError).message).toMatch(
      new RegExp(
        `^Discord's API at DISCORD_API_URL \\(${apiUrl}\\) could not be reached \\(.*ECONNREFUSED.*\\): check the network and DISCORD_API_URL`,
      ),
    );
    expect((error as UserError).message).not.toContain(TOKEN);
  }, 60_000);

  it("GIVEN --guild that is not a server id THEN a UserError says what it expects, before asking Discord", async () => {
    const error = await register(["--guild", "abc"], "http://127.0.0.1:9/api");
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      '--guild expects a Discord server id (digits, like DISCORD_GUILD_ID), not "abc".',
    );
  });
});
