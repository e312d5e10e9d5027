import { allHorizons } from "../src/forecast/forecast.js";
import { type Command, type CommandSpec, defineCommand } from "./types.js";

/** `/forecast <symbol> [horizon]`: how a command is typed. */
export function usageOf(spec: CommandSpec): string {
  const options = spec.options.map((o) => (o.required === true ? `<${o.name}>` : `[${o.name}]`));
  return [`/${spec.name}`, ...options].join(" ");
}

/** One line per command, generated from the specs, so help can never drift from what is accepted. */
export function describeCommands(commands: readonly Command[]): string[] {
  return commands.map(({ spec }) => {
    const admins =
      spec.permission === "admin"
        ? " (admins)"
        : spec.permission === "admin-in-groups"
          ? " (admins in groups; anyone in a direct chat)"
          : "";
    return `${usageOf(spec)}: ${spec.description}${admins}`;
  });
}

/** `help` lists the registry it is given; a function, because the registry includes help itself. */
export function createHelpCommand(commands: () => readonly Command[]) {
  return defineCommand(
    {
      name: "help",
      description: "What Coincast can do, and how to ask",
      options: [],
      permission: "everyone",
    },
    async (_args, { services }) => ({
      title: "Coincast: honest crypto forecasts",
      lines: describeCommands(commands()),
      footer:
        `Coins: ${services.symbols.join(", ")}; with the exchange online, any other spot pair it lists ` +
        `(fetched on first use). Horizons: ${allHorizons().join(", ")}. ` +
        "<required> [optional]. Not financial advice.",
    }),
  );
}
